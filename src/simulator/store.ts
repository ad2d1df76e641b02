import type { Dealer, Plan, Tracker, UserRecord } from './model.js';
import { SEEDED_DEALER_ID, buildDealer } from './seed/dealer.js';
import { seedData } from './seed/seed.js';

/** Reference §4.2 "MFA settings": the dealer-level setting `user/read` reports. */
const DEALER_MFA_SETTINGS = { type: 'disallowed' } as const;

/** One dealer's data. Maps keep ID order: seeded IDs ascend and new records get higher IDs. */
export interface DealerData {
  readonly dealer: Dealer;
  /** `dealer/get_info`'s whole body, serialised once (the dealer fields sit at top level, §4.4). */
  readonly infoJson: string;
  readonly mfaSettings: Record<string, unknown>;
  readonly plans: Map<number, Plan>;
  readonly users: Map<number, UserRecord>;
  readonly trackers: Map<number, Tracker>;
}

/**
 * The simulator's state: what one call creates, the next call sees. Dealer 20410 owns the seed
 * data; any other account's dealer starts empty, so the seeded IDs answer 201 to it (§5.5).
 */
export class SimulatorStore {
  private readonly dealers = new Map<number, DealerData>();
  private readonly lists = new WeakMap<Map<number, unknown>, readonly unknown[]>();

  constructor(dealerIds: Iterable<number>) {
    for (const id of dealerIds) this.dealers.set(id, createDealerData(id));
  }

  dealer(dealerId: number): DealerData | undefined {
    return this.dealers.get(dealerId);
  }

  /** The dealer's users in ID order. */
  users(data: DealerData): readonly UserRecord[] {
    return this.listOf(data.users);
  }

  /** The dealer's trackers in ID order. */
  trackers(data: DealerData): readonly Tracker[] {
    return this.listOf(data.trackers);
  }

  /** Insert or replace a user; later reads see it. */
  putUser(data: DealerData, record: UserRecord): void {
    data.users.set(record.user.id, record);
    this.lists.delete(data.users);
  }

  /** Insert or replace a tracker; later reads see it. */
  putTracker(data: DealerData, tracker: Tracker): void {
    data.trackers.set(tracker.id, tracker);
    this.lists.delete(data.trackers);
  }

  /** The values of a map as an array, kept until the map is next written through the store. */
  private listOf<T>(map: Map<number, T>): readonly T[] {
    let list = this.lists.get(map) as readonly T[] | undefined;
    if (list === undefined) {
      list = [...map.values()];
      this.lists.set(map, list);
    }
    return list;
  }
}

function createDealerData(id: number): DealerData {
  const dealer = buildDealer(id);
  const seed = id === SEEDED_DEALER_ID ? seedData(id) : { plans: [], users: [], trackers: [] };
  return {
    dealer,
    infoJson: JSON.stringify({ success: true, ...dealer }),
    mfaSettings: DEALER_MFA_SETTINGS,
    plans: new Map(seed.plans.map((plan) => [plan.id, plan])),
    users: new Map(seed.users.map((record) => [record.user.id, record])),
    trackers: new Map(seed.trackers.map((tracker) => [tracker.id, tracker])),
  };
}
