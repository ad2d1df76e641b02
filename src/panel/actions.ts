/**
 * The Panel actions the gateway calls, with the permissions each needs (reference §3.3) and
 * whether it changes state. Scopes of gateway routes derive from this table, so a route can
 * never ask for less than Navixy will demand.
 */
export interface PanelAction {
  /** Path under the Panel base, e.g. `user/read`. */
  path: string;
  /** Navixy permissions, written `category:operation`; the caller needs all of them. */
  permissions: readonly string[];
  /** True when the action changes state (never retried on transport errors). */
  mutates: boolean;
}

const action = (path: string, permissions: string[], mutates = false): PanelAction => ({
  path,
  permissions,
  mutates,
});

export const PANEL_ACTIONS = {
  'account/auth': action('account/auth', []),
  'account/get_permissions': action('account/get_permissions', []),
  'dealer/get_info': action('dealer/get_info', ['base:get_dealer_info']),
  'user/list': action('user/list', ['users:read']),
  'user/read': action('user/read', ['users:read']),
  'tracker/list': action('tracker/list', ['trackers:read']),
  'tracker/read': action('tracker/read', ['trackers:read']),
} as const satisfies Record<string, PanelAction>;

export type PanelActionName = keyof typeof PANEL_ACTIONS;

/** The scopes a client needs to call all of `actions`: the union of their permissions. */
export function scopesFor(actions: readonly PanelActionName[]): string[] {
  return [...new Set(actions.flatMap((name) => PANEL_ACTIONS[name].permissions))].sort();
}
