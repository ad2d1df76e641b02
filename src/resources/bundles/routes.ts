import { z } from 'zod';
import { defineRoute } from '../../routing/route-spec.js';
import { bundleSchema, orderSchema, toOrder } from './mapping.js';
import { byIdParams, listQuery, navixyListParams, pageSchema, toPage } from '../shared/common.js';
import { camelize } from '../shared/camelize.js';

const tag = 'Bundles and orders';

const BUNDLE_SORT = {
  id: 'id',
  modelCode: 'model_code',
  imei: 'imei',
  iccid: 'iccid',
  assignTime: 'assign_time',
  orderId: 'order_id',
} as const;
const anyObject = z.looseObject({});

export const bundleRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/orders/{id}',
    operationId: 'getOrder',
    summary: 'One equipment order, with its bundles',
    tag,
    actions: ['order/read'],
    params: byIdParams,
    response: { description: 'The order.', schema: orderSchema },
    errors: [404],
    handle: async ({ params, panel }) =>
      toOrder((await panel('order/read', { order_id: params.id })).value),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/bundles',
    operationId: 'listBundles',
    summary: 'The dealer\u2019s tracker bundles',
    tag,
    actions: ['tracker/bundle/list'],
    query: listQuery(BUNDLE_SORT),
    response: { description: 'A page of bundles.', schema: pageSchema(bundleSchema, 'BundlePage') },
    async handle({ query, panel }) {
      const page = await panel('tracker/bundle/list', navixyListParams(query, BUNDLE_SORT));
      return toPage(page, query, camelize);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/bundles/by-imei/{imei}',
    operationId: 'getBundleByImei',
    summary: 'The bundle of a device',
    tag,
    actions: ['tracker/bundle/read'],
    params: z.strictObject({ imei: z.string().regex(/^\d{6,20}$/, 'digits') }),
    response: { description: 'The bundle.', schema: bundleSchema },
    errors: [404],
    handle: async ({ params, panel }) =>
      camelize((await panel('tracker/bundle/read', { imei: params.imei })).value),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/bundles',
    operationId: 'importBundles',
    summary: 'Add bundles for these device ids',
    tag,
    actions: ['tracker/bundle/import'],
    body: z.strictObject({
      imeis: z
        .array(z.string().regex(/^\d{6,20}$/))
        .min(1)
        .max(1000),
      equipmentId: z.number().int().positive(),
      factoryPreset: z.boolean().optional(),
    }),
    status: 204,
    response: { description: 'Imported.' },
    errors: [404, 409],
    fieldNames: { imeis: 'imeis', equip_id: 'equipmentId', factory_preset: 'factoryPreset' },
    async handle({ body, panel }) {
      await panel('tracker/bundle/import', {
        imeis: body.imeis,
        equip_id: body.equipmentId,
        ...(body.factoryPreset === undefined ? {} : { factory_preset: body.factoryPreset }),
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/bundles/{id}/sim',
    operationId: 'assignBundleSim',
    summary: 'Put a SIM card (by ICCID) into a bundle',
    tag,
    actions: ['tracker/bundle/assign'],
    params: byIdParams,
    body: z.strictObject({ iccid: z.string().regex(/^\d{10,22}$/, '10 to 22 digits') }),
    status: 204,
    response: { description: 'Assigned.' },
    errors: [404, 409],
    fieldNames: { iccid: 'iccid' },
    async handle({ params, body, panel }) {
      await panel('tracker/bundle/assign', { bundle_id: params.id, iccid: body.iccid });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/bundles/{id}/order',
    operationId: 'assignBundleOrder',
    summary: 'Attach a bundle to an order, or detach it (null)',
    tag,
    actions: ['tracker/bundle/order/assign'],
    params: byIdParams,
    body: z.strictObject({ orderId: z.number().int().positive().nullable() }),
    status: 204,
    response: { description: 'Done.' },
    errors: [404],
    async handle({ params, body, panel }) {
      await panel('tracker/bundle/order/assign', { bundle_id: params.id, order_id: body.orderId });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/bundles/{id}/equipment',
    operationId: 'setBundleEquipment',
    summary: 'Change a bundle\u2019s equipment model',
    tag,
    actions: ['tracker/bundle/update'],
    params: byIdParams,
    body: z.strictObject({ equipmentId: z.number().int().positive() }),
    status: 204,
    response: { description: 'Done.' },
    errors: [404],
    fieldNames: { equip_id: 'equipmentId' },
    async handle({ params, body, panel }) {
      await panel('tracker/bundle/update', { bundle_id: params.id, equip_id: body.equipmentId });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/equipment',
    operationId: 'listEquipment',
    summary: 'Equipment models bundles can be made of',
    tag,
    actions: ['equipment/list'],
    response: { description: 'All equipment.', schema: z.object({ items: z.array(anyObject) }) },
    async handle({ panel }) {
      const { list } = await panel('equipment/list');
      return { items: (list ?? []).map(camelize) };
    },
  }),
];
