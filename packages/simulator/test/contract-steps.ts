import { DEFAULT_ACCOUNT } from '../src/index.js';
import type { Step } from './contract-step-kit.js';
import { DEALER_STEPS } from './contract-steps-dealer.js';
import { TRACKER_STEPS, USER_STEPS } from './contract-steps-records.js';
import { login } from './helpers.js';

export { BUNDLER } from './contract-step-kit.js';
export type { Part, Step, StepContext } from './contract-step-kit.js';

/** The clock of every contract run: a week after the seed's "now". */
export const CONTRACT_NOW = Date.UTC(2026, 7, 10, 12, 0, 0);

/**
 * One successful call of every action the simulator serves, in an order where each finds what
 * it needs. The values are valid in every shape mode, so every run answers 200 throughout; the
 * calls whose answers a shape case changes come after every call that could see the change
 * (`tracker/move` last: a kept ID changes later IDs).
 */
export const STEPS: readonly Step[] = [
  ...DEALER_STEPS,
  ...USER_STEPS,
  ...TRACKER_STEPS,
  // A session of its own: the next step still needs the shared one.
  {
    action: 'account/logout',
    params: async (context) => ({ hash: await login(context.simulator) }),
  },
  // Last: it ends every session of the dealer (reference §1.7).
  {
    action: 'dealer/password/update',
    params: () => ({ old_password: DEFAULT_ACCOUNT.password, new_password: 'Renewed-Pa55word!' }),
  },
];
