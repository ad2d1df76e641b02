import type { Discount, LegalType, User, UserRecord } from '../model.js';
import { DEFAULT_PLAN_ID } from './dealer.js';
import { daysToMs, formatDateTime } from './dates.js';
import type { Rng } from './prng.js';
import {
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MIDDLE_NAMES,
  PLACES,
  USER_COMMENTS,
} from './vocabulary.js';
import type { Place } from './vocabulary.js';
import { NO_LEGAL_FIELDS, type LegalFields } from '../legal-fields.js';

export const USER_COUNT = 50;
/** The first seeded user ID; users take consecutive IDs (the [SPEC] example 371356 is one). */
export const FIRST_USER_ID = 371321;

/** Account creation dates run from here, in ID order, one to two months apart. */
const FIRST_USER_CREATED_MS = Date.UTC(2019, 0, 14, 9, 12, 40);

type Address = Pick<
  User,
  'post_country' | 'post_index' | 'post_region' | 'post_city' | 'post_street_address'
>;

function address(rng: Rng, place: Place): Address {
  return {
    post_country: place.country,
    post_index: rng.pick(place.postcodes),
    post_region: place.region,
    post_city: place.city,
    post_street_address: `${rng.int(1, 240)} ${rng.pick(place.streets)}`,
  };
}

function legalType(rng: Rng): LegalType {
  const roll = rng.next();
  if (roll < 0.6) return 'individual';
  return roll < 0.85 ? 'legal_entity' : 'sole_trader';
}

function legalFields(rng: Rng, type: LegalType, post: Address): LegalFields {
  if (type === 'individual') return { ...NO_LEGAL_FIELDS };
  const registered = rng.chance(0.7) ? post : address(rng, rng.pick(PLACES));
  return {
    registered_country: registered.post_country,
    registered_index: registered.post_index,
    registered_region: registered.post_region,
    registered_city: registered.post_city,
    registered_street_address: registered.post_street_address,
    legal_name:
      type === 'legal_entity' ? `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_SUFFIXES)}` : '',
    tin: rng.digits(10),
    iec: type === 'legal_entity' ? rng.digits(9) : '',
    state_reg_num: rng.chance(0.7) ? rng.digits(rng.int(10, 15)) : '',
    okpo_code: rng.chance(0.5) ? rng.digits(8) : '',
  };
}

function person(
  rng: Rng,
  id: number,
): Pick<User, 'login' | 'first_name' | 'middle_name' | 'last_name'> {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const localPart = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    login: `${localPart}${id % 1000}@${rng.pick(EMAIL_DOMAINS)}`,
    first_name: first,
    middle_name: rng.chance(0.4) ? rng.pick(MIDDLE_NAMES) : '',
    last_name: last,
  };
}

function buildUser(rng: Rng, dealerId: number, index: number): User {
  const id = FIRST_USER_ID + index;
  const place = rng.pick(PLACES);
  const post = address(rng, place);
  const type = legalType(rng);
  const phone = rng.chance(0.85) ? `${place.phonePrefix}${rng.digits(7)}` : '';
  const activated = rng.chance(0.9);
  const createdMs =
    FIRST_USER_CREATED_MS + daysToMs(index * 46 + rng.int(0, 30)) + rng.int(0, 86_399) * 1000;
  return {
    id,
    dealer_id: dealerId,
    ...person(rng, id),
    activated,
    verified: activated && rng.chance(0.85),
    phone_verified: phone !== '' && rng.chance(0.5),
    legal_type: type,
    phone,
    ...post,
    ...legalFields(rng, type, post),
    balance: rng.chance(0.15) ? 0 : Math.round(rng.next() * 50_000) / 100,
    bonus: rng.chance(0.8) ? 0 : rng.pick([5, 10, 25]),
    trackers_count: 0,
    ...(rng.chance(0.2) ? { menu_preset_id: 346 } : {}),
    mfa_allowed: rng.chance(0.1),
    creation_date: formatDateTime(createdMs),
    comment: rng.chance(0.2) ? rng.pick(USER_COMMENTS) : '',
  };
}

function discount(rng: Rng): Discount | undefined {
  if (!rng.chance(0.2)) return undefined;
  return {
    percent: rng.pick([5, 5.5, 10, 15]),
    min_devices: rng.pick([0, 5, 10]),
    ...(rng.chance(0.5) ? { end_date: rng.pick(['2026-12-31', '2027-06-30']) } : {}),
    strategy: rng.chance(0.7) ? 'no_summing' : 'sum_with_progressive',
  };
}

/** The seeded users in ID order; `trackers_count` is filled in once trackers exist. */
export function buildUsers(rng: Rng, dealerId: number): UserRecord[] {
  return Array.from({ length: USER_COUNT }, (_, index) => {
    const user = buildUser(rng, dealerId, index);
    const record: UserRecord = { user };
    const userDiscount = discount(rng);
    if (userDiscount !== undefined) record.discount = userDiscount;
    if (!rng.chance(0.1)) record.default_tariff_id = DEFAULT_PLAN_ID;
    if (!user.activated) record.block_parameters = { manager_phone: `1858${rng.digits(7)}` };
    return record;
  });
}
