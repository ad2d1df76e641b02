import type { JWTPayload } from 'jose';
import { accountList, ALL_ACCOUNTS } from './account-refs.js';
import type { JwtConfig } from './jwt-settings.js';
import type { GatewayError } from '../problems/gateway-error.js';
import { unauthenticated } from './authenticator.js';
import type { Principal } from './principal.js';

const MAX_USER_ID = 2_147_483_647;

/** 401 `invalid_token` for a token that is not valid, saying why. */
export function invalidToken(reason: string): GatewayError {
  return unauthenticated(`The token is not valid: ${reason}.`, 'invalid_token');
}

/**
 * The principal a verified token names: `jwt:<issuer>#<sub>`, its scopes (kept by `keepKnown`),
 * its Panel accounts and the Navixy user it may be bound to. A claim present but malformed
 * refuses the token rather than being read as absent.
 */
export function principalOf(
  payload: JWTPayload,
  config: JwtConfig,
  keepKnown: (scopes: Iterable<string>, claim: string) => Set<string>,
): Principal {
  const { sub } = payload;
  if (typeof sub !== 'string' || sub === '' || sub.length > 200) {
    throw invalidToken('its "sub" claim must be a string of 1 to 200 characters');
  }
  const principal: Principal = {
    kind: 'jwt',
    name: sub,
    // The issuer is the configured one (checked before), so `#` cannot make one subject pass for
    // another: only the subject varies, and it comes last.
    id: `jwt:${config.issuer}#${sub}`,
    scopes: keepKnown(
      scopesOf(payload[config.scopesClaim], config.scopesClaim),
      config.scopesClaim,
    ),
  };
  const accounts = accountsOf(payload[config.accountsClaim], config.accountsClaim);
  if (accounts) principal.accounts = accounts;
  const userId = userIdOf(payload[config.userIdClaim], config.userIdClaim);
  if (userId === undefined) return principal;
  // A user id means one user in one Panel account's data: on another account the same number
  // can be someone else, so a bound token may name one account (or none: the default) only.
  if (accounts && (accounts.length !== 1 || accounts[0] === ALL_ACCOUNTS)) {
    throw invalidToken(
      `a token bound to a user must name one Panel account in its "${config.accountsClaim}" claim`,
    );
  }
  return { ...principal, userId };
}

/**
 * The Panel accounts the token may use, space-separated or an array, like scopes. A claim that is
 * present but malformed refuses the token rather than falling back to the default account.
 */
function accountsOf(claim: unknown, name: string): string[] | undefined {
  if (claim === undefined) return undefined;
  const list = typeof claim === 'string' ? claim.split(' ').filter(Boolean) : claim;
  const parsed = accountList.safeParse(list);
  if (parsed.success) return parsed.data;
  throw invalidToken(`its "${name}" claim must list Panel account ids (or *)`);
}

/** RFC 8693 §4.2 `scope` is space-separated; some issuers send an array instead. Both are taken. */
function scopesOf(claim: unknown, name: string): Set<string> {
  if (claim === undefined) return new Set();
  if (typeof claim === 'string') return new Set(claim.split(' ').filter(Boolean));
  if (Array.isArray(claim) && claim.every((scope) => typeof scope === 'string')) {
    return new Set(claim);
  }
  throw invalidToken(`its "${name}" claim must be a space-separated string or an array of strings`);
}

/**
 * The bound Navixy user. A claim that is present but not a user id refuses the token: read as
 * "unbound" it would give the app the wider rights of an unbound caller.
 */
function userIdOf(claim: unknown, name: string): number | undefined {
  if (claim === undefined) return undefined;
  const id = typeof claim === 'string' && /^[1-9]\d{0,9}$/.test(claim) ? Number(claim) : claim;
  if (typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= MAX_USER_ID) return id;
  throw invalidToken(`its "${name}" claim must be a positive integer Navixy user id`);
}
