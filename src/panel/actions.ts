import type { z } from 'zod';
import {
  all,
  lists,
  one,
  record,
  reference,
  type CachePolicy,
  type Invalidation,
} from './cache-rules.js';
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
  /** A read whose answers the read cache may keep (see `cache-rules.ts`); absent: never kept. */
  cache?: CachePolicy;
  /** A write: the cached reads it makes old. Every write declares it, `[]` when none. */
  invalidates?: readonly Invalidation[];
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
const cached = <A extends PanelAction>(action: A, cache: CachePolicy): A => ({ ...action, cache });
const invalidating = <A extends PanelAction>(action: A, ...invalidates: Invalidation[]): A => ({
  ...action,
  invalidates,
});
const hidden = <A extends PanelAction>(action: A, reason: string): A => ({
  ...action,
  hidden: reason,
});

const CATALOG = [
  hidden(
    read('account/auth', account.accountAuth),
    'it takes the Panel password: the gateway logs in itself and never hands out a Panel session',
  ),
  cached(read('account/get_permissions', account.accountGetPermissions), reference('permissions')),
  hidden(
    invalidating(write('account/logout', account.accountLogout)),
    'it would end the session every client of the gateway shares',
  ),
  cached(read('dealer/get_info', dealer.dealerGetInfo, 'base:get_dealer_info'), record('dealer')),
  invalidating(
    write(
      'dealer/activation_code/create',
      dealer.activationCodeCreate,
      'activation_code:read',
      'activation_code:create',
    ),
    lists('activation_code'),
  ),
  cached(
    read('dealer/activation_code/list', dealer.activationCodeList, 'activation_code:read'),
    record('activation_code'),
  ),
  invalidating(
    write('dealer/activation_code/update', dealer.activationCodeUpdate, 'activation_code:update'),
    all('activation_code'),
  ),
  hidden(
    invalidating(write('dealer/password/update', dealer.dealerPasswordUpdate, 'password:update')),
    'it changes the gateway\u2019s own Panel password and ends every Panel session of the dealer',
  ),
  invalidating(
    write('dealer/settings/image/upload', settings.imageUpload, 'service_settings:update'),
    all('service_settings'),
    all('dealer'),
  ),
  invalidating(
    write('dealer/settings/image/delete', settings.imageDelete, 'service_settings:update'),
    all('service_settings'),
    all('dealer'),
  ),
  cached(
    read(
      'dealer/settings/notification/read',
      settings.notificationRead,
      'notification_settings:read',
    ),
    record('notification_settings'),
  ),
  invalidating(
    write(
      'dealer/settings/notification/update',
      settings.notificationUpdate,
      'notification_settings:update',
    ),
    all('notification_settings'),
  ),
  cached(
    read('dealer/settings/service/read', settings.serviceRead, 'service_settings:read'),
    record('service_settings'),
  ),
  invalidating(
    write('dealer/settings/service/update', settings.serviceUpdate, 'service_settings:update'),
    all('service_settings'),
    all('dealer'),
  ),
  cached(read('timezone/list', misc.timezoneList), reference('timezone')),
  cached(read('order/read', misc.orderRead, 'tracker_bundles:read'), record('order', 'order_id')),
  cached(
    read('gateways/email/list', misc.emailGatewayList, 'email_gateways:read'),
    reference('email_gateway'),
  ),
  cached(read('subpaas/list', subpaas.subpaasList, 'subpaas:read'), record('subpaas')),
  cached(
    read('subpaas/read', subpaas.subpaasRead, 'subpaas:read'),
    record('subpaas', 'subpaas_id'),
  ),
  invalidating(write('subpaas/create', subpaas.subpaasCreate, 'subpaas:create'), lists('subpaas')),
  invalidating(
    write('subpaas/update', subpaas.subpaasUpdate, 'subpaas:update'),
    one('subpaas', 'subpaas_id'),
  ),
  invalidating(
    write('subpaas/password/change', subpaas.subpaasPasswordChange, 'subpaas:update'),
    one('subpaas', 'subpaas_id'),
  ),
  hidden(
    invalidating(write('subpaas/session/create', subpaas.subpaasSessionCreate, 'subpaas:create')),
    'it hands out a sub-dealer\u2019s Panel session; the gateway uses it itself for X-Subdealer-Id',
  ),
  cached(read('tariff/list', tariffs.tariffList, 'tariffs:read'), record('tariff')),
  cached(read('tariff/read', tariffs.tariffRead, 'tariffs:read'), record('tariff', 'tariff_id')),
  invalidating(write('tariff/create', tariffs.tariffCreate, 'tariffs:create'), lists('tariff')),
  invalidating(
    write('tariff/update', tariffs.tariffUpdate, 'tariffs:update'),
    one('tariff', 'tariff.id'),
  ),
  cached(
    read('tariff/defaults/read', tariffs.tariffDefaultsRead, 'tariffs:read'),
    record('tariff_defaults'),
  ),
  invalidating(
    write('tariff/defaults/update', tariffs.tariffDefaultsUpdate, 'tariffs:update'),
    all('tariff_defaults'),
  ),
  cached(read('user/list', users.userList, 'users:read'), record('user')),
  cached(read('user/read', users.userRead, 'users:read'), record('user', 'user_id')),
  read('user/export', users.userExport, 'users:read'),
  invalidating(
    write('user/change_password', users.userChangePassword, 'users:update'),
    one('user', 'user_id'),
  ),
  invalidating(
    write('user/corrupt', users.userCorrupt, 'users:corrupt'),
    all('user'),
    all('tracker'),
    all('transaction'),
  ),
  invalidating(
    write('user/session/create', users.userSessionCreate, 'users:read', 'user_sessions:create'),
  ),
  cached(
    read('user/transaction/list', users.userTransactionList, 'users:read', 'transactions:read'),
    record('transaction', 'user_id'),
  ),
  invalidating(
    write(
      'user/transaction/change_balance',
      users.userChangeBalance,
      'users:update',
      'transactions:create',
    ),
    one('user', 'user_id'),
    one('transaction', 'user_id'),
  ),
  invalidating(write('user/create', users.userCreate, 'users:create'), lists('user')),
  invalidating(write('user/update', users.userUpdate, 'users:update'), one('user', 'user.id')),
  invalidating(write('user/upload', users.userUpload, 'users:create'), lists('user')),
  cached(read('user/menu/preset/list', menu.presetList, 'users:read'), record('menu_preset')),
  invalidating(
    write('user/menu/preset/create', menu.presetCreate, 'users:create'),
    lists('menu_preset'),
  ),
  invalidating(
    write('user/menu/preset/update', menu.presetUpdate, 'users:update'),
    all('menu_preset'),
  ),
  invalidating(
    write('user/menu/preset/delete', menu.presetDelete, 'users:delete'),
    all('menu_preset'),
    all('user'),
  ),
  invalidating(
    write('user/menu/preset/assign', menu.presetAssign, 'users:update'),
    all('menu_preset'),
    all('user'),
  ),
  cached(read('user/menu/item/list', menu.menuItemList, 'users:read'), reference('menu_item')),
  cached(
    read('user/menu/preset/items/list', menu.menuItemListLegacy, 'users:read'),
    reference('menu_item'),
  ),
  invalidating(
    write('user/mfa/settings/update', menu.mfaSettingsUpdate, 'users:update'),
    all('user'),
  ),
  cached(
    read('user/mfa/settings/default/read', menu.mfaDefaultRead, 'users:read'),
    record('mfa_default'),
  ),
  invalidating(
    write('user/mfa/settings/default/update', menu.mfaDefaultUpdate, 'users:update'),
    all('mfa_default'),
  ),
  cached(read('tracker/list', trackers.trackerList, 'trackers:read'), record('tracker')),
  cached(
    read('tracker/read', trackers.trackerRead, 'trackers:read'),
    record('tracker', 'tracker_id'),
  ),
  invalidating(
    write('tracker/clone', trackers.trackerClone, 'trackers:create'),
    lists('tracker'),
    one('user', 'user_id'),
  ),
  invalidating(
    write('tracker/batch_clone', ops.trackerBatchClone, 'trackers:create'),
    lists('tracker'),
    all('user'),
  ),
  invalidating(
    write('tracker/delete_clone', trackers.trackerDeleteClone, 'trackers:delete'),
    one('tracker', 'tracker_id'),
    all('user'),
  ),
  invalidating(
    write('tracker/batch_delete_clones', ops.trackerBatchDeleteClones, 'trackers:delete'),
    one('tracker', 'trackers'),
    all('user'),
  ),
  invalidating(
    write('tracker/corrupt', trackers.trackerCorrupt, 'trackers:corrupt'),
    all('tracker'),
    all('user'),
  ),
  invalidating(
    write('tracker/move', trackers.trackerMove, 'trackers:create', 'trackers:delete'),
    one('tracker', 'tracker_id'),
    all('user'),
  ),
  invalidating(
    write('tracker/register_retry', trackers.trackerRegisterRetry, 'trackers:update'),
    one('tracker', 'tracker_id'),
  ),
  invalidating(
    write('tracker/settings/update', trackers.trackerSettingsUpdate, 'trackers:update'),
    one('tracker', 'tracker_id'),
  ),
  invalidating(
    write('tracker/source/update', trackers.trackerSourceUpdate, 'trackers:update'),
    one('tracker', 'tracker_id'),
  ),
  invalidating(
    write(
      'tracker/tariff/change',
      trackers.trackerTariffChange,
      'trackers:update',
      'transactions:create',
    ),
    one('tracker', 'tracker_id'),
    all('user'),
    all('transaction'),
  ),
  invalidating(write('tracker/console/connect', ops.trackerConsoleConnect, 'trackers:update')),
  cached(
    read('tracker/active/history/list', ops.trackerActiveHistory, 'trackers:report'),
    record('tracker_history', undefined, ['tracker', 'user']),
  ),
  invalidating(write('tracker/raw_command/send', ops.trackerRawCommand, 'trackers:update')),
  cached(read('tracker/bundle/list', misc.bundleList, 'tracker_bundles:read'), record('bundle')),
  cached(read('tracker/bundle/read', misc.bundleRead, 'tracker_bundles:read'), record('bundle')),
  invalidating(
    write('tracker/bundle/assign', misc.bundleAssign, 'tracker_bundles:update'),
    one('bundle', 'bundle_id'),
  ),
  invalidating(
    write('tracker/bundle/order/assign', misc.bundleOrderAssign, 'tracker_bundles:update'),
    one('bundle', 'bundle_id'),
    all('order'),
  ),
  invalidating(
    write('tracker/bundle/import', misc.bundleImport, 'tracker_bundles:create'),
    lists('bundle'),
  ),
  invalidating(
    write('tracker/bundle/update', misc.bundleUpdate, 'tracker_bundles:update'),
    one('bundle', 'bundle_id'),
  ),
  cached(
    read('equipment/list', misc.equipmentList, 'tracker_bundles:read'),
    reference('equipment'),
  ),
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
