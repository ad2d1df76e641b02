import type { BundleSimCard, SubpaasProfile } from '../model-extras.js';
import type { Plan, Tracker, User, UserRecord } from '../model.js';
import { DEFAULT_PLAN_ID, buildPlans } from './dealer.js';
import { ownerName } from './trackers.js';
import { NO_LEGAL_FIELDS } from '../legal-fields.js';

/** A seeded sub-dealer: its profile in the parent's list and its own (small) data. */
export interface SubdealerSeed {
  readonly profile: SubpaasProfile;
  readonly password: string;
  readonly plans: Plan[];
  readonly users: UserRecord[];
  readonly trackers: Tracker[];
}

/** The sub-dealers of dealer 20410 (reference §4.6); each is a dealer with its own ID. */
export const SUBDEALER_IDS = [20501, 20502, 20503] as const;

function profile(id: number, title: string, block: SubpaasProfile['block_type']): SubpaasProfile {
  const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    subpaas_id: id,
    block_type: block,
    creation_date: `2025-0${id - 20500}-15`,
    login: String(id),
    title,
    jur_name: `${title} Ltd.`,
    email: `admin@${slug}.example.com`,
    jur_country: 'United Kingdom',
    link_monitoring: `${slug}.example.com`,
    contact_fio: 'Jane Doe',
    contact_post: 'Manager',
    contact_phone: `4420700${id}`,
  };
}

function user(id: number, dealerId: number, first: string, last: string, activated: boolean): User {
  return {
    id,
    dealer_id: dealerId,
    login: `${first}.${last}@sub${dealerId}.example.com`.toLowerCase(),
    activated,
    verified: activated,
    phone_verified: false,
    legal_type: 'individual',
    first_name: first,
    middle_name: '',
    last_name: last,
    phone: `447700${id}`,
    post_country: 'United Kingdom',
    post_index: 'M1 1AE',
    post_region: 'England',
    post_city: 'Manchester',
    post_street_address: `${id % 100} Deansgate`,
    ...NO_LEGAL_FIELDS,
    balance: 25,
    bonus: 0,
    trackers_count: 0,
    mfa_allowed: false,
    creation_date: '2025-03-01 09:00:00',
    comment: '',
  };
}

function tracker(id: number, owner: User, label: string, deviceId: string): Tracker {
  return {
    id,
    label,
    group_id: 0,
    user_id: owner.id,
    dealer_id: owner.dealer_id,
    owner_name: ownerName(owner),
    model_name: 'Teltonika FMB920',
    clone: false,
    deleted: false,
    creation_date: '2025-03-02',
    last_connection: '2026-08-04 10:20:00',
    source: {
      id: id + 7_100_000,
      device_id: deviceId,
      model: 'telfmb920',
      blocked: false,
      tariff_id: planId(owner.dealer_id),
      connection_status: 'active',
      creation_date: '2025-03-02',
    },
  };
}

/** A sub-dealer's one plan, the parent's "Standard" under its own ID (plan IDs are global). */
export function planId(dealerId: number): number {
  return dealerId * 10 + 1;
}

/** "Standard" under the sub-dealer's own ID, and "Solo" (one device per user, for 221). */
function subdealerPlans(dealerId: number): Plan[] {
  const standard = buildPlans().find((plan) => plan.id === DEFAULT_PLAN_ID);
  if (standard === undefined) return [];
  const solo = { ...standard, id: planId(dealerId) + 1, name: 'Solo', device_limit: 1 };
  return [{ ...standard, id: planId(dealerId) }, solo];
}

/**
 * Users 380001–380004, trackers 3300001–3300005, plans 205011/205012, 205021/205022 and
 * 205031/205032; sub-dealer 20503 is new (INITIAL_BLOCK) and empty.
 */
export function buildSubdealers(): SubdealerSeed[] {
  const [a, b, c] = SUBDEALER_IDS;
  const anna = user(380001, a, 'Anna', 'Berg', true);
  const omar = user(380002, a, 'Omar', 'Nasser', true);
  const lena = user(380003, a, 'Lena', 'Fox', false);
  const ivan = user(380004, b, 'Ivan', 'Kral', true);
  const trackers = [
    tracker(3300001, anna, 'Van 1', '352091100300011'),
    tracker(3300002, anna, 'Van 2', '352091100300029'),
    tracker(3300003, omar, 'Taxi 7', '352091100300037'),
  ];
  const others = [
    tracker(3300004, ivan, 'Bus 3', '352091100300045'),
    tracker(3300005, ivan, 'Bus 4', '352091100300052'),
  ];
  const records = (users: User[], owned: Tracker[]): UserRecord[] =>
    users.map((u) => ({
      user: { ...u, trackers_count: owned.filter((t) => t.user_id === u.id).length },
      default_tariff_id: planId(u.dealer_id),
    }));
  return [
    {
      profile: profile(a, 'North Fleet', 'NOT_BLOCKED'),
      password: 'North-Fleet-Pa55!',
      plans: subdealerPlans(a),
      users: records([anna, omar, lena], trackers),
      trackers,
    },
    {
      profile: profile(b, 'Blue Routes', 'CLIENTS_BLOCKED'),
      password: 'Blue-Routes-Pa55!',
      plans: subdealerPlans(b),
      users: records([ivan], others),
      trackers: others,
    },
    {
      profile: profile(c, 'Fresh Start', 'INITIAL_BLOCK'),
      password: 'Fresh-Start-Pa55!',
      plans: subdealerPlans(c),
      users: [],
      trackers: [],
    },
  ];
}

/** The dealer's SIM cards for `tracker/bundle/assign`: in use, free, blocked and deleted. */
export function buildSims(): BundleSimCard[] {
  const sim = (n: number, extra: Partial<BundleSimCard> = {}): BundleSimCard => ({
    phone: `4477000${n}`,
    apn: 'internet',
    iccid: `8944100000000${n}`,
    deleted: false,
    blocked: false,
    registered: n <= 7003,
    ...extra,
  });
  return [
    sim(7001),
    sim(7002),
    sim(7003),
    sim(7101),
    sim(7102),
    sim(7103, { blocked: true }),
    sim(7104, { deleted: true }),
  ];
}
