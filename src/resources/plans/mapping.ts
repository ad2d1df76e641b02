import { z } from 'zod';
import type { servicePricesUpstream } from '../../panel/schemas/dealer.js';
import { DEVICE_TYPES, type planUpstream } from '../../panel/schemas/tariffs.js';
import { orNull, out } from '../shared/common.js';

export { DEVICE_TYPES };

const servicePricesSchema = z
  .object({
    incomingSms: out.num,
    outgoingSms: out.num,
    serviceSms: out.num,
    traffic: out.num.meta({ description: 'Per MB.' }),
    phoneCall: out.num,
  })
  .meta({ id: 'ServicePrices' });

export const planSchema = z
  .object({
    id: z.number().int(),
    name: out.str,
    groupId: out.int,
    active: out.bool.meta({ description: 'Users may switch to it.' }),
    type: out.str.meta({ description: '`monthly` or `activeday` (trackers only).' }),
    price: out.num,
    earlyChangePrice: out.num.meta({
      description: 'null: users cannot change from this plan within 30 days.',
    }),
    deviceLimit: out.int,
    hasReports: out.bool,
    storePeriod: out.str.meta({ description: 'Short duration: `2h`, `3d`, `5m`, `1y`.' }),
    proportionalCharge: out.bool,
    autoProlong: out.bool,
    features: z.array(z.string()),
    mapFilter: z.object({ exclusion: out.bool, values: z.array(z.string()) }).nullable(),
    servicePrices: servicePricesSchema.nullable(),
    deviceType: out.str,
  })
  .meta({ id: 'Plan' });

type ServicePricesUpstream = z.output<typeof servicePricesUpstream>;

export function toServicePrices(prices: ServicePricesUpstream | null | undefined) {
  if (!prices) return null;
  return {
    incomingSms: orNull(prices.incoming_sms),
    outgoingSms: orNull(prices.outgoing_sms),
    serviceSms: orNull(prices.service_sms),
    traffic: orNull(prices.traffic),
    phoneCall: orNull(prices.phone_call),
  };
}

export function toPlan(p: z.output<typeof planUpstream>): z.output<typeof planSchema> {
  return {
    id: p.id,
    name: orNull(p.name),
    groupId: orNull(p.group_id),
    active: orNull(p.active),
    type: orNull(p.type),
    price: orNull(p.price),
    earlyChangePrice: orNull(p.early_change_price),
    deviceLimit: orNull(p.device_limit),
    hasReports: orNull(p.has_reports),
    storePeriod: orNull(p.store_period),
    proportionalCharge: orNull(p.proportional_charge),
    autoProlong: orNull(p.auto_prolong),
    features: p.features ?? [],
    mapFilter: p.map_filter
      ? { exclusion: orNull(p.map_filter.exclusion), values: p.map_filter.values ?? [] }
      : null,
    servicePrices: toServicePrices(p.service_prices),
    deviceType: orNull(p.device_type),
  };
}

export const planPageSchema = z
  .object({
    items: z.array(planSchema),
    total: z.number().int().min(0).meta({ description: 'Matching records, ignoring paging.' }),
    limit: z.number().int(),
    offset: z.number().int(),
    wholesaleServicePrices: servicePricesSchema
      .nullable()
      .meta({ description: 'What the dealer itself pays; not part of any plan.' }),
  })
  .meta({ id: 'PlanPage' });
