import { PanelError } from '../errors.js';
import type { Tracker } from '../model.js';
import type { DealerData, SimulatorStore } from '../store.js';

/** Where a tracker lives: clones may sit in another dealer of the hierarchy (§5.11). */
interface Placed {
  readonly data: DealerData;
  readonly tracker: Tracker;
}

/** The clones of a tracker's source, in any dealer (reference §4.2: "A clone shares its source"). */
export function clonesOf(store: SimulatorStore, dealer: DealerData, tracker: Tracker): Placed[] {
  const placed: Placed[] = [];
  for (const data of [dealer, ...store.otherDealers(dealer.dealer.id)]) {
    for (const candidate of data.trackers.values()) {
      if (
        candidate.clone &&
        candidate.id !== tracker.id &&
        candidate.source.id === tracker.source.id
      ) {
        placed.push({ data, tracker: candidate });
      }
    }
  }
  return placed;
}

/**
 * Reference §4.9 `tracker/corrupt` and §4.8 `user/corrupt`: 252 when the source is already
 * corrupted; 253 with the clone IDs in `list` when it has clones and `corrupt_clones` is false.
 * Returns the trackers to mark.
 */
export function planCorruption(
  store: SimulatorStore,
  dealer: DealerData,
  tracker: Tracker,
  corruptClones: boolean,
): Placed[] {
  if (tracker.source.corrupted === true) throw new PanelError(252);
  const clones = tracker.clone ? [] : clonesOf(store, dealer, tracker);
  if (clones.length > 0 && !corruptClones) {
    throw new PanelError(253, { extra: { list: clones.map((c) => c.tracker.id) } });
  }
  return [{ data: dealer, tracker }, ...clones];
}

/**
 * Irreversible (§5.8): the tracker is marked deleted and its source's `device_id` and `phone`
 * are corrupted, so the device can be registered again elsewhere.
 */
export function corrupt(store: SimulatorStore, placed: readonly Placed[]): void {
  for (const { data, tracker } of placed) {
    const { phone: _phone, ...source } = tracker.source;
    const corrupted = {
      ...source,
      device_id: `corrupted_${tracker.source.device_id}`,
      corrupted: true,
    };
    store.putTracker(data, { ...tracker, deleted: true, source: corrupted });
  }
}
