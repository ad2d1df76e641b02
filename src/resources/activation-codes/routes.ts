import { defineRoute, type RouteSpec } from '../../routing/route-spec.js';
import {
  CODE_FIELD_NAMES,
  activationCodeSchema,
  codeCountSchema,
  createCodesSchema,
  toActivationCode,
  updateCodesSchema,
} from './mapping.js';
import { listQuery, navixyListParams, pageSchema, toPage } from '../shared/common.js';

/** Sort fields of `GET /v1/activation-codes` and their Navixy `order_by` values (§4.4). */
const CODE_SORT = {
  code: 'code',
  activated: 'activated',
  planId: 'tariff_id',
  planName: 'tariff_name',
  deviceType: 'device_type',
  moneyAmount: 'money_amount',
  bonusAmount: 'bonus_amount',
  freeDays: 'free_days',
} as const;

/** The terms a code carries, as Navixy's create and update take them. */
const terms = (body: { planId: number; bonusAmount: number; freeDays: number }) => ({
  tariff_id: body.planId,
  bonus_amount: body.bonusAmount,
  free_days: body.freeDays,
});

export const activationCodeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/v1/activation-codes',
    operationId: 'listActivationCodes',
    summary: 'List the dealer\u2019s activation codes',
    description: '`q` matches the code, plan id, device id and device type.',
    tag: 'Activation codes',
    actions: ['dealer/activation_code/list'],
    query: listQuery(CODE_SORT),
    response: {
      description: 'A page of activation codes.',
      schema: pageSchema(activationCodeSchema, 'ActivationCodePage'),
    },
    async handle({ query, panel }) {
      const page = await panel('dealer/activation_code/list', navixyListParams(query, CODE_SORT));
      return toPage(page, query, toActivationCode);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/activation-codes',
    operationId: 'createActivationCodes',
    summary: 'Create activation codes for a plan',
    description:
      'Navixy answers only how many codes it created, which can be fewer than asked; list them ' +
      'with `GET /v1/activation-codes`. An unknown plan is 404.',
    tag: 'Activation codes',
    actions: ['dealer/activation_code/create'],
    body: createCodesSchema,
    status: 201,
    response: { description: 'How many codes were created.', schema: codeCountSchema },
    errors: [404],
    fieldNames: CODE_FIELD_NAMES,
    async handle({ body, panel }) {
      // Navixy answers how many it created, which can be fewer than asked (§4.4).
      const { count } = await panel('dealer/activation_code/create', {
        count: body.count,
        ...terms(body),
      });
      return { count: count ?? null };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/activation-codes',
    operationId: 'updateActivationCodes',
    summary: 'Change the plan, bonus and free days of several codes',
    description:
      'A bulk update by code: Navixy changes only the listed codes of the dealer that are not ' +
      'activated yet and whose device type is the new plan\u2019s, and answers how many it changed. ' +
      'The three terms are always set together. An unknown plan is 404.',
    tag: 'Activation codes',
    actions: ['dealer/activation_code/update'],
    body: updateCodesSchema,
    response: { description: 'How many codes were changed.', schema: codeCountSchema },
    errors: [404],
    fieldNames: CODE_FIELD_NAMES,
    async handle({ body, panel }) {
      const { count } = await panel('dealer/activation_code/update', {
        codes: body.codes,
        ...terms(body),
      });
      return { count: count ?? null };
    },
  }),
];
