import { ALL_ACCOUNTS, PANEL_ACCOUNT_ID } from './account-refs.js';
import { GatewayError, ValidationError } from '../problems/gateway-error.js';
import type { Principal } from './principal.js';

export const PANEL_ACCOUNT_HEADER = 'x-panel-account';

/** The configured accounts, as far as choosing one goes. */
export interface AccountDirectory {
  /** Every account id, the default first. */
  readonly ids: readonly string[];
  readonly defaultId: string;
}

/** The configured accounts the principal may use, in configuration order. */
export function allowedAccounts(principal: Principal, directory: AccountDirectory): string[] {
  const granted = principal.accounts ?? [directory.defaultId];
  if (granted.includes(ALL_ACCOUNTS)) return [...directory.ids];
  return directory.ids.filter((id) => granted.includes(id));
}

/**
 * The account a request acts as, from `X-Panel-Account`. Without the header, the principal's
 * only account; naming one it may not use, or one that does not exist, is the same 403, so the
 * answer never tells which accounts exist.
 */
export function chooseAccount(
  principal: Principal,
  header: string | string[] | undefined,
  directory: AccountDirectory,
): string {
  const allowed = allowedAccounts(principal, directory);
  if (header === undefined) {
    const [only, ...more] = allowed;
    if (only !== undefined && more.length === 0) return only;
    if (only === undefined) throw accountForbidden();
    throw new GatewayError('PANEL_ACCOUNT_REQUIRED', {
      detail: `This credential may use several Panel accounts; name one in the X-Panel-Account header (${allowed.join(', ')}).`,
      extensions: { panelAccounts: allowed },
    });
  }
  if (typeof header !== 'string' || !PANEL_ACCOUNT_ID.test(header)) {
    throw new ValidationError([
      { in: 'header', name: 'X-Panel-Account', message: 'must be a Panel account id' },
    ]);
  }
  if (!allowed.includes(header)) throw accountForbidden();
  return header;
}

function accountForbidden(): GatewayError {
  return new GatewayError('PANEL_ACCOUNT_FORBIDDEN', {
    detail:
      'This credential may not use the Panel account it asked for, or none is configured for it.',
  });
}
