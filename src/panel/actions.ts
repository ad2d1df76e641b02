import type { z } from 'zod';
import * as account from './schemas/account.js';
import * as dealer from './schemas/dealer.js';
import type { ActionSchemas } from './schemas/fields.js';
import * as misc from './schemas/misc.js';
import * as settings from './schemas/settings.js';
import * as subpaas from './schemas/subpaas.js';
import * as tariffs from './schemas/tariffs.js';
import * as ops from './schemas/tracker-ops.js';
import * as trackers from './schemas/trackers.js';
import * as menu from './schemas/user-menu.js';
import * as users from './schemas/users.js';

/**
 * Every Panel action (reference §6: 64 documented + 7 legacy, and [MD]'s older path of the menu
 * item list, §7), with the permissions each
 * needs (§3.3, current docs), whether it changes state, and the zod schemas of the params the
 * gateway sends and of the answer it accepts. Scopes of gateway routes derive from this table,
 * so a route can never ask for less than Navixy will demand; transport retries are only ever
 * considered for actions that do not change state; every answer is parsed with its `response`
 * before a route sees it.
 */
export interface PanelAction extends ActionSchemas {
  /** Path under the Panel base, e.g. `user/read`. */
  path: string;
  /** Navixy permissions, written `category:operation`; the caller needs all of them. */
  permissions: readonly string[];
  /** True when the action changes state. */
  mutates: boolean;
  /** Why the gateway never exposes it, when it does not. */
  hidden?: string;
}

type Entry<P extends string, S extends ActionSchemas> = PanelAction & S & { path: P };

const entry = <P extends string, S extends ActionSchemas>(
  path: P,
  schemas: S,
  mutates: boolean,
  permissions: string[],
): Entry<P, S> => ({ path, ...schemas, permissions, mutates });
const read = <P extends string, S extends ActionSchemas>(
  path: P,
  schemas: S,
  ...permissions: string[]
) => entry(path, schemas, false, permissions);
const write = <P extends string, S extends ActionSchemas>(
  path: P,
  schemas: S,
  ...permissions: string[]
) => entry(path, schemas, true, permissions);
const hidden = <A extends PanelAction>(action: A, reason: string): A => ({
  ...action,
  hidden: reason,
});

const CATALOG = [
  hidden(
    read('account/auth', account.accountAuth),
    'it takes the Panel password: the gateway logs in itself and never hands out a Panel session',
  ),
  read('account/get_permissions', account.accountGetPermissions),
  hidden(
    write('account/logout', account.accountLogout),
    'it would end the session every client of the gateway shares',
  ),
  read('dealer/get_info', dealer.dealerGetInfo, 'base:get_dealer_info'),
  write(
    'dealer/activation_code/create',
    dealer.activationCodeCreate,
    'activation_code:read',
    'activation_code:create',
  ),
  read('dealer/activation_code/list', dealer.activationCodeList, 'activation_code:read'),
  write('dealer/activation_code/update', dealer.activationCodeUpdate, 'activation_code:update'),
  hidden(
    write('dealer/password/update', dealer.dealerPasswordUpdate, 'password:update'),
    'it changes the gateway\u2019s own Panel password and ends every Panel session of the dealer',
  ),
  write('dealer/settings/image/upload', settings.imageUpload, 'service_settings:update'),
  write('dealer/settings/image/delete', settings.imageDelete, 'service_settings:update'),
  read(
    'dealer/settings/notification/read',
    settings.notificationRead,
    'notification_settings:read',
  ),
  write(
    'dealer/settings/notification/update',
    settings.notificationUpdate,
    'notification_settings:update',
  ),
  read('dealer/settings/service/read', settings.serviceRead, 'service_settings:read'),
  write('dealer/settings/service/update', settings.serviceUpdate, 'service_settings:update'),
  read('timezone/list', misc.timezoneList),
  read('order/read', misc.orderRead, 'tracker_bundles:read'),
  read('gateways/email/list', misc.emailGatewayList, 'email_gateways:read'),
  read('subpaas/list', subpaas.subpaasList, 'subpaas:read'),
  read('subpaas/read', subpaas.subpaasRead, 'subpaas:read'),
  write('subpaas/create', subpaas.subpaasCreate, 'subpaas:create'),
  write('subpaas/update', subpaas.subpaasUpdate, 'subpaas:update'),
  write('subpaas/password/change', subpaas.subpaasPasswordChange, 'subpaas:update'),
  hidden(
    write('subpaas/session/create', subpaas.subpaasSessionCreate, 'subpaas:create'),
    'it hands out a sub-dealer\u2019s Panel session; the gateway uses it itself for X-Subdealer-Id',
  ),
  read('tariff/list', tariffs.tariffList, 'tariffs:read'),
  read('tariff/read', tariffs.tariffRead, 'tariffs:read'),
  write('tariff/create', tariffs.tariffCreate, 'tariffs:create'),
  write('tariff/update', tariffs.tariffUpdate, 'tariffs:update'),
  read('tariff/defaults/read', tariffs.tariffDefaultsRead, 'tariffs:read'),
  write('tariff/defaults/update', tariffs.tariffDefaultsUpdate, 'tariffs:update'),
  read('user/list', users.userList, 'users:read'),
  read('user/read', users.userRead, 'users:read'),
  read('user/export', users.userExport, 'users:read'),
  write('user/change_password', users.userChangePassword, 'users:update'),
  write('user/corrupt', users.userCorrupt, 'users:corrupt'),
  write('user/session/create', users.userSessionCreate, 'users:read', 'user_sessions:create'),
  read('user/transaction/list', users.userTransactionList, 'users:read', 'transactions:read'),
  write(
    'user/transaction/change_balance',
    users.userChangeBalance,
    'users:update',
    'transactions:create',
  ),
  write('user/create', users.userCreate, 'users:create'),
  write('user/update', users.userUpdate, 'users:update'),
  write('user/upload', users.userUpload, 'users:create'),
  read('user/menu/preset/list', menu.presetList, 'users:read'),
  write('user/menu/preset/create', menu.presetCreate, 'users:create'),
  write('user/menu/preset/update', menu.presetUpdate, 'users:update'),
  write('user/menu/preset/delete', menu.presetDelete, 'users:delete'),
  write('user/menu/preset/assign', menu.presetAssign, 'users:update'),
  read('user/menu/item/list', menu.menuItemList, 'users:read'),
  read('user/menu/preset/items/list', menu.menuItemListLegacy, 'users:read'),
  write('user/mfa/settings/update', menu.mfaSettingsUpdate, 'users:update'),
  read('user/mfa/settings/default/read', menu.mfaDefaultRead, 'users:read'),
  write('user/mfa/settings/default/update', menu.mfaDefaultUpdate, 'users:update'),
  read('tracker/list', trackers.trackerList, 'trackers:read'),
  read('tracker/read', trackers.trackerRead, 'trackers:read'),
  write('tracker/clone', trackers.trackerClone, 'trackers:create'),
  write('tracker/batch_clone', ops.trackerBatchClone, 'trackers:create'),
  write('tracker/delete_clone', trackers.trackerDeleteClone, 'trackers:delete'),
  write('tracker/batch_delete_clones', ops.trackerBatchDeleteClones, 'trackers:delete'),
  write('tracker/corrupt', trackers.trackerCorrupt, 'trackers:corrupt'),
  write('tracker/move', trackers.trackerMove, 'trackers:create', 'trackers:delete'),
  write('tracker/register_retry', trackers.trackerRegisterRetry, 'trackers:update'),
  write('tracker/settings/update', trackers.trackerSettingsUpdate, 'trackers:update'),
  write('tracker/source/update', trackers.trackerSourceUpdate, 'trackers:update'),
  write(
    'tracker/tariff/change',
    trackers.trackerTariffChange,
    'trackers:update',
    'transactions:create',
  ),
  write('tracker/console/connect', ops.trackerConsoleConnect, 'trackers:update'),
  read('tracker/active/history/list', ops.trackerActiveHistory, 'trackers:report'),
  write('tracker/raw_command/send', ops.trackerRawCommand, 'trackers:update'),
  read('tracker/bundle/list', misc.bundleList, 'tracker_bundles:read'),
  read('tracker/bundle/read', misc.bundleRead, 'tracker_bundles:read'),
  write('tracker/bundle/assign', misc.bundleAssign, 'tracker_bundles:update'),
  write('tracker/bundle/order/assign', misc.bundleOrderAssign, 'tracker_bundles:update'),
  write('tracker/bundle/import', misc.bundleImport, 'tracker_bundles:create'),
  write('tracker/bundle/update', misc.bundleUpdate, 'tracker_bundles:update'),
  read('equipment/list', misc.equipmentList, 'tracker_bundles:read'),
] as const satisfies readonly PanelAction[];

type CatalogEntry = (typeof CATALOG)[number];
export type PanelActionName = CatalogEntry['path'];
type ActionOf<N extends PanelActionName> = Extract<CatalogEntry, { path: N }>;

/** The params of action `N` as a route writes them (`z.input` of its request schema). */
export type PanelRequest<N extends PanelActionName> = z.input<ActionOf<N>['request']>;
/** The answer of action `N` once parsed (`z.output` of its response schema). */
export type PanelResponse<N extends PanelActionName> = z.output<ActionOf<N>['response']>;

export const PANEL_ACTIONS: Readonly<Record<PanelActionName, PanelAction>> = Object.fromEntries(
  CATALOG.map((action): [string, PanelAction] => [action.path, action]),
) as Record<PanelActionName, PanelAction>;

/** The scopes a client needs to call all of `actions`: the union of their permissions. */
export function scopesFor(actions: readonly PanelActionName[]): string[] {
  return [...new Set(actions.flatMap((name) => PANEL_ACTIONS[name].permissions))].sort();
}
