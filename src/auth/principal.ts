import { parseRate, type ClientRateSetting } from '../rate-syntax.js';

/** Who is calling: resolved from an API key or a JWT. */
export interface Principal {
  name: string;
  /**
   * Who it is across instances, unique across credential kinds: `key:<name>` for API keys (a
   * file key and a managed key of one name are one client, as are a rotated key and its
   * successor), `jwt:<sub>` for tokens. Client rate limits count per id.
   */
  id: string;
  /** Navixy permissions written `category:operation`; `category:*` grants every operation. */
  scopes: ReadonlySet<string>;
  /**
   * The Navixy user a mobile app's JWT is bound to. A bound principal acts only as that user:
   * `/v1/me*` and `/v1/users/{its id}…`, nothing else (see `user-binding.ts`).
   */
  userId?: number;
  /**
   * The Panel accounts it may use, by id; `*` names every account. Absent: the default account
   * only, so a credential made before a second account existed never reaches it by accident.
   */
  accounts?: readonly string[];
  /** The key's own client rate limit, before any rule or the default (see `client-rate-limiter.ts`). */
  rateLimit?: ClientRateSetting;
}

/** What an API key (file or managed) says of its holder. */
export interface KeyGrant {
  name: string;
  scopes: readonly string[];
  accounts?: readonly string[] | undefined;
  /** The key's own client rate limit as written (`600/60s`, `off`). */
  rateLimit?: string | undefined;
}

/** The principal of an API key (file or managed); `rateLimit` is the key's own, validated. */
export function keyPrincipal({ name, scopes, accounts, rateLimit }: KeyGrant): Principal {
  const principal: Principal = { name, id: `key:${name}`, scopes: new Set(scopes) };
  if (accounts) principal.accounts = accounts;
  if (rateLimit !== undefined) principal.rateLimit = parseRate(rateLimit);
  return principal;
}

/** True when the principal holds `scope`, itself or as `category:*`. */
export function holdsScope(principal: Principal, scope: string): boolean {
  if (principal.scopes.has(scope)) return true;
  return principal.scopes.has(`${scope.slice(0, scope.indexOf(':'))}:*`);
}

/** The required scopes the principal lacks (empty when it may proceed). */
export function missingScopes(principal: Principal, required: readonly string[]): string[] {
  return required.filter((scope) => !holdsScope(principal, scope));
}
