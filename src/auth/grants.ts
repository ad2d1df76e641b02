import { ALL_ACCOUNTS } from './account-refs.js';
import { GatewayError } from '../problems/gateway-error.js';
import type { RatePolicy } from './rate-syntax.js';
import {
  credentialName,
  fileKeyPrincipal,
  holdsScope,
  type KeyGrant,
  type Principal,
} from './principal.js';

/** What a grant asked for that its grantor does not hold, by field. */
export interface NotGrantable {
  scopes?: string[];
  accounts?: string[];
  /** The rate limit as asked for (`off`, `1000/60s`), or the policy it would fall back to. */
  rateLimit?: string;
}

/** Whether a principal may give a grant to a key it makes (`POST /admin/keys`, rotations). */
export interface GrantCheck {
  /** Throws 403 `GRANT_EXCEEDS_CALLER` naming what `grantor` may not give. */
  assert(grantor: Principal, grant: KeyGrant): void;
}

export interface GrantCheckDeps {
  /** The account a credential without `accounts` uses. */
  defaultAccount: string;
  /** The client rate policy that applies to a principal; undefined: not limited. */
  ratePolicy: (principal: Principal) => RatePolicy | undefined;
}

/**
 * A principal can grant only what it holds (least privilege: no caller of `/admin` ends up
 * with more than it came with, however many keys it mints):
 * - each scope must be held; `category:*` only by a holder of `category:*` itself, since it
 *   covers operations the grantor's listed ones do not. `gateway:admin` follows the same rule,
 *   so a minted admin key can in turn grant only within what it was given;
 * - each account must be one of the grantor's (no `accounts`: the default one); `*`, which
 *   also covers accounts configured later, only by a holder of `*`;
 * - the key's effective rate limit (its own, else the rule or default its scopes get) may
 *   allow neither more requests per window nor a higher average rate than the grantor's own.
 * `npm run keys` does not go through this: it acts with Redis access, outside any principal.
 */
export function createGrantCheck(deps: GrantCheckDeps): GrantCheck {
  return {
    assert(grantor, grant) {
      const notGrantable: NotGrantable = {};
      const scopes = grant.scopes.filter((scope) => !covers(grantor, scope));
      if (scopes.length > 0) notGrantable.scopes = scopes;
      const accounts = accountsNotHeld(grantor, grant, deps.defaultAccount);
      if (accounts.length > 0) notGrantable.accounts = accounts;
      const own = deps.ratePolicy(grantor);
      const granted = deps.ratePolicy(fileKeyPrincipal(grant));
      if (own && (!granted || looser(granted, own))) {
        notGrantable.rateLimit = grant.rateLimit ?? (granted ? written(granted) : 'off');
      }
      if (Object.keys(notGrantable).length > 0) {
        throw grantExceedsCaller(grantor, notGrantable, own);
      }
    },
  };
}

function covers(grantor: Principal, scope: string): boolean {
  return scope.endsWith(':*') ? grantor.scopes.has(scope) : holdsScope(grantor, scope);
}

function accountsNotHeld(grantor: Principal, grant: KeyGrant, defaultAccount: string): string[] {
  const held = grantor.accounts ?? [defaultAccount];
  if (held.includes(ALL_ACCOUNTS)) return [];
  return (grant.accounts ?? [defaultAccount]).filter((id) => !held.includes(id));
}

/** More requests in one window, or a higher average rate. */
function looser(granted: RatePolicy, own: RatePolicy): boolean {
  return granted.limit > own.limit || granted.limit * own.windowMs > own.limit * granted.windowMs;
}

const written = (policy: RatePolicy) =>
  `${policy.limit}/${policy.windowMs / 1000}s (policy "${policy.name}")`;

function grantExceedsCaller(
  grantor: Principal,
  notGrantable: NotGrantable,
  own: RatePolicy | undefined,
): GatewayError {
  const parts = [
    notGrantable.scopes && `the scopes ${notGrantable.scopes.join(', ')}`,
    notGrantable.accounts && `the Panel accounts ${notGrantable.accounts.join(', ')}`,
    notGrantable.rateLimit &&
      own &&
      `the rate limit ${notGrantable.rateLimit}, looser than its own ` +
        `${own.limit} requests per ${own.windowMs / 1000} s`,
  ].filter(Boolean);
  return new GatewayError('GRANT_EXCEEDS_CALLER', {
    detail: `A key can get only what the ${credentialName(grantor)} that makes it holds; this one may not grant ${parts.join('; ')}.`,
    extensions: { notGrantable },
  });
}
