import { z } from 'zod';
import type { orderUpstream } from '../../panel/schemas/misc.js';
import { camelize } from '../shared/camelize.js';
import { isoDateTime, openEnum, orNull, out } from '../shared/common.js';

/**
 * Tracker bundles (device + SIM kits in the dealer's warehouse), orders and equipment: legacy
 * actions (reference §4.10) whose objects no source documents formally, so they are passed on
 * with camelCase keys and ISO times, and described by the fields the admin panel reads.
 */
export const bundleSchema = z
  .looseObject({
    id: z.number().int(),
    modelCode: z.string().nullish(),
    imei: z.string().nullish(),
    iccid: z.string().nullish(),
    equipId: z.number().int().nullish(),
    orderId: z.number().int().nullish(),
    assignTime: z.string().nullish(),
  })
  .meta({ id: 'Bundle' });

const ORDER_TYPES = [
  'bank',
  'equip',
  'bank_service',
  'bank_license',
  'bank_license_camera',
] as const;
const ORDER_STATUSES = [
  'created',
  'settled',
  'gathered',
  'shipped',
  'shipped_partially',
  'canceled',
] as const;

/** [SPEC] OrderPosition: one line item of an order. */
const positionSchema = z
  .looseObject({
    id: out.int,
    orderId: out.int,
    equipId: out.int.meta({ description: 'The equipment model ordered.' }),
    type: out.str,
    name: out.str,
    amount: out.int.meta({ description: 'Quantity.' }),
    price: out.num.meta({ description: 'Unit price.' }),
  })
  .meta({ id: 'OrderPosition' });

/**
 * An order (reference §4.2). Its line items are `positions` ([SPEC]); the device kits assigned to
 * it are `bundles` ([MD]/[UI]); each is empty when Navixy's answer has none (§7). Fields Navixy
 * adds are passed on as they come, camelCased.
 */
export const orderSchema = z
  .looseObject({
    id: z.number().int(),
    userId: out.int,
    sellerId: out.int,
    type: openEnum(ORDER_TYPES),
    status: openEnum(ORDER_STATUSES),
    amount: out.int.meta({ description: 'Number of items ordered.' }),
    sum: out.num.meta({ description: 'Order total.' }),
    withVat: out.bool,
    payer: out.str,
    recipient: out.str,
    contacts: out.str,
    place: out.str.meta({ description: 'Delivery address.' }),
    comment: out.str,
    remark: out.str,
    link: out.str,
    creationTime: out.dateTime,
    positions: z.array(positionSchema),
    bundles: z.array(bundleSchema),
  })
  .meta({ id: 'Order' });

type OrderUpstream = z.output<typeof orderUpstream>;
type PositionUpstream = NonNullable<OrderUpstream['positions']>[number];

const toPosition = (p: PositionUpstream): z.output<typeof positionSchema> => ({
  ...(camelize(p) as object),
  id: orNull(p.id),
  orderId: orNull(p.order_id),
  equipId: orNull(p.equip_id),
  type: orNull(p.type),
  name: orNull(p.name),
  amount: orNull(p.amount),
  price: orNull(p.price),
});

export function toOrder(o: OrderUpstream): z.output<typeof orderSchema> {
  return {
    ...(camelize(o) as object),
    id: o.id,
    userId: orNull(o.user_id),
    sellerId: orNull(o.seller_id),
    type: orNull(o.type),
    status: orNull(o.status),
    amount: orNull(o.amount),
    sum: orNull(o.sum),
    withVat: orNull(o.with_vat),
    payer: orNull(o.payer),
    recipient: orNull(o.recipient),
    contacts: orNull(o.contacts),
    place: orNull(o.place),
    comment: orNull(o.comment),
    remark: orNull(o.remark),
    link: orNull(o.link),
    creationTime: isoDateTime(o.creation_time),
    positions: (o.positions ?? []).map(toPosition),
    bundles: (o.bundles ?? []).map((b) => camelize(b) as z.output<typeof bundleSchema>),
  };
}
