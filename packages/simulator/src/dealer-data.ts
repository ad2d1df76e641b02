import type {
  Bundle,
  BundleSimCard,
  MenuPresetEntry,
  MfaSettings,
  Order,
  SubpaasProfile,
  UserTransaction,
} from './model-extras.js';
import type { Dealer, Plan, Tracker, UserRecord } from './model.js';

/** Reference §4.2 "MFA settings": the dealer default `user/read` and `default/read` report. */
const DEALER_MFA_SETTINGS: MfaSettings = { type: 'disallowed' };

/** One dealer's data. Maps keep ID order: seeded IDs ascend and new records get higher IDs. */
export interface DealerData {
  /** Replaced, never changed in place (`SimulatorStore.putDealer`): its JSON is cached. */
  dealer: Dealer;
  mfaSettings: MfaSettings;
  readonly plans: Map<number, Plan>;
  readonly users: Map<number, UserRecord>;
  readonly trackers: Map<number, Tracker>;
  /** Per user, oldest first (reference §4.8 `user/transaction/*`). */
  readonly transactions: Map<number, UserTransaction[]>;
  /** Per user, the most recent passwords first (password history, §2 code 294). */
  readonly passwords: Map<number, string[]>;
  readonly presets: Map<number, MenuPresetEntry>;
  readonly subpaas: Map<number, SubpaasProfile>;
  /** Per sub-dealer, its recent panel passwords, newest first (`subpaas/password/change` 294). */
  readonly subpaasPasswords: Map<number, string[]>;
  readonly orders: Map<number, Order>;
  readonly bundles: Map<number, Bundle>;
  /** SIM cards by ICCID (reference §4.10 `tracker/bundle/assign`). */
  readonly sims: Map<string, BundleSimCard>;
  /** Tracker ID → last `tracker/register_retry`, epoch ms (§1.8: once per 120 s). */
  readonly retries: Map<number, number>;
  /** Tracker ID → rules or vehicles bound to it (§4.9 `delete_clone` 203, `move` unbinds). */
  readonly links: Map<number, TrackerLinks>;
}

/** What `tracker/delete_clone` reports in its 203 body (reference Appendix A). */
export interface TrackerLinks {
  readonly rules?: number[];
  readonly vehicles?: number[];
}

/** What a dealer starts with; every part may be empty. */
export interface DealerSeed {
  plans?: readonly Plan[];
  users?: readonly UserRecord[];
  trackers?: readonly Tracker[];
  transactions?: readonly UserTransaction[];
  presets?: readonly MenuPresetEntry[];
  subpaas?: readonly SubpaasProfile[];
  orders?: readonly Order[];
  bundles?: readonly Bundle[];
  sims?: readonly BundleSimCard[];
  links?: ReadonlyMap<number, TrackerLinks>;
}

function byId<T>(items: readonly T[] | undefined, id: (item: T) => number): Map<number, T> {
  return new Map((items ?? []).map((item) => [id(item), item]));
}

function transactionsByUser(list: readonly UserTransaction[]): Map<number, UserTransaction[]> {
  const map = new Map<number, UserTransaction[]>();
  for (const entry of list) map.set(entry.user_id, [...(map.get(entry.user_id) ?? []), entry]);
  return map;
}

export function createDealerData(dealer: Dealer, seed: DealerSeed = {}): DealerData {
  return {
    dealer,
    mfaSettings: DEALER_MFA_SETTINGS,
    plans: byId(seed.plans, (plan) => plan.id),
    users: byId(seed.users, (record) => record.user.id),
    trackers: byId(seed.trackers, (tracker) => tracker.id),
    transactions: transactionsByUser(seed.transactions ?? []),
    passwords: new Map(),
    presets: byId(seed.presets, (entry) => entry.preset.id),
    subpaas: byId(seed.subpaas, (profile) => profile.subpaas_id),
    subpaasPasswords: new Map(),
    orders: byId(seed.orders, (order) => order.id),
    bundles: byId(seed.bundles, (bundle) => bundle.id),
    sims: new Map((seed.sims ?? []).map((sim) => [sim.iccid, sim])),
    retries: new Map(),
    links: new Map(seed.links),
  };
}

/** Reference §4.2 "Dealer" of a sub-dealer: `subpaas` true, its parent, title and domain. */
export function subdealerRecord(parent: Dealer, profile: SubpaasProfile, active: number): Dealer {
  return {
    ...parent,
    id: profile.subpaas_id,
    parent_dealer_id: parent.id,
    title: profile.title,
    legal_name: profile.jur_name,
    domain: profile.link_monitoring,
    block_status: profile.block_type,
    subpaas: true,
    active_amount: active,
    active_amount_own: active,
    active_amount_subpaas: 0,
    favicon: `paas/${profile.subpaas_id}/custom.ico`,
    logo: `paas/${profile.subpaas_id}/logo.png`,
  };
}
