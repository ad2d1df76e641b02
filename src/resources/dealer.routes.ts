import { defineRoute } from '../http/routes.js';
import { dealerSchema, dealerUpstream, toDealer } from './dealer.mapping.js';
import { parseUpstream } from './upstream.js';

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
      const payload = await panel('dealer/get_info');
      return toDealer(parseUpstream(dealerUpstream, payload, 'dealer/get_info'));
    },
  }),
];
