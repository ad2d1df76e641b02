import { z } from 'zod';
import { done, id, io, listParams, noParams, up } from './fields.js';

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
  params: z.record(z.string(), z.unknown()).nullish(),
});
const leasableGatewayUpstream = z.looseObject({
  id: z.number().int(),
  label: up.str,
  provider: up.str,
  default_from_address: up.str,
});
export const gatewaysUpstream = z.looseObject({
  bound_gateway: up.int,
  own: z.array(ownGatewayUpstream).nullish(),
  leasable: z.array(leasableGatewayUpstream).nullish(),
});

/**
 * Orders, bundles and equipment (§4.2 "Order", §4.10): no source documents their objects
 * formally, so they are any objects, passed on as they come.
 */
const record = z.looseObject({});

export const timezoneList = io(
  z.object({ locale: z.string().min(1) }),
  z.looseObject({ list: z.array(zoneUpstream) }),
);
export const orderRead = io(z.object({ order_id: id }), z.looseObject({ value: record }));
export const emailGatewayList = io(noParams, gatewaysUpstream);
export const equipmentList = io(noParams, z.looseObject({ list: z.array(record) }));

const bundleId = z.object({ bundle_id: id });

export const bundleList = io(
  listParams(['id', 'model_code', 'imei', 'iccid', 'assign_time', 'order_id']),
  z.looseObject({ list: z.array(record), count: z.number().int() }),
);
export const bundleRead = io(
  z.object({ imei: z.string().min(1) }),
  z.looseObject({ value: record }),
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
