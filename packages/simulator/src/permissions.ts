/** A permission map as `account/auth` returns it: `{category: [operation, ...]}` (reference §3.1). */
export type PermissionMap = Record<string, string[]>;

/** One required (category, operation) pair, e.g. `['users', 'read']`. */
export type Permission = readonly [category: string, operation: string];

/** Every category and operation of reference §3.2. */
export const FULL_PERMISSIONS: PermissionMap = {
  accounting: ['generate'],
  activation_code: ['create', 'read', 'update'],
  base: ['get_dealer_info'],
  email_gateways: ['create', 'delete', 'read', 'send_email', 'update'],
  notification_settings: ['read', 'update'],
  password: ['update'],
  service_settings: ['read', 'update'],
  sms: ['create'],
  subpaas: ['create', 'delete', 'read', 'update'],
  tariffs: ['create', 'read', 'update'],
  trackers: ['corrupt', 'create', 'delete', 'global', 'read', 'report', 'update'],
  tracker_bundles: ['read', 'update'],
  transactions: ['create', 'read', 'update'],
  users: ['corrupt', 'create', 'read', 'update', 'delete'],
  user_sessions: ['create'],
  paas_payments: ['create', 'send_email'],
  paas_tariff: ['read'],
};

/**
 * Reference §3.1: "If the user does not have at least one required permission, the call is not
 * executed" — read literally, the session must hold every listed pair. An absent category grants
 * nothing.
 */
export function grants(granted: PermissionMap, required: readonly Permission[]): boolean {
  return required.every(([category, operation]) => granted[category]?.includes(operation) === true);
}

/** A deep copy, so no caller can change a session's permissions through the answer it got. */
export function copyPermissions(permissions: PermissionMap): PermissionMap {
  return Object.fromEntries(Object.entries(permissions).map(([key, ops]) => [key, [...ops]]));
}
