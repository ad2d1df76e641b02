import { PanelError } from '../errors.js';
import type { Plan, Tracker, UserRecord } from '../model.js';
import type { DealerData, SimulatorStore } from '../store.js';

/** Reference §4.8: a user of another dealer answers 201, exactly like a missing one (§5.5). */
export function findUser(dealer: DealerData, userId: number): UserRecord {
  const record = dealer.users.get(userId);
  if (record === undefined) throw new PanelError(201);
  return record;
}

/** Reference §4.9: a tracker of another dealer answers 201, like a missing one. */
export function findTracker(dealer: DealerData, trackerId: number): Tracker {
  const tracker = dealer.trackers.get(trackerId);
  if (tracker === undefined) throw new PanelError(201);
  return tracker;
}

/** Reference §4.9: "a corrupted source → 252 on most actions". */
export function findLiveTracker(dealer: DealerData, trackerId: number): Tracker {
  const tracker = findTracker(dealer, trackerId);
  if (tracker.source.corrupted === true) throw new PanelError(252);
  return tracker;
}

/** A plan of the dealer, or `code` (201 for most actions, 239 for `tracker/tariff/change`). */
export function findPlan(dealer: DealerData, planId: number, code = 201): Plan {
  const plan = dealer.plans.get(planId);
  if (plan === undefined) throw new PanelError(code);
  return plan;
}

/** Every tracker sharing a source: the original and its clones (reference §4.2 "Tracker"). */
export function sourceTrackers(dealers: Iterable<DealerData>, sourceId: number): Tracker[] {
  const found: Tracker[] = [];
  for (const data of dealers) {
    for (const tracker of data.trackers.values()) {
      if (tracker.source.id === sourceId) found.push(tracker);
    }
  }
  return found;
}

/**
 * A value the readers produced: after `ParamReader.check()` passed, a missing one is a bug of the
 * simulator, answered as 6 Unexpected error.
 */
export function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new PanelError(6);
  return value;
}

/** A user and the dealer data that holds it. */
export interface PlacedUser {
  readonly data: DealerData;
  readonly record: UserRecord;
}

/**
 * Reference §5.11 and §4.9 `tracker/clone`: the master panel reaches the users of its own
 * sub-dealers too. `undefined` when the user is in neither.
 */
export function findUserInHierarchy(
  store: SimulatorStore,
  dealer: DealerData,
  userId: number,
): PlacedUser | undefined {
  const own = dealer.users.get(userId);
  if (own !== undefined) return { data: dealer, record: own };
  for (const subId of dealer.subpaas.keys()) {
    const data = store.dealer(subId);
    const record = data?.users.get(userId);
    if (data !== undefined && record !== undefined) return { data, record };
  }
  return undefined;
}

/** Reference §4.2: `trackers_count` is the number of not deleted trackers the user owns. */
export function recount(store: SimulatorStore, data: DealerData, userId: number): void {
  const record = data.users.get(userId);
  if (record === undefined) return;
  const count = store.trackers(data).filter((t) => t.user_id === userId && !t.deleted).length;
  if (count !== record.user.trackers_count) {
    store.putUser(data, { ...record, user: { ...record.user, trackers_count: count } });
  }
}
