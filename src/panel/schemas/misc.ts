import { z } from 'zod';
import { anyObject, done, id, io, listParams, noParams, up, upList } from './fields.js';

/** Reference §4.2 "TimeZone"; `alt_ids` is omitted when there are none. */
export const zoneUpstream = z.looseObject({
  zone_id: z.string(),
  description: up.str,
  base_offset: up.num,
  dst_offset: up.num,
  country_code: up.str,
  alt_ids: up.strings,
});

/** Reference §4.2 "Email gateways". */
const ownGatewayUpstream = z.looseObject({
  id: z.number().int(),
  leasable: up.bool,
  label: up.str,
  provider: up.str,
  params: anyObject.nullish(),
});
const leasableGatewayUpstream = z.looseObject({
  id: z.number().int(),
  label: up.str,
  provider: up.str,
  default_from_address: up.str,
});
export const gatewaysUpstream = z.looseObject({
  bound_gateway: up.int,
  own: upList(ownGatewayUpstream),
  leasable: upList(leasableGatewayUpstream),
});

/** [SPEC] OrderPosition: a line item (an equipment model, how many, at what price). */
const orderPositionUpstream = z.looseObject({
  id: up.int,
  order_id: up.int,
  equip_id: up.int,
  type: up.str,
  name: up.str,
  amount: up.int,
  price: up.num,
});

/**
 * An order (reference §4.2): [SPEC] lists its line items as `positions`, [MD]/[UI] the bundles
 * (device kits) assigned to it as `bundles` (§7). Null fields are omitted.
 */
export const orderUpstream = z.looseObject({
  id: z.number().int(),
  user_id: up.int,
  seller_id: up.int,
  type: up.str,
  status: up.str,
  amount: up.int,
  sum: up.num,
  with_vat: up.bool,
  payer: up.str,
  recipient: up.str,
  contacts: up.str,
  place: up.str,
  comment: up.str,
  remark: up.str,
  link: up.str,
  creation_time: up.str,
  positions: upList(orderPositionUpstream),
  bundles: upList(z.looseObject({ id: z.number().int() })),
});

/**
 * Bundles and equipment (§4.10): no source documents them formally; passed on as they come. A
 * bundle is a record, so it needs its id.
 */
const record = z.looseObject({});
const bundle = z.looseObject({ id: z.number().int() });

export const timezoneList = io(
  z.object({ locale: z.string().min(1) }),
  z.looseObject({ list: upList(zoneUpstream) }),
);
export const orderRead = io(z.object({ order_id: id }), z.looseObject({ value: orderUpstream }));
export const emailGatewayList = io(noParams, gatewaysUpstream);
export const equipmentList = io(noParams, z.looseObject({ list: upList(record) }));

const bundleId = z.object({ bundle_id: id });

export const bundleList = io(
  listParams(['id', 'model_code', 'imei', 'iccid', 'assign_time', 'order_id']),
  z.looseObject({ list: upList(bundle), count: up.int }),
);
export const bundleRead = io(
  z.object({ imei: z.string().min(1) }),
  z.looseObject({ value: bundle }),
);
/** [UI] leaves `iccid` out to un-assign; [MD] says 3..20 printable characters (§4.10). */
export const bundleAssign = io(bundleId.extend({ iccid: z.string().min(3).optional() }), done);
/** `order_id` null detaches the bundle (§4.10). */
export const bundleOrderAssign = io(bundleId.extend({ order_id: id.nullable() }), done);
export const bundleImport = io(
  z.object({
    imeis: z.array(z.string().min(1)).min(1),
    equip_id: id,
    factory_preset: z.boolean().optional(),
  }),
  done,
);
export const bundleUpdate = io(bundleId.extend({ equip_id: id }), done);
