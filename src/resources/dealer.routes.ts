import { z } from 'zod';
import { defineRoute } from '../http/routes.js';
import { dealerSchema, toDealer } from './dealer.mapping.js';

export const dealerRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/dealer',
    operationId: 'getDealer',
    summary: 'The dealer the gateway acts as',
    description: 'Plan, balances, active tracker counts and limits, branding and password policy.',
    tag: 'Dealer',
    actions: ['dealer/get_info'],
    response: { description: 'The dealer.', schema: dealerSchema },
    async handle({ panel }) {
      return toDealer(await panel('dealer/get_info'));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/dealer/permissions',
    operationId: 'getPanelPermissions',
    summary: 'What the gateway\u2019s Panel account may do',
    description:
      'The Panel permissions of the account the gateway acts as, as scopes (`category:operation`). ' +
      'A client\u2019s scopes let it ask; these decide whether Navixy agrees (else 403 PANEL_PERMISSION_DENIED).',
    tag: 'Dealer',
    actions: ['account/get_permissions'],
    response: {
      description: 'The permissions.',
      schema: z.object({ scopes: z.array(z.string()) }).meta({ id: 'PanelPermissions' }),
    },
    async handle({ panel }) {
      const { permissions } = await panel('account/get_permissions');
      const scopes = Object.entries(permissions).flatMap(([category, ops]) =>
        ops.map((op) => `${category}:${op}`),
      );
      return { scopes: scopes.sort() };
    },
  }),
];
