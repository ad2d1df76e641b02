import { parseRate, type ClientRateSetting } from './rate-syntax.js';

/** How the caller authenticated: it decides the namespace of its identity. */
export type PrincipalKind = 'file-key' | 'managed-key' | 'jwt';

/** Who is calling: resolved from an API key or a JWT. */
export interface Principal {
  kind: PrincipalKind;
  /**
   * Who it is across instances, in logs, audit records and client rate-limit counters:
   * `file:<name>` for an `API_KEYS_FILE` entry, `managed:<lineage>` for a managed key (the id of
   * the first key of its rotation chain, so a rotated key and its successor are one client),
   * `jwt:<issuer>#<sub>` for a token. The namespace comes from how the caller authenticated,
   * never from a name, so no key name or token subject can pass for another kind's identity.
   */
  id: string;
  /**
   * A label for people: the key's name or the token's subject. Whoever made the credential
   * chose it, so it is never an identity.
   */
  name: string;
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

/**
 * The principal of an `API_KEYS_FILE` entry. Entries of one name are one client: the operator
 * who writes the file replaces a key by adding an entry of the same name.
 */
export function fileKeyPrincipal(entry: KeyGrant): Principal {
  return grantPrincipal('file-key', `file:${entry.name}`, entry);
}

/** The principal of a managed key: its identity is its lineage, whatever its name. */
export function managedKeyPrincipal(record: KeyGrant & { id: string; lineage?: string }) {
  return grantPrincipal('managed-key', `managed:${record.lineage ?? record.id}`, record);
}

function grantPrincipal(kind: PrincipalKind, id: string, grant: KeyGrant): Principal {
  const { name, scopes, accounts, rateLimit } = grant;
  const principal: Principal = { kind, id, name, scopes: new Set(scopes) };
  if (accounts) principal.accounts = accounts;
  if (rateLimit !== undefined) principal.rateLimit = parseRate(rateLimit);
  return principal;
}

/**
 * The credential a principal presented, as answers name it ("the API key lacks…", "the token
 * lacks…"), so a caller is told about what it actually sent.
 */
export function credentialName(principal: Pick<Principal, 'kind'>): string {
  return principal.kind === 'jwt' ? 'token' : 'API key';
}

/** True when the principal holds `scope`, itself or as `category:*`. */
export function holdsScope(principal: Pick<Principal, 'scopes'>, scope: string): boolean {
  if (principal.scopes.has(scope)) return true;
  return principal.scopes.has(`${scope.slice(0, scope.indexOf(':'))}:*`);
}

/** The required scopes the principal lacks (empty when it may proceed). */
export function missingScopes(principal: Principal, required: readonly string[]): string[] {
  return required.filter((scope) => !holdsScope(principal, scope));
}
