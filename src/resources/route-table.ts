import type { RouteSpec } from '../routing/route-spec.js';
import { keyRoutes } from './admin-keys/routes.js';
import { bundleRoutes } from './bundles/routes.js';
import { menuPresetRoutes } from './menu-presets/routes.js';
import { mfaRoutes } from './mfa/routes.js';
import { activationCodeRoutes } from './activation-codes/routes.js';
import { dealerSettingsRoutes } from './dealer-settings/routes.js';
import { dealerRoutes } from './dealer/routes.js';
import { meRoutes } from './me/routes.js';
import { planRoutes } from './plans/routes.js';
import { referenceRoutes } from './reference/routes.js';
import { subdealerRoutes } from './subdealers/routes.js';
import { trackerOpsRoutes } from './trackers/ops.routes.js';
import { trackerRoutes } from './trackers/routes.js';
import { trackerWriteRoutes } from './trackers/write.routes.js';
import { userFileRoutes } from './users/files.routes.js';
import { userRoutes } from './users/routes.js';
import { userWriteRoutes } from './users/write.routes.js';

/** Every `/v1` operation, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  ...dealerRoutes,
  ...dealerSettingsRoutes,
  ...userRoutes,
  ...userWriteRoutes,
  ...userFileRoutes,
  ...meRoutes,
  ...menuPresetRoutes,
  ...mfaRoutes,
  ...trackerRoutes,
  ...trackerWriteRoutes,
  ...trackerOpsRoutes,
  ...subdealerRoutes,
  ...bundleRoutes,
  ...planRoutes,
  ...activationCodeRoutes,
  ...referenceRoutes,
];

/** The gateway's own administration (managed API keys), under `/admin`. */
export const ADMIN_ROUTES: readonly RouteSpec[] = keyRoutes;

/** Every operation: one pipeline mounts them all. */
export const ALL_ROUTES: readonly RouteSpec[] = [...ROUTES, ...ADMIN_ROUTES];
