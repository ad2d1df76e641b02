import { z } from 'zod';
import { servicePricesShape } from './dealer.js';
import { created, done, id, io, listParams, noParams, page, up, upObject } from './fields.js';

/** Reference §4.1 `device_type`. */
export const DEVICE_TYPES = ['tracker', 'camera', 'socket'] as const;

/** Reference §4.2 "Plan" ([SPEC] Plan; null fields omitted, §1.5). */
export const planUpstream = z.looseObject({
  id: z.number().int(),
  name: up.str,
  group_id: up.int,
  active: up.bool,
  type: up.str,
  price: up.num,
  early_change_price: up.num,
  device_limit: up.int,
  has_reports: up.bool,
  store_period: up.str,
  proportional_charge: up.bool,
  auto_prolong: up.bool,
  features: up.strings,
  map_filter: upObject({ exclusion: up.bool, values: up.strings }),
  service_prices: upObject(servicePricesShape),
  device_type: up.str,
});

const price = z.number().min(0);

/**
 * [SPEC] PlanDraft: a plan without `id`, every field optional (Navixy fills defaults). Loose, as
 * the spec's: a PATCH gives back the fields of the plan it read, unmodelled ones too.
 */
const planDraft = z.looseObject({
  name: z.string().min(1).optional(),
  group_id: z.number().int().min(0).optional(),
  active: z.boolean().optional(),
  type: z.enum(['monthly', 'activeday']).optional(),
  price: z.number().min(0).optional(),
  early_change_price: z.number().nullable().optional(),
  device_limit: z.number().int().min(0).optional(),
  has_reports: z.boolean().optional(),
  store_period: z.string().optional(),
  proportional_charge: z.boolean().optional(),
  auto_prolong: z.boolean().optional(),
  features: z.array(z.string()).optional(),
  map_filter: z.looseObject({ exclusion: z.boolean(), values: z.array(z.string()) }).optional(),
  /** [SPEC] ServicePrices; [MD] adds `phone_call`. */
  service_prices: z
    .looseObject({
      incoming_sms: price.optional(),
      outgoing_sms: price.optional(),
      service_sms: price.optional(),
      traffic: price.optional(),
      phone_call: price.optional(),
    })
    .optional(),
  device_type: z.enum(DEVICE_TYPES).optional(),
});

/** [SPEC] PlanEdit: `id` required, `device_type` cannot change (§4.7). */
const planEdit = planDraft.omit({ device_type: true }).extend({ id });

export type PlanDraft = z.input<typeof planDraft>;
export type PlanEdit = z.input<typeof planEdit>;

/** TariffDefaults (reference §4.2), keyed by device type. */
export const defaultsUpstream = z.looseObject({
  tariff_id: up.int,
  activation_bonus: up.num,
  free_days: up.int,
  free_days_device_limit: up.int,
});

/** [SPEC] TariffDefaults: loose, a PATCH gives back what it read. */
const defaultsParams = z.looseObject({
  tariff_id: id,
  activation_bonus: z.number().min(0),
  free_days: z.number().int().min(0),
  free_days_device_limit: z.number().int().positive().nullable().optional(),
});

export const tariffList = io(
  listParams(['id', 'name', 'device_type', 'group_id', 'price']).extend({
    device_type: z.enum(DEVICE_TYPES).optional(),
  }),
  page(planUpstream).extend({ wholesale_service_prices: upObject(servicePricesShape) }),
);
export const tariffRead = io(z.object({ tariff_id: id }), z.looseObject({ value: planUpstream }));
export const tariffCreate = io(z.object({ tariff: planDraft }), created);
export const tariffUpdate = io(z.object({ tariff: planEdit }), done);
/** §4.7: at the top level; [SPEC] saw only `tracker`, [MD] also `camera`. */
export const tariffDefaultsRead = io(
  noParams,
  z.looseObject({ tracker: defaultsUpstream.nullish(), camera: defaultsUpstream.nullish() }),
);
export type DefaultsParams = z.input<typeof defaultsParams>;
export const tariffDefaultsUpdate = io(
  z.looseObject({ tracker: defaultsParams, camera: defaultsParams.optional() }),
  done,
);
