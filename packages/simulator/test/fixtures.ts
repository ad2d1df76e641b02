import type { SimulatorAccount } from '../src/index.js';

/** A valid password under the seeded dealer's policy (12–20, upper, lower, digit, special). */
export const GOOD_PASSWORD = 'Fresh-Pa55word!';

/** A complete `individual` user edit form (reference §4.2). */
export function individualForm(login: string): Record<string, unknown> {
  return {
    legal_type: 'individual',
    login,
    first_name: 'Ada',
    middle_name: '',
    last_name: 'Lovelace',
    phone: '447700900123',
    post_country: 'United Kingdom',
    post_index: 'M1 1AE',
    post_region: 'England',
    post_city: 'Manchester',
    post_street_address: '1 Deansgate',
  };
}

/** A complete `legal_entity` user edit form. */
export function legalEntityForm(login: string): Record<string, unknown> {
  return {
    ...individualForm(login),
    legal_type: 'legal_entity',
    registered_country: 'United Kingdom',
    registered_index: 'M1 1AE',
    registered_region: 'England',
    registered_city: 'Manchester',
    registered_street_address: '1 Deansgate',
    legal_name: 'Engines Ltd.',
    tin: '1234567890',
    iec: '773101001',
  };
}

/** A technical account of the seeded dealer that may only read (reference §3.3 checks). */
export const READ_ONLY: SimulatorAccount = {
  login: 'read-only',
  password: 'Read-Only-Pa55!',
  dealerId: 20410,
  permissions: {
    users: ['read'],
    trackers: ['read'],
    subpaas: ['read'],
    tracker_bundles: ['read'],
    transactions: ['read'],
  },
};

/** Another dealer with every permission: the seeded IDs are not its own (§5.5). */
export const OTHER_DEALER: SimulatorAccount = {
  login: '30600',
  password: 'Other-Dealer-Pa55!',
  dealerId: 30600,
};
