import { z } from 'zod';
import { defineRoute, type PanelCall, type RouteSpec } from '../../routing/route-spec.js';
import { byIdParams, listQuery, navixyListParams, toPage } from '../shared/common.js';
import { planDefaultsRoutes } from './defaults.routes.js';
import {
  PLAN_FIELD_NAMES,
  createPlanSchema,
  planInputSchema,
  planPatchSchema,
  planUpdateFromRead,
  toNavixyPlan,
} from './forms.js';
import { asRecord } from '../shared/raw-write.js';
import { DEVICE_TYPES, planPageSchema, planSchema, toPlan, toServicePrices } from './mapping.js';

/** Sort fields of `GET /v1/plans` and their Navixy `order_by` values (§4.7). */
const PLAN_SORT = {
  id: 'id',
  name: 'name',
  deviceType: 'device_type',
  groupId: 'group_id',
  price: 'price',
} as const;

const planListQuery = listQuery(PLAN_SORT).extend({
  deviceType: z.enum(DEVICE_TYPES).optional().meta({ description: 'Only plans of this type.' }),
});

async function readPlan(panel: PanelCall, id: number) {
  return toPlan((await panel('tariff/read', { tariff_id: id })).value);
}

const ERRORS_NOTE =
  'Navixy answers 409 `DUPLICATE_LABEL` when another plan has the name, 400 ' +
  '`NOT_SUPPORTED_BY_DEVICE` for an `activeday` plan of a camera or socket.';

export const planRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/v1/plans',
    operationId: 'listPlans',
    summary: 'List the dealer\u2019s plans',
    description: 'Navixy calls plans "tariffs". The page also carries the wholesale prices.',
    tag: 'Plans',
    actions: ['tariff/list'],
    query: planListQuery,
    response: { description: 'A page of plans.', schema: planPageSchema },
    async handle({ query, panel }) {
      const upstream = await panel('tariff/list', {
        ...navixyListParams(query, PLAN_SORT),
        ...(query.deviceType ? { device_type: query.deviceType } : {}),
      });
      return {
        ...toPage(upstream, query, toPlan),
        wholesaleServicePrices: toServicePrices(upstream.wholesale_service_prices),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/plans',
    operationId: 'createPlan',
    summary: 'Create a plan',
    description: `Answers the new plan as read back from Navixy. ${ERRORS_NOTE}`,
    tag: 'Plans',
    actions: ['tariff/create', 'tariff/read'],
    body: createPlanSchema,
    status: 201,
    response: { description: 'The new plan.', schema: planSchema },
    errors: [409],
    fieldNames: PLAN_FIELD_NAMES,
    async handle({ body, panel }) {
      const { id } = await panel('tariff/create', { tariff: toNavixyPlan(body) });
      return readPlan(panel, id);
    },
  }),
  ...planDefaultsRoutes,
  defineRoute({
    method: 'get',
    path: '/v1/plans/{id}',
    operationId: 'getPlan',
    summary: 'One plan',
    tag: 'Plans',
    actions: ['tariff/read'],
    params: byIdParams,
    response: { description: 'The plan.', schema: planSchema },
    errors: [404],
    handle: ({ params, panel }) => readPlan(panel, params.id),
  }),
  defineRoute({
    method: 'put',
    path: '/v1/plans/{id}',
    operationId: 'replacePlan',
    summary: 'Replace a plan',
    description:
      'Navixy\u2019s update replaces the whole plan: fields left out are reset to Navixy\u2019s ' +
      `defaults. Use PATCH to change some. The device type cannot change. ${ERRORS_NOTE}`,
    tag: 'Plans',
    actions: ['tariff/update', 'tariff/read'],
    params: byIdParams,
    body: planInputSchema,
    response: { description: 'The plan as stored.', schema: planSchema },
    errors: [404, 409],
    fieldNames: PLAN_FIELD_NAMES,
    // Under the PATCH lock too: a PATCH that read before this write must not write over it.
    handle: ({ params, body, panel, lock }) =>
      lock(`plan:${params.id}`, async () => {
        await panel('tariff/update', { tariff: { id: params.id, ...toNavixyPlan(body) } });
        return readPlan(panel, params.id);
      }),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/plans/{id}',
    operationId: 'updatePlan',
    summary: 'Change some fields of a plan',
    description:
      'A JSON merge patch (RFC 7396). The gateway reads the plan, merges the patch into it as ' +
      'Navixy returned it and writes it back while holding a lock on it shared by all gateway ' +
      'instances: fields the patch does not name go back exactly as read (those the gateway does ' +
      'not show included, see docs/panel-fields.md) and concurrent patches never lose each ' +
      `other. ${ERRORS_NOTE}`,
    tag: 'Plans',
    actions: ['tariff/read', 'tariff/update'],
    params: byIdParams,
    body: planPatchSchema,
    response: { description: 'The plan as stored.', schema: planSchema },
    errors: [404, 409],
    fieldNames: PLAN_FIELD_NAMES,
    async handle({ params, body, panel, lock }) {
      return lock(`plan:${params.id}`, async () => {
        const { raw } = await panel.withRaw('tariff/read', { tariff_id: params.id });
        const tariff = planUpdateFromRead(asRecord(raw.value), body, params.id);
        await panel('tariff/update', { tariff });
        return readPlan(panel, params.id);
      });
    },
  }),
];
