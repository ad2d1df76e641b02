import type { DeviceType, Plan, ServicePrices } from '../model.js';
import type { ParamReader } from '../params.js';

export const DEVICE_TYPES: readonly DeviceType[] = ['tracker', 'camera', 'socket'];
const PLAN_TYPES = ['monthly', 'activeday'] as const;

/** Reference §1.6: a plan's `store_period` is a short duration: `2h`, `3d`, `5m`, `1y`. */
const STORE_PERIOD = /^[1-9]\d{0,3}[hdmy]$/;

/** The plan fields a create or update sends, without `id` and `device_type`. */
export type PlanFields = Omit<Plan, 'id' | 'device_type'>;

/**
 * [SPEC] PlanDraft and PlanEdit require no plan field, and reference §5.6: `tariff/update`
 * replaces the whole plan. So an omitted field takes this value, on create as on update; the
 * reference gives no defaults, these are the simulator's. An omitted `name` becomes `Plan <id>`.
 */
const PLAN_DEFAULTS = {
  type: 'monthly',
  price: 0,
  group_id: 0,
  active: true,
  device_limit: 1000,
  has_reports: false,
  store_period: '1y',
  proportional_charge: false,
  auto_prolong: false,
  map_filter: { exclusion: true, values: [] },
  service_prices: { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, traffic: 0 },
} as const;

/** Reads the `tariff` object's plan fields; problems go to the shared reader as `tariff.*`. */
export function readPlanFields(form: ParamReader, id: number): PlanFields {
  const storePeriod = form.string('store_period');
  if (storePeriod !== undefined && !STORE_PERIOD.test(storePeriod)) {
    form.fail('store_period', 'Should be a short duration such as 2h, 3d, 5m or 1y');
  }
  // [SPEC]: `early_change_price` may be null ("When absent or null, users cannot change plan").
  const earlyChangePrice = form.number('early_change_price', { min: 0, nullable: true });
  return {
    name: form.string('name', { maxLength: 100 }) ?? `Plan ${id}`,
    type: form.oneOf('type', PLAN_TYPES) ?? PLAN_DEFAULTS.type,
    price: form.number('price', { min: 0 }) ?? PLAN_DEFAULTS.price,
    ...(earlyChangePrice === undefined ? {} : { early_change_price: earlyChangePrice }),
    group_id: form.int('group_id', { min: 0 }) ?? PLAN_DEFAULTS.group_id,
    active: form.bool('active') ?? PLAN_DEFAULTS.active,
    device_limit: form.int('device_limit', { min: 0 }) ?? PLAN_DEFAULTS.device_limit,
    has_reports: form.bool('has_reports') ?? PLAN_DEFAULTS.has_reports,
    store_period: storePeriod ?? PLAN_DEFAULTS.store_period,
    proportional_charge: form.bool('proportional_charge') ?? PLAN_DEFAULTS.proportional_charge,
    auto_prolong: form.bool('auto_prolong') ?? PLAN_DEFAULTS.auto_prolong,
    features: form.stringList('features') ?? [],
    map_filter: readMapFilter(form),
    service_prices: readServicePrices(form),
  };
}

/** [SPEC] ServicePrices requires no price: an omitted one is 0. [MD] adds `phone_call`. */
function readServicePrices(form: ParamReader): ServicePrices {
  const prices = form.object('service_prices');
  if (prices === undefined) return PLAN_DEFAULTS.service_prices;
  const price = (name: string) => prices.number(name, { min: 0 }) ?? 0;
  const phoneCall = prices.number('phone_call', { min: 0 });
  return {
    incoming_sms: price('incoming_sms'),
    outgoing_sms: price('outgoing_sms'),
    service_sms: price('service_sms'),
    traffic: price('traffic'),
    ...(phoneCall !== undefined ? { phone_call: phoneCall } : {}),
  };
}

/** [SPEC] MapFilter requires neither field: no filter excludes no map. */
function readMapFilter(form: ParamReader): Plan['map_filter'] {
  const filter = form.object('map_filter');
  if (filter === undefined) return { ...PLAN_DEFAULTS.map_filter, values: [] };
  return {
    exclusion: filter.bool('exclusion') ?? PLAN_DEFAULTS.map_filter.exclusion,
    values: filter.stringList('values') ?? [],
  };
}
