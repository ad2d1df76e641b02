import type { Plan, Tracker, UserRecord } from '../model.js';
import { buildPlans } from './dealer.js';
import { createRng } from './prng.js';
import { buildTrackers } from './trackers.js';
import { buildUsers } from './users.js';

/** The fixed seed: every simulator, every run, starts from the same data. */
const SEED = 0x20410;

export interface SeedData {
  plans: Plan[];
  users: UserRecord[];
  trackers: Tracker[];
}

/** Reference §4.2: `trackers_count` is the number of (not deleted) trackers the user owns. */
function countTrackers(users: readonly UserRecord[], trackers: readonly Tracker[]): UserRecord[] {
  const counts = new Map<number, number>();
  for (const tracker of trackers) {
    if (!tracker.deleted) counts.set(tracker.user_id, (counts.get(tracker.user_id) ?? 0) + 1);
  }
  return users.map((record) => ({
    ...record,
    user: { ...record.user, trackers_count: counts.get(record.user.id) ?? 0 },
  }));
}

/** The seeded dealer's plans, 50 users and 200 trackers. */
export function seedData(dealerId: number): SeedData {
  const rng = createRng(SEED);
  const plans = buildPlans();
  const users = buildUsers(rng, dealerId);
  const trackers = buildTrackers(
    rng,
    users.map((record) => record.user),
    plans,
  );
  return { plans, users: countTrackers(users, trackers), trackers };
}
