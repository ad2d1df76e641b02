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

/** [SPEC] requires no field of MapFilter and ServicePrices either; writes take [MD]'s `phone_call`. */
const mapFilterWrite = z.object({ exclusion: bool().optional(), values: strings().optional() });
const servicePricesWrite = z.object({
  incoming_sms: num().optional(),
  outgoing_sms: num().optional(),
  service_sms: num().optional(),
  traffic: num().optional(),
  phone_call: num().optional(),
});

/**
 * [SPEC] PlanEdit (update: `id` required, no `device_type`) and PlanDraft (create: no `id`):
 * no other field is required. `early_change_price` may be null.
 */
export const planEdit = z.object({
  id: int(),
  name: str().optional(),
  group_id: int().optional(),
  active: bool().optional(),
  type: z.enum(PLAN_TYPES).optional(),
  price: num().optional(),
  early_change_price: num().nullable().optional(),
  device_limit: int().optional(),
  has_reports: bool().optional(),
  store_period: str().optional(),
  proportional_charge: bool().optional(),
  auto_prolong: bool().optional(),
  features: strings().optional(),
  map_filter: mapFilterWrite.optional(),
  service_prices: servicePricesWrite.optional(),
});
export const planDraft = planEdit
  .omit({ id: true })
  .extend({ device_type: z.enum(DEVICE_TYPES).optional() });

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
