import { z } from 'zod';
import { defineRoute } from '../../routing/route-spec.js';
import { dealerSchema, toDealer } from './mapping.js';

/**
 * Navixy's permission map → scopes. A category whose value is not a list of operation names
 * (none is documented, one may come) grants nothing this gateway can name, so it adds no scope.
 */
function toScopes(permissions: Record<string, unknown> | null | undefined): string[] {
  const scopes = Object.entries(permissions ?? {}).flatMap(([category, ops]) =>
    Array.isArray(ops)
      ? ops.filter((op): op is string => typeof op === 'string').map((op) => `${category}:${op}`)
      : [],
  );
  return scopes.sort();
}

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
      return { scopes: toScopes(permissions) };
    },
  }),
];
