import { z } from 'zod';
import { legacyServicePrices, servicePrices } from './objects-dealer.js';
import { bool, date, email, int, num, orNull, str, strings } from './fields.js';

const PLAN_TYPES = ['monthly', 'activeday'] as const;
export const DEVICE_TYPES = ['tracker', 'camera', 'socket'] as const;
export const BLOCK_TYPES = [
  'NOT_BLOCKED',
  'INITIAL_BLOCK',
  'BLOCK_LOGIN',
  'CLIENTS_BLOCKED',
] as const;

export const mapFilter = z.looseObject({ exclusion: bool(), values: strings() });

function planFields(prices: z.ZodType) {
  return {
    id: int(),
    name: str(),
    group_id: int(),
    active: bool(),
    type: z.enum(PLAN_TYPES),
    price: num(),
    early_change_price: orNull(num()),
    device_limit: int(),
    has_reports: bool(),
    store_period: str(),
    proportional_charge: bool(),
    auto_prolong: bool(),
    features: strings(),
    map_filter: mapFilter,
    service_prices: prices,
    device_type: z.enum(DEVICE_TYPES),
  };
}

/** [SPEC] Plan. */
export const plan = z.looseObject(planFields(servicePrices));
/** Reference §7 `phone-call-price`: the [MD] plan with `service_prices.phone_call`. */
export const legacyPlan = z.looseObject(planFields(legacyServicePrices));

/** [SPEC] PlanDraft (create: no `id`) and PlanEdit (update: `id` required, no `device_type`). */
function planWrite(prices: z.ZodType) {
  const { id: _id, ...fields } = planFields(prices);
  const optional = Object.fromEntries(
    Object.entries(fields).map(([name, schema]) => [name, schema.optional()]),
  );
  return optional;
}

/** Plan writes accept `phone_call` too ([MD]). `early_change_price` may be null, as in [SPEC]. */
const writeFields = planWrite(legacyServicePrices);
export const planDraft = z.object({
  ...writeFields,
  early_change_price: num().nullable().optional(),
});
const { device_type: _deviceType, ...editFields } = writeFields;
export const planEdit = z.object({
  id: int(),
  ...editFields,
  early_change_price: num().nullable().optional(),
});

/** [SPEC] TariffDefaults. */
export const tariffDefaults = z.looseObject({
  tariff_id: int(),
  activation_bonus: num(),
  free_days: int(),
  free_days_device_limit: orNull(int()),
});

/** TariffDefaults as a write takes it: `free_days_device_limit` null means no limit. */
export const tariffDefaultsWrite = z.object({
  tariff_id: int().optional(),
  activation_bonus: num().optional(),
  free_days: int().optional(),
  free_days_device_limit: int().nullable().optional(),
});

/** [SPEC] SubpaasListEntry. */
export const subpaasListEntry = z.looseObject({
  subpaas_id: int(),
  title: str(),
  jur_name: str(),
  login: str(),
  creation_date: date(),
  block_type: z.enum(BLOCK_TYPES),
  users_count: int(),
  active_users_count: int(),
  trackers_count: int(),
  active_trackers_count: int(),
});

/** [SPEC] Subpaas. The contact fields are optional on create and update, so may be absent. */
export const subpaas = subpaasListEntry.extend({
  email: email(),
  jur_country: str(),
  link_monitoring: str(),
  contact_fio: str().optional(),
  contact_post: str().optional(),
  contact_phone: str().optional(),
});
