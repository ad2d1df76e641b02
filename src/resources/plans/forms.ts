import { z } from 'zod';
import { PANEL_ACTIONS } from '../../panel/actions.js';
import type { PlanDraft, PlanEdit } from '../../panel/schemas/tariffs.js';
import { mergePatch } from '../shared/merge-patch.js';
import { DEVICE_TYPES } from './mapping.js';
import { dropRefusedNulls, echo, type Raw } from '../shared/raw-write.js';

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
export type PlanPatch = z.output<typeof planPatchSchema>;

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
 * The `tariff` fields `input` names, in Navixy's names; `null` kept (a merge patch's "remove",
 * §7396), `undefined` left out. Service prices are an object of their own, merged member-wise.
 */
function toNavixyFields(input: PlanPatch & { deviceType?: string }): Raw {
  const tariff: Raw = Object.fromEntries(
    FIELDS.flatMap(([client, navixy]) => {
      const value = input[client as keyof typeof input];
      return value === undefined ? [] : [[navixy, value]];
    }),
  );
  if (input.mapFilter !== undefined) tariff.map_filter = input.mapFilter;
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

/** The `tariff` parameter of create (§4.7); null and absent fields are left out. */
export function toNavixyPlan(input: PlanInput & { deviceType?: string }): PlanDraft {
  const fields = toNavixyFields(input);
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
}

/**
 * Fields of `tariff/read` that `tariff/update` does not take (raw-write.ts): [SPEC] PlanEdit has
 * no `device_type`, which cannot change (§4.7).
 */
export const PLAN_WITHHELD = ['device_type'] as const;

/**
 * `tariff/update`'s `tariff` for a PATCH: the plan as `tariff/read` answered it (`read`), the
 * client's changes merged in; fields not named go back exactly as read, unmodelled ones too.
 */
export function planUpdateFromRead(read: Raw, patch: PlanPatch, id: number): PlanEdit {
  const tariff = { ...mergePatch(echo(read, PLAN_WITHHELD), toNavixyFields(patch)), id };
  const { tariff: clean } = dropRefusedNulls({ tariff }, PANEL_ACTIONS['tariff/update'].request);
  return clean as PlanEdit;
}
