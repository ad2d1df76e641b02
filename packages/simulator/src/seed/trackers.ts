import type { ConnectionStatus, Plan, Tracker, TrackerSource, User } from '../model.js';
import { SEED_NOW_MS, daysToMs, formatDate, formatDateTime } from './dates.js';
import type { Rng } from './prng.js';
import { DEVICE_MODELS, LABEL_STEMS, PLACES, TRACKER_COMMENTS } from './vocabulary.js';
import type { DeviceModel } from './vocabulary.js';

export const TRACKER_COUNT = 200;
/** The first seeded tracker ID; trackers take consecutive IDs (the [SPEC] example 3234961 is one). */
export const FIRST_TRACKER_ID = 3234901;
const FIRST_SOURCE_ID = 10336101;
/** Every CLONE_EVERY-th tracker is a clone of an earlier one, owned by another user. */
const CLONE_EVERY = 29;

const STATUSES: ReadonlyArray<readonly [ConnectionStatus, number]> = [
  ['active', 0.35],
  ['idle', 0.55],
  ['offline', 0.75],
  ['signal_lost', 0.85],
  ['just_registered', 0.95],
  ['just_replaced', 1],
];

/** A 15-digit IMEI: type allocation code, serial, Luhn check digit. */
function imei(rng: Rng, tac: string): string {
  const body = tac + rng.digits(6);
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = Number(body[i]) * (i % 2 === 1 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function connectionStatus(rng: Rng): ConnectionStatus {
  const roll = rng.next();
  for (const [status, upTo] of STATUSES) if (roll < upTo) return status;
  return 'active';
}

/** How long ago a device in this status last connected; `undefined` = never connected. */
function lastConnectionAgoMs(rng: Rng, status: ConnectionStatus): number | undefined {
  if (status === 'just_registered') return undefined;
  if (status === 'active') return rng.int(5, 600) * 1000;
  if (status === 'idle') return rng.int(10, 600) * 60_000;
  return daysToMs(rng.int(1, 120)) + rng.int(0, 86_399) * 1000;
}

function buildSource(
  rng: Rng,
  sourceId: number,
  model: DeviceModel,
  plans: readonly Plan[],
): TrackerSource {
  const plan = rng.pick(plans);
  const createdMs = SEED_NOW_MS - daysToMs(rng.int(10, 2000));
  const phone = model.tac !== undefined && rng.chance(0.9);
  return {
    id: sourceId,
    device_id: model.tac === undefined ? rng.digits(12) : imei(rng, model.tac),
    model: model.code,
    blocked: rng.chance(0.03),
    ...(phone ? { phone: `${rng.pick(PLACES).phonePrefix}${rng.digits(8)}` } : {}),
    tariff_id: plan.id,
    ...(plan.type === 'monthly' && rng.chance(0.85) ? { tariff_end_date: '2026-09-01' } : {}),
    connection_status: connectionStatus(rng),
    creation_date: formatDate(createdMs),
  };
}

/** Reference §4.2 "Tracker"; `owner_name` is the owner's name as the [SPEC] example shows it. */
export function ownerName(user: User): string {
  if (user.legal_type === 'legal_entity' && user.legal_name !== '') return user.legal_name;
  return [user.last_name, user.first_name, user.middle_name]
    .filter((part) => part !== '')
    .join(' ');
}

function buildTracker(
  rng: Rng,
  id: number,
  owner: User,
  source: TrackerSource,
  model: DeviceModel,
): Tracker {
  const ago = lastConnectionAgoMs(rng, source.connection_status);
  return {
    id,
    label: `${rng.pick(LABEL_STEMS)} ${rng.int(1, 120)}`,
    group_id: rng.chance(0.75) ? 0 : rng.int(1, 6),
    user_id: owner.id,
    dealer_id: owner.dealer_id,
    owner_name: ownerName(owner),
    model_name: model.name,
    clone: false,
    deleted: rng.chance(0.04),
    creation_date: source.creation_date,
    ...(ago === undefined ? {} : { last_connection: formatDateTime(SEED_NOW_MS - ago) }),
    ...(rng.chance(0.1) ? { comment: rng.pick(TRACKER_COMMENTS) } : {}),
    source,
  };
}

/** A clone: another user's view of the same source (reference §4.2: "A clone shares its source"). */
function buildClone(rng: Rng, id: number, original: Tracker, owner: User): Tracker {
  const clone: Tracker = {
    ...original,
    id,
    user_id: owner.id,
    owner_name: ownerName(owner),
    group_id: 0,
    clone: true,
    deleted: false,
    creation_date: formatDate(SEED_NOW_MS - daysToMs(rng.int(1, 9))),
  };
  delete clone.comment; // the comment is the original owner's note
  return clone;
}

/** Per-user weights: about one user in eight owns nothing, the rest between one and eight shares. */
function ownerPicker(rng: Rng, users: readonly User[]): () => User {
  const weights = users.map(() => (rng.chance(0.12) ? 0 : rng.int(1, 8)));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return () => {
    let roll = rng.next() * total;
    for (const [index, weight] of weights.entries()) {
      roll -= weight;
      const user = users[index];
      if (roll < 0 && user !== undefined) return user;
    }
    throw new RangeError('the seed needs at least one user with trackers');
  };
}

/** The seeded trackers in ID order, spread over `users`, on the dealer's tracker plans. */
export function buildTrackers(rng: Rng, users: readonly User[], plans: readonly Plan[]): Tracker[] {
  const trackerPlans = plans.filter((plan) => plan.device_type === 'tracker');
  const nextOwner = ownerPicker(rng, users);
  const trackers: Tracker[] = [];
  const originals: Tracker[] = [];
  for (let index = 0; index < TRACKER_COUNT; index += 1) {
    const id = FIRST_TRACKER_ID + index;
    const original = index % CLONE_EVERY === CLONE_EVERY - 1 ? rng.pick(originals) : undefined;
    let owner = nextOwner();
    while (original !== undefined && owner.id === original.user_id) owner = nextOwner();
    if (original !== undefined) {
      trackers.push(buildClone(rng, id, original, owner));
      continue;
    }
    const model = rng.pick(DEVICE_MODELS);
    const source = buildSource(rng, FIRST_SOURCE_ID + index, model, trackerPlans);
    const tracker = buildTracker(rng, id, owner, source, model);
    trackers.push(tracker);
    if (!tracker.deleted) originals.push(tracker);
  }
  return trackers;
}
