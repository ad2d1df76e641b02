import { dealerContracts } from './actions-dealer.js';
import { planContracts } from './actions-plans.js';
import { legacyContracts, trackerContracts } from './actions-trackers.js';
import { userContracts } from './actions-users.js';
import type { ActionContract } from './types.js';

export type { ActionContract } from './types.js';

/**
 * Every action the simulator serves, keyed by its path under `/v2/panel/` (`user/read`): the 64
 * actions of Navixy's `Admin_Panel.openapi.json` (1.2.0), written from it by hand, and the legacy
 * ones (§4.10 bundles and equipment, [MD]'s `user/menu/preset/items/list`), whose only
 * description is the older docs. `fields.ts` says how the spec's answer schemas are read.
 */
export const PANEL_CONTRACT: Readonly<Record<string, ActionContract>> = Object.freeze({
  ...dealerContracts,
  ...planContracts,
  ...userContracts,
  ...trackerContracts,
  ...legacyContracts,
});
