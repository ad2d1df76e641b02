import { RawJson } from '../json.js';
import { dealerInfoJson } from '../shape-views.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.4: the dealer actions. */
export const dealerActions: readonly ActionDefinition[] = [
  {
    name: 'dealer/get_info',
    permissions: [['base', 'get_dealer_info']],
    // The dealer fields sit at the top level, next to `success` (§1.5); the body is cached.
    handle: ({ dealer, shapes }) => new RawJson(dealerInfoJson(dealer.dealer, shapes)),
  },
];
