import { PanelError } from '../errors.js';
import type { Tracker, TrackerSource } from '../model.js';
import { ParamReader } from '../params.js';
import { ownerName } from '../seed/trackers.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { clonesOf, corrupt, planCorruption } from './corruption.js';
import { defined, findLiveTracker, recount } from './lookups.js';
import { readLabel } from './tracker-clones.js';
import type { ActionDefinition } from './types.js';

/** Reference §1.8 and §4.9: `register_retry` once per 120 s per tracker, else 264. */
const RETRY_INTERVAL_MS = 120_000;
/** Reference §4.9: phone apps have no GSM module; `register_retry` answers 214 for them. */
const NO_GSM_MODELS = /^(navixymobile|mobile_unknown|iosnavixytracker)/;

/** A source change every tracker sharing it sees: the original and its clones (§4.2). */
export function updateSource(
  store: SimulatorStore,
  dealer: DealerData,
  tracker: Tracker,
  change: (source: TrackerSource) => TrackerSource,
): void {
  const sharing = [{ data: dealer, tracker }, ...clonesOf(store, dealer, tracker)];
  for (const { data, tracker: t } of sharing)
    store.putTracker(data, { ...t, source: change(t.source) });
}

function readTrackerId(reader: ParamReader): number | undefined {
  return reader.int('tracker_id', { required: true, min: 1 });
}

/**
 * Reference §4.9 `tracker/move` and §5.7: the owner changes and rules are unbound. [SPEC]: the
 * tracker gets a NEW ID ("Changing the owner creates a new tracker record"); §7
 * `tracker-move-id`, the older docs: it keeps its ID.
 */
function move(
  store: SimulatorStore,
  dealer: DealerData,
  tracker: Tracker,
  userId: number,
  newId: boolean,
): number {
  if (tracker.clone) throw new PanelError(219);
  const target = dealer.users.get(userId);
  if (target === undefined || userId === tracker.user_id) throw new PanelError(246);
  const clones = clonesOf(store, dealer, tracker);
  if (clones.some((c) => c.tracker.user_id === userId && !c.tracker.deleted))
    throw new PanelError(247);
  const moved: Tracker = {
    ...tracker,
    id: newId ? store.nextId('tracker') : tracker.id,
    user_id: userId,
    owner_name: ownerName(target.user),
    group_id: 0,
  };
  // A kept ID keeps its place in the ID-ordered map; a new one goes last, as it is the highest.
  if (newId) store.removeTracker(dealer, tracker.id);
  dealer.links.delete(tracker.id);
  store.putTracker(dealer, moved);
  recount(store, dealer, tracker.user_id);
  recount(store, dealer, userId);
  return moved.id;
}

/** Reference §4.9 `register_retry`: 219, 214, 208, then the 120 s timeout (264). */
function registerRetry(dealer: DealerData, tracker: Tracker): void {
  if (tracker.clone) throw new PanelError(219);
  if (NO_GSM_MODELS.test(tracker.source.model)) throw new PanelError(214);
  if (tracker.source.blocked) throw new PanelError(208);
  const last = dealer.retries.get(tracker.id);
  if (last !== undefined && Date.now() - last < RETRY_INTERVAL_MS) throw new PanelError(264);
  dealer.retries.set(tracker.id, Date.now());
}

/** Reference §4.9: the tracker administration actions. */
export const trackerAdminActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/corrupt',
    permissions: [['trackers', 'corrupt']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = readTrackerId(reader);
      const corruptClones = reader.bool('corrupt_clones') ?? true;
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      if (tracker.clone) throw new PanelError(219);
      const plan = planCorruption(store, dealer, tracker, corruptClones);
      corrupt(store, plan);
      for (const { data, tracker: t } of plan) recount(store, data, t.user_id);
      return {};
    },
  },
  {
    name: 'tracker/move',
    permissions: [
      ['trackers', 'create'],
      ['trackers', 'delete'],
    ],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const trackerId = readTrackerId(reader);
      const userId = reader.int('user_id', { required: true, min: 1 });
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      // [SPEC] `{id}` of the new record; the older docs answer `success` alone.
      if (shapes.legacy('tracker-move-id')) {
        move(store, dealer, tracker, defined(userId), false);
        return {};
      }
      return { id: move(store, dealer, tracker, defined(userId), true) };
    },
  },
  {
    name: 'tracker/register_retry',
    permissions: [['trackers', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = readTrackerId(reader);
      // [SPEC]: a boolean, so null answers 7 ([MD]'s "null = platform setting" is omitting it).
      reader.bool('send_register_commands');
      reader.check();
      registerRetry(dealer, findLiveTracker(dealer, defined(trackerId)));
      return {};
    },
  },
  {
    name: 'tracker/settings/update',
    permissions: [['trackers', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = readTrackerId(reader);
      const label = readLabel(reader, false);
      const deleted = reader.bool('deleted');
      const comment = reader.string('comment', { maxLength: 3000 });
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      // Only the fields sent change; `comment: ""` clears the note.
      const { comment: _old, ...rest } = tracker;
      const note = comment ?? tracker.comment;
      const changed: Tracker = {
        ...rest,
        label: label ?? tracker.label,
        deleted: deleted ?? tracker.deleted,
        ...(note === undefined || note === '' ? {} : { comment: note }),
      };
      store.putTracker(dealer, changed);
      recount(store, dealer, tracker.user_id);
      return {};
    },
  },
  {
    name: 'tracker/source/update',
    // §3.3: [SPEC] saw 13 here even with every `trackers` permission; the undeclared gate is
    // not simulated, `trackers: update` suffices.
    permissions: [['trackers', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = readTrackerId(reader);
      // [SPEC]: `blocked` is optional; without it nothing changes.
      const blocked = reader.bool('blocked');
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      if (blocked !== undefined) updateSource(store, dealer, tracker, (s) => ({ ...s, blocked }));
      return {};
    },
  },
];
