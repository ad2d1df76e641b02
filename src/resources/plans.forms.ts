import { z } from 'zod';
import type { PlanDraft } from '../panel/schemas/tariffs.js';
import { DEVICE_TYPES, type planSchema } from './plans.mapping.js';

const price = z.number().min(0);

const servicePricesInput = z
  .strictObject({
    incomingSms: price,
    outgoingSms: price,
    serviceSms: price,
    traffic: price,
    phoneCall: price.optional(),
  })
  .meta({ id: 'ServicePricesInput' });

/** The editable fields of a plan (reference §4.2 "Plan", [SPEC] PlanEdit). */
export const planInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    type: z.enum(['monthly', 'activeday']),
    price,
    groupId: z.number().int().min(0).optional(),
    active: z.boolean().optional(),
    earlyChangePrice: price.nullable().optional(),
    deviceLimit: z.number().int().min(0).optional(),
    hasReports: z.boolean().optional(),
    storePeriod: z
      .string()
      .regex(/^[1-9]\d{0,3}[hdmy]$/, 'a short duration such as 2h, 3d, 5m or 1y')
      .optional(),
    proportionalCharge: z.boolean().optional(),
    autoProlong: z.boolean().optional(),
    features: z.array(z.string().min(1).max(64)).max(100).optional(),
    mapFilter: z
      .strictObject({ exclusion: z.boolean(), values: z.array(z.string().max(64)).max(100) })
      .nullable()
      .optional(),
    servicePrices: servicePricesInput.optional(),
  })
  .meta({
    id: 'PlanInput',
    description: 'A whole plan: PUT replaces it, fields left out are reset to Navixy defaults.',
  });

export const createPlanSchema = planInputSchema
  .extend({ deviceType: z.enum(DEVICE_TYPES).meta({ description: 'Cannot change later.' }) })
  .meta({ id: 'PlanCreate' });

/** PATCH: any subset of the editable fields (RFC 7396 merge patch). */
export const planPatchSchema = planInputSchema.partial().meta({ id: 'PlanPatch' });

export type PlanInput = z.output<typeof planInputSchema>;

const FIELDS = [
  ['name', 'name'],
  ['type', 'type'],
  ['price', 'price'],
  ['groupId', 'group_id'],
  ['active', 'active'],
  ['earlyChangePrice', 'early_change_price'],
  ['deviceLimit', 'device_limit'],
  ['hasReports', 'has_reports'],
  ['storePeriod', 'store_period'],
  ['proportionalCharge', 'proportional_charge'],
  ['autoProlong', 'auto_prolong'],
  ['features', 'features'],
  ['deviceType', 'device_type'],
] as const;

const PRICES = [
  ['incomingSms', 'incoming_sms'],
  ['outgoingSms', 'outgoing_sms'],
  ['serviceSms', 'service_sms'],
  ['traffic', 'traffic'],
  ['phoneCall', 'phone_call'],
] as const;

/** Navixy's `tariff.*` parameter names → the client's, so code 7 errors name client fields. */
export const PLAN_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(FIELDS.map(([client, navixy]) => [`tariff.${navixy}`, client])),
  ...Object.fromEntries(
    PRICES.map(([client, navixy]) => [
      `tariff.service_prices.${navixy}`,
      `servicePrices.${client}`,
    ]),
  ),
  tariff: 'body',
  'tariff.id': 'id',
  'tariff.service_prices': 'servicePrices',
  'tariff.map_filter': 'mapFilter',
  'tariff.map_filter.exclusion': 'mapFilter.exclusion',
  'tariff.map_filter.values': 'mapFilter.values',
};

/**
 * The `tariff` parameter of create (§4.7); null and absent fields are left out. Update takes
 * the same with the plan's `id`.
 */
export function toNavixyPlan(input: PlanInput & { deviceType?: string }): PlanDraft {
  const tariff: PlanDraft = Object.fromEntries(
    FIELDS.flatMap(([client, navixy]) => {
      const value = input[client as keyof typeof input];
      return value === undefined || value === null ? [] : [[navixy, value]];
    }),
  );
  if (input.mapFilter) tariff.map_filter = input.mapFilter;
  const prices = input.servicePrices;
  if (prices) {
    tariff.service_prices = Object.fromEntries(
      PRICES.flatMap(([client, navixy]) => {
        const price = prices[client];
        return price === undefined ? [] : [[navixy, price]];
      }),
    );
  }
  return tariff;
}

/** A plan as read → its editable form, the starting point of a PATCH. */
export function toPlanInput(plan: z.output<typeof planSchema>): PlanInput {
  const prices = plan.servicePrices;
  const mapFilter = plan.mapFilter;
  const value = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  return {
    name: plan.name ?? '',
    type: plan.type === 'activeday' ? 'activeday' : 'monthly',
    price: plan.price ?? 0,
    groupId: value(plan.groupId),
    active: value(plan.active),
    earlyChangePrice: plan.earlyChangePrice,
    deviceLimit: value(plan.deviceLimit),
    hasReports: value(plan.hasReports),
    storePeriod: value(plan.storePeriod),
    proportionalCharge: value(plan.proportionalCharge),
    autoProlong: value(plan.autoProlong),
    features: plan.features,
    mapFilter:
      mapFilter && mapFilter.exclusion !== null
        ? { exclusion: mapFilter.exclusion, values: mapFilter.values }
        : null,
    servicePrices: prices
      ? {
          incomingSms: prices.incomingSms ?? 0,
          outgoingSms: prices.outgoingSms ?? 0,
          serviceSms: prices.serviceSms ?? 0,
          traffic: prices.traffic ?? 0,
          phoneCall: value(prices.phoneCall),
        }
      : undefined,
  };
}
