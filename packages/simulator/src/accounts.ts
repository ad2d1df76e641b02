import type { SimulatorAccount } from './types.js';

/** The [MD] examples' panel login: dealer 20410, which owns the seeded data. */
export const DEFAULT_ACCOUNT: SimulatorAccount = {
  login: '20410',
  password: 'Demo-Panel-Pa55!',
  dealerId: 20410,
};
