/**
 * Every Panel API action (reference §6: 64 documented + 7 legacy), with the permissions each
 * needs (§3.3, current docs) and whether it changes state. Scopes of gateway routes derive from
 * this table, so a route can never ask for less than Navixy will demand; transport retries are
 * only ever considered for actions that do not change state.
 */
export interface PanelAction {
  /** Path under the Panel base, e.g. `user/read`. */
  path: string;
  /** Navixy permissions, written `category:operation`; the caller needs all of them. */
  permissions: readonly string[];
  /** True when the action changes state. */
  mutates: boolean;
  /** Why the gateway never exposes it, when it does not. */
  hidden?: string;
}

type Entry<P extends string> = PanelAction & { path: P };

const read = <P extends string>(path: P, ...permissions: string[]): Entry<P> => ({
  path,
  permissions,
  mutates: false,
});
const write = <P extends string>(path: P, ...permissions: string[]): Entry<P> => ({
  path,
  permissions,
  mutates: true,
});
const hidden = <P extends string>(action: Entry<P>, reason: string): Entry<P> => ({
  ...action,
  hidden: reason,
});

const CATALOG = [
  hidden(
    read('account/auth'),
    'it takes the Panel password: the gateway logs in itself and never hands out a Panel session',
  ),
  read('account/get_permissions'),
  hidden(write('account/logout'), 'it would end the session every client of the gateway shares'),
  read('dealer/get_info', 'base:get_dealer_info'),
  write('dealer/activation_code/create', 'activation_code:read', 'activation_code:create'),
  read('dealer/activation_code/list', 'activation_code:read'),
  write('dealer/activation_code/update', 'activation_code:update'),
  hidden(
    write('dealer/password/update', 'password:update'),
    'it changes the gateway\u2019s own Panel password and ends every Panel session of the dealer',
  ),
  write('dealer/settings/image/upload', 'service_settings:update'),
  write('dealer/settings/image/delete', 'service_settings:update'),
  read('dealer/settings/notification/read', 'notification_settings:read'),
  write('dealer/settings/notification/update', 'notification_settings:update'),
  read('dealer/settings/service/read', 'service_settings:read'),
  write('dealer/settings/service/update', 'service_settings:update'),
  read('timezone/list'),
  read('order/read', 'tracker_bundles:read'),
  read('gateways/email/list', 'email_gateways:read'),
  read('subpaas/list', 'subpaas:read'),
  read('subpaas/read', 'subpaas:read'),
  write('subpaas/create', 'subpaas:create'),
  write('subpaas/update', 'subpaas:update'),
  write('subpaas/password/change', 'subpaas:update'),
  hidden(
    write('subpaas/session/create', 'subpaas:create'),
    'it hands out a sub-dealer\u2019s Panel session; the gateway uses it itself for X-Subdealer-Id',
  ),
  read('tariff/list', 'tariffs:read'),
  read('tariff/read', 'tariffs:read'),
  write('tariff/create', 'tariffs:create'),
  write('tariff/update', 'tariffs:update'),
  read('tariff/defaults/read', 'tariffs:read'),
  write('tariff/defaults/update', 'tariffs:update'),
  read('user/list', 'users:read'),
  read('user/read', 'users:read'),
  read('user/export', 'users:read'),
  write('user/change_password', 'users:update'),
  write('user/corrupt', 'users:corrupt'),
  write('user/session/create', 'users:read', 'user_sessions:create'),
  read('user/transaction/list', 'users:read', 'transactions:read'),
  write('user/transaction/change_balance', 'users:update', 'transactions:create'),
  write('user/create', 'users:create'),
  write('user/update', 'users:update'),
  write('user/upload', 'users:create'),
  read('user/menu/preset/list', 'users:read'),
  write('user/menu/preset/create', 'users:create'),
  write('user/menu/preset/update', 'users:update'),
  write('user/menu/preset/delete', 'users:delete'),
  write('user/menu/preset/assign', 'users:update'),
  read('user/menu/item/list', 'users:read'),
  write('user/mfa/settings/update', 'users:update'),
  read('user/mfa/settings/default/read', 'users:read'),
  write('user/mfa/settings/default/update', 'users:update'),
  read('tracker/list', 'trackers:read'),
  read('tracker/read', 'trackers:read'),
  write('tracker/clone', 'trackers:create'),
  write('tracker/batch_clone', 'trackers:create'),
  write('tracker/delete_clone', 'trackers:delete'),
  write('tracker/batch_delete_clones', 'trackers:delete'),
  write('tracker/corrupt', 'trackers:corrupt'),
  write('tracker/move', 'trackers:create', 'trackers:delete'),
  write('tracker/register_retry', 'trackers:update'),
  write('tracker/settings/update', 'trackers:update'),
  write('tracker/source/update', 'trackers:update'),
  write('tracker/tariff/change', 'trackers:update', 'transactions:create'),
  write('tracker/console/connect', 'trackers:update'),
  read('tracker/active/history/list', 'trackers:report'),
  write('tracker/raw_command/send', 'trackers:update'),
  read('tracker/bundle/list', 'tracker_bundles:read'),
  read('tracker/bundle/read', 'tracker_bundles:read'),
  write('tracker/bundle/assign', 'tracker_bundles:update'),
  write('tracker/bundle/order/assign', 'tracker_bundles:update'),
  write('tracker/bundle/import', 'tracker_bundles:create'),
  write('tracker/bundle/update', 'tracker_bundles:update'),
  read('equipment/list', 'tracker_bundles:read'),
] as const satisfies readonly PanelAction[];

export type PanelActionName = (typeof CATALOG)[number]['path'];

export const PANEL_ACTIONS: Readonly<Record<PanelActionName, PanelAction>> = Object.fromEntries(
  CATALOG.map((action) => [action.path, action]),
) as Record<PanelActionName, PanelAction>;

/** The scopes a client needs to call all of `actions`: the union of their permissions. */
export function scopesFor(actions: readonly PanelActionName[]): string[] {
  return [...new Set(actions.flatMap((name) => PANEL_ACTIONS[name].permissions))].sort();
}
