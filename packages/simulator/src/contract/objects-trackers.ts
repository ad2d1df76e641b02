import { z } from 'zod';
import { bool, date, int, num, orNull, str } from './fields.js';

const sourceFields = {
  id: int(),
  device_id: str(),
  model: str(),
  blocked: bool(),
  phone: orNull(str()),
  tariff_id: int(),
  tariff_end_date: orNull(date()),
  /** A plain string in [SPEC]; [MD] lists six values (reference §4.1). */
  connection_status: str(),
  creation_date: date(),
};

const trackerFields = {
  id: int(),
  label: str(),
  group_id: int(),
  user_id: int(),
  dealer_id: int(),
  owner_name: str(),
  model_name: str(),
  clone: bool(),
  deleted: bool(),
  creation_date: date(),
  last_connection: orNull(str()),
};

/** [SPEC] Tracker and TrackerSource. */
export const tracker = z.looseObject({ ...trackerFields, source: z.looseObject(sourceFields) });

/**
 * Reference §7 `tracker-extras`: [MD] adds `comment` (≤3000), `avatar_file_name` ("only if
 * present") and `source.corrupted` ("only when true").
 */
export const legacyTracker = z.looseObject({
  ...trackerFields,
  comment: str().max(3000).optional(),
  avatar_file_name: str().optional(),
  source: z.looseObject({ ...sourceFields, corrupted: bool().optional() }),
});

/** [SPEC] ActiveHistoryMonth. */
export const activeHistoryMonth = z.looseObject({
  month: str(),
  amount: int(),
  trackers: z.array(
    z.looseObject({ tracker_id: int(), user_id: int(), label: str(), device_id: str() }),
  ),
});

/** [SPEC] OrderPosition. */
export const orderPosition = z.looseObject({
  id: int(),
  order_id: int(),
  equip_id: int(),
  type: str(),
  name: str(),
  amount: int(),
  price: num(),
});

/**
 * [SPEC] Order: "Null fields are omitted from the response". Its free-text fields are the ones an
 * order may lack (`remark` is "omitted when empty"), so they are optional; the rest is required.
 */
const orderFields = {
  id: int(),
  user_id: int(),
  seller_id: int(),
  type: z.enum(['bank', 'equip', 'bank_service', 'bank_license', 'bank_license_camera']),
  status: z.enum(['created', 'settled', 'gathered', 'shipped', 'shipped_partially', 'canceled']),
  amount: int(),
  sum: num(),
  with_vat: bool(),
  payer: str().optional(),
  recipient: str().optional(),
  contacts: str().optional(),
  place: str().optional(),
  comment: str().optional(),
  remark: str().optional(),
  link: str().optional(),
  creation_time: str(),
};

export const order = z.looseObject({ ...orderFields, positions: z.array(orderPosition) });

/** Reference §4.10 bundle's SIM card ([UI] model). */
const simCard = z.looseObject({
  phone: str(),
  apn: str(),
  iccid: str(),
  deleted: bool(),
  blocked: bool(),
  registered: bool(),
});

/** Reference §7 `order-lines`: the [MD] and [UI] `bundles[]` line. */
export const orderBundle = z.looseObject({
  id: int(),
  equip_id: int(),
  equip_vendor: str(),
  equip_name: str(),
  equip_model: str(),
  model_code: str(),
  imei: str(),
  iccid: str().optional(),
  assign_time: str().optional(),
  order_id: int(),
});

export const legacyOrder = z.looseObject({ ...orderFields, bundles: z.array(orderBundle) });

/**
 * Reference §4.10: the bundle of the legacy actions, never formally documented; the [UI] model's
 * fields. A bundle without a SIM or an order has no `iccid`, `order_id`, `assign_time`, `sim_card`.
 */
export const bundle = z.looseObject({
  id: int(),
  model_code: str(),
  imei: str(),
  iccid: str().optional(),
  equip_id: int(),
  order_id: int().optional(),
  assign_time: str().optional(),
  sim_card: simCard.optional(),
});

/** Reference §4.10 `equipment/list` item. */
export const equipment = z.looseObject({
  equip_id: int(),
  model_name: str(),
  model_code: str(),
  vendor: str(),
  name: str(),
});
