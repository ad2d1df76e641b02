import { createDealerData, subdealerRecord } from './dealer-data.js';
import type { DealerData } from './dealer-data.js';
import type { SubpaasProfile } from './model-extras.js';
import type { Dealer, Tracker, UserRecord } from './model.js';
import { SEEDED_DEALER_ID, buildDealer } from './seed/dealer.js';
import {
  SEEDED_LINKS,
  buildBundles,
  buildOrders,
  buildPresets,
  buildTransactions,
} from './seed/extras.js';
import { seedData } from './seed/seed.js';
import { buildSims, buildSubdealers } from './seed/subdealers.js';
import type { SubdealerSeed } from './seed/subdealers.js';
import type { SimulatorAccount } from './types.js';

export type { DealerData } from './dealer-data.js';

/** The kinds of record that take IDs from a store-wide counter (IDs are platform-unique). */
export type IdKind = 'user' | 'tracker' | 'source' | 'dealer' | 'preset' | 'bundle' | 'transaction';

/** First IDs handed out to new records: above every seeded ID of the kind. */
const FIRST_IDS: Record<IdKind, number> = {
  user: 400001,
  tracker: 3400001,
  source: 10400001,
  dealer: 20601,
  preset: 1001,
  bundle: 7101,
  transaction: 600001,
};

/**
 * The simulator's state: what one call creates, the next call sees. Dealer 20410 owns the seed
 * data and three seeded sub-dealers (20501–20503, each a dealer with its own data); any other
 * account's dealer starts empty, so the seeded IDs answer 201 to it (§5.5).
 */
export class SimulatorStore {
  private readonly dealers = new Map<number, DealerData>();
  private readonly lists = new WeakMap<Map<number, unknown>, readonly unknown[]>();
  private readonly counters = new Map<IdKind, number>();
  /** Panel logins of the seeded sub-dealers, for the session store. */
  readonly seededAccounts: SimulatorAccount[] = [];

  constructor(dealerIds: Iterable<number>) {
    for (const id of dealerIds) {
      if (id === SEEDED_DEALER_ID) this.seedDealer(id);
      else this.dealers.set(id, createDealerData(buildDealer(id)));
    }
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

  removeUser(data: DealerData, userId: number): void {
    data.users.delete(userId);
    this.lists.delete(data.users);
  }

  /** Insert or replace a tracker; later reads see it. */
  putTracker(data: DealerData, tracker: Tracker): void {
    data.trackers.set(tracker.id, tracker);
    this.lists.delete(data.trackers);
  }

  removeTracker(data: DealerData, trackerId: number): void {
    data.trackers.delete(trackerId);
    this.lists.delete(data.trackers);
  }

  /** Replace a dealer record; `dealer/get_info` answers the new one. */
  putDealer(data: DealerData, dealer: Dealer): void {
    data.dealer = dealer;
  }

  /** A new sub-dealer: its profile in the parent's list and its own, empty, dealer data. */
  addSubdealer(parent: DealerData, profile: SubpaasProfile): DealerData {
    parent.subpaas.set(profile.subpaas_id, profile);
    const data = createDealerData(subdealerRecord(parent.dealer, profile, 0));
    this.dealers.set(profile.subpaas_id, data);
    return data;
  }

  /** A fresh ID of the kind, never used before by any dealer. */
  nextId(kind: IdKind): number {
    let id = this.counters.get(kind) ?? FIRST_IDS[kind];
    while (kind === 'dealer' && this.dealers.has(id)) id += 1;
    this.counters.set(kind, id + 1);
    return id;
  }

  /** Reference §4.2 "User edit form": a login is unique platform-wide (206). */
  loginInUse(login: string, exceptUserId?: number): boolean {
    const wanted = login.toLowerCase();
    for (const data of this.dealers.values()) {
      for (const { user } of data.users.values()) {
        if (user.login.toLowerCase() === wanted && user.id !== exceptUserId) return true;
      }
    }
    return false;
  }

  /** Every dealer but one, for platform-wide uniqueness checks (sub-dealer email and domain). */
  otherDealers(dealerId: number): DealerData[] {
    return [...this.dealers.values()].filter((data) => data.dealer.id !== dealerId);
  }

  private seedDealer(id: number): void {
    const base = seedData(id);
    const dealer = buildDealer(id);
    const userIds = base.users.map((record) => record.user.id);
    const subdealers = buildSubdealers();
    this.dealers.set(
      id,
      createDealerData(dealer, {
        ...base,
        transactions: buildTransactions(base.users),
        presets: buildPresets(),
        subpaas: subdealers.map((seed) => seed.profile),
        orders: buildOrders(userIds),
        bundles: buildBundles(),
        sims: buildSims(),
        links: SEEDED_LINKS,
      }),
    );
    for (const seed of subdealers) this.seedSubdealer(dealer, seed);
    const parent = this.dealers.get(id);
    for (const seed of subdealers) {
      parent?.subpaasPasswords.set(seed.profile.subpaas_id, [seed.password]);
    }
  }

  private seedSubdealer(parent: Dealer, seed: SubdealerSeed): void {
    const { profile } = seed;
    const active = seed.trackers.filter((tracker) => !tracker.deleted).length;
    const record = subdealerRecord(parent, profile, active);
    this.dealers.set(profile.subpaas_id, createDealerData(record, seed));
    this.seededAccounts.push({
      login: profile.login,
      password: seed.password,
      dealerId: profile.subpaas_id,
      blocked: profile.block_type === 'BLOCK_LOGIN',
    });
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
