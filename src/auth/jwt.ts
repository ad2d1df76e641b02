import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { accountList, ALL_ACCOUNTS } from '../config-accounts.js';
import type { JwtConfig } from '../config.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { unauthenticated, type Authenticator } from './api-keys.js';
import { bearerToken } from './authenticator.js';
import type { Principal } from './principal.js';
import { createScopeFilter, type ScopeCatalog } from './scope-catalog.js';

/** What a client is told to wait when the issuer's key set cannot be had. */
const RETRY_AFTER_SECONDS = '5';
const MAX_USER_ID = 2_147_483_647;

/**
 * Mobile apps' JWTs, checked against the issuer's key set (JWKS) with jose: signature by a key of
 * the set, an allowed asymmetric algorithm (never `none`, never HS*), issuer, audience, `exp`
 * (required) and `nbf` within the clock skew, and optionally the token's age. jose caches the key
 * set and fetches it again when a token names an unknown `kid` (at most once per cooldown), so an
 * issuer's key rotation needs no restart.
 *
 * A token the gateway cannot verify is 401 `invalid_token`; a key set it cannot fetch is 503
 * `AUTH_UNAVAILABLE` — the issuer being down says nothing about the caller. The token is never
 * put in an error, a detail or a log line.
 */
export interface JwtAuthenticatorDeps {
  logger: Logger;
  /** Scopes a token may carry to any effect; the others are dropped (and logged once). */
  scopes: ScopeCatalog;
}

export function createJwtAuthenticator(
  config: JwtConfig,
  deps: JwtAuthenticatorDeps,
): Authenticator {
  const knownScopes = createScopeFilter(deps.scopes, deps.logger);
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
    cooldownDuration: config.jwksCooldownSeconds * 1_000,
  });
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      throw isTokenFault(error) ? error : keySetUnavailable(error);
    }
  };
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: config.algorithms,
    clockTolerance: config.clockSkewSeconds,
    maxTokenAge: config.maxTokenAgeSeconds,
    requiredClaims: ['exp', 'sub'],
  };

  return {
    async authenticate({ authorization }) {
      const token = bearerToken(authorization);
      if (token === undefined) {
        throw unauthenticated(
          'The Authorization header must be "Bearer <token>"',
          'invalid_request',
        );
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, options));
      } catch (error) {
        throw error instanceof GatewayError ? error : invalidToken(invalidReason(error));
      }
      return principalOf(payload, config, knownScopes);
    },
  };
}

/** Key lookups that fail because of the token (its `kid`), not because of the issuer. */
function isTokenFault(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys
  );
}

function keySetUnavailable(cause: unknown): GatewayError {
  return new GatewayError('AUTH_UNAVAILABLE', 503, 'Authentication unavailable', {
    detail: 'The token issuer\u2019s key set could not be fetched, so no token can be checked now.',
    headers: { 'Retry-After': RETRY_AFTER_SECONDS },
    cause,
  });
}

function invalidToken(reason: string): GatewayError {
  return unauthenticated(`The token is not valid: ${reason}.`, 'invalid_token');
}

/** Why jose refused the token, in words that never quote the token or its claims' values. */
function invalidReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `its "${error.claim}" claim is missing or not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches its "kid"';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'its signature does not verify';
  return 'it is not a well-formed signed JWT';
}

function principalOf(
  payload: JWTPayload,
  config: JwtConfig,
  knownScopes: ReturnType<typeof createScopeFilter>,
): Principal {
  const { sub } = payload;
  if (typeof sub !== 'string' || sub === '' || sub.length > 200) {
    throw invalidToken('its "sub" claim must be a string of 1 to 200 characters');
  }
  const principal: Principal = {
    kind: 'jwt',
    name: sub,
    // The issuer is the configured one (checked above), so `#` cannot make one subject pass for
    // another: only the subject varies, and it comes last.
    id: `jwt:${config.issuer}#${sub}`,
    scopes: knownScopes(
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
