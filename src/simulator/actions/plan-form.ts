import type { DeviceType, Plan, ServicePrices } from '../model.js';
import type { ParamReader } from '../params.js';

export const DEVICE_TYPES: readonly DeviceType[] = ['tracker', 'camera', 'socket'];
const PLAN_TYPES = ['monthly', 'activeday'] as const;

/** Reference §1.6: a plan's `store_period` is a short duration: `2h`, `3d`, `5m`, `1y`. */
const STORE_PERIOD = /^[1-9]\d{0,3}[hdmy]$/;

/** A plan as stored, with the [SPEC] fields the seed's `Plan` does not carry. */
export type PlanRecord = Plan & {
  auto_prolong?: boolean;
  features?: string[];
  map_filter?: { exclusion: boolean; values: string[] };
};

/** The plan fields a create or update sends, without `id` and `device_type`. */
export type PlanFields = Omit<PlanRecord, 'id' | 'device_type'>;

/**
 * Reference §5.6: `tariff/update` replaces the whole plan, so an omitted field takes this value,
 * as it does on create. The reference lists no required plan fields and no defaults; `name`,
 * `type` and `price` are required here, the rest fall back to these.
 */
const PLAN_DEFAULTS = {
  group_id: 0,
  active: true,
  device_limit: 1000,
  has_reports: false,
  store_period: '1y',
  proportional_charge: false,
  service_prices: { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, traffic: 0 },
} as const;

/** Reads the `tariff` object's plan fields; problems go to the shared reader as `tariff.*`. */
export function readPlanFields(form: ParamReader): PlanFields | undefined {
  const name = form.string('name', { required: true, minLength: 1, maxLength: 100 });
  const type = form.oneOf('type', PLAN_TYPES, true);
  const price = form.number('price', { required: true, min: 0 });
  const earlyChangePrice = form.number('early_change_price', { min: 0 });
  const storePeriod = form.string('store_period');
  if (storePeriod !== undefined && !STORE_PERIOD.test(storePeriod)) {
    form.fail('store_period', 'Should be a short duration such as 2h, 3d, 5m or 1y');
  }
  const fields = {
    group_id: form.int('group_id', { min: 0 }) ?? PLAN_DEFAULTS.group_id,
    active: form.bool('active') ?? PLAN_DEFAULTS.active,
    device_limit: form.int('device_limit', { min: 0 }) ?? PLAN_DEFAULTS.device_limit,
    has_reports: form.bool('has_reports') ?? PLAN_DEFAULTS.has_reports,
    store_period: storePeriod ?? PLAN_DEFAULTS.store_period,
    proportional_charge: form.bool('proportional_charge') ?? PLAN_DEFAULTS.proportional_charge,
    auto_prolong: form.bool('auto_prolong') ?? false,
    features: form.stringList('features') ?? [],
    service_prices: readServicePrices(form) ?? PLAN_DEFAULTS.service_prices,
  };
  const mapFilter = readMapFilter(form);
  if (name === undefined || type === undefined || price === undefined) return undefined;
  return {
    name,
    type,
    price,
    ...(earlyChangePrice !== undefined ? { early_change_price: earlyChangePrice } : {}),
    ...fields,
    ...(mapFilter !== undefined ? { map_filter: mapFilter } : {}),
  };
}

function readServicePrices(form: ParamReader): ServicePrices | undefined {
  const prices = form.object('service_prices');
  if (prices === undefined) return undefined;
  const price = (name: string) => prices.number(name, { required: true, min: 0 }) ?? 0;
  const phoneCall = prices.number('phone_call', { min: 0 });
  return {
    incoming_sms: price('incoming_sms'),
    outgoing_sms: price('outgoing_sms'),
    service_sms: price('service_sms'),
    traffic: price('traffic'),
    ...(phoneCall !== undefined ? { phone_call: phoneCall } : {}),
  };
}

function readMapFilter(form: ParamReader): PlanRecord['map_filter'] {
  const filter = form.object('map_filter');
  if (filter === undefined) return undefined;
  const exclusion = filter.bool('exclusion', { required: true }) ?? true;
  return { exclusion, values: filter.stringList('values', { required: true }) ?? [] };
}
