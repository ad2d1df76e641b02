import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { JwtConfig } from './jwt-settings.js';
import { GatewayError } from '../problems/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { bearerToken, unauthenticated, type Authenticator } from './authenticator.js';
import { invalidToken, principalOf } from './jwt-claims.js';
import type { TokenIssuer } from './jwt-issuer.js';
import { createScopeFilter, type ScopeCatalog } from './scope-catalog.js';

export interface JwtAuthenticatorDeps {
  logger: Logger;
  /** Scopes a token may carry to any effect; the others are dropped (and logged once). */
  scopes: ScopeCatalog;
  /** Where the issuer's keys come from (`jwt-issuer.ts`). */
  issuer: TokenIssuer;
  /** The clock of the time claims. */
  now?: () => number;
}

/**
 * Access tokens as RFC 9068 has resource servers check them, with jose: the type
 * (`typ: at+jwt`, or one of `JWT_TOKEN_TYPES`: an ID token is not an access token, even one
 * whose `aud` is this gateway), the signature by a key of the issuer's key set (see
 * `key-set.ts`, found through `jwt-issuer.ts`), an allowed asymmetric algorithm (never `none`,
 * never HS*; `JWT_ALGORITHMS` and what the issuer advertises), issuer, audience,
 * `exp` (required), `nbf` and `iat` not in the future beyond the clock skew, and optionally the
 * token's age.
 *
 * A token the gateway cannot verify is 401 `invalid_token`, saying which check failed; a key set
 * it cannot consult is 503 `AUTH_UNAVAILABLE` — the issuer being down says nothing about the
 * caller. The token is never put in an error, a detail or a log line.
 */
export function createJwtAuthenticator(
  config: JwtConfig,
  deps: JwtAuthenticatorDeps,
): Authenticator {
  const now = deps.now ?? Date.now;
  const keepKnown = createScopeFilter(deps.scopes, deps.logger);
  const { issuer } = deps;
  const types = new Set(config.tokenTypes.map(normalizedType));
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
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
      const algorithms = await issuer.algorithms();
      const at = now();
      let verified;
      try {
        verified = await jwtVerify(token, issuer.getKey, {
          ...options,
          algorithms,
          currentDate: new Date(at),
        });
      } catch (error) {
        throw error instanceof GatewayError ? error : invalidToken(invalidReason(error, config));
      }
      const { payload, protectedHeader } = verified;
      const type = protectedHeader.typ;
      if (typeof type !== 'string' || !types.has(normalizedType(type))) {
        throw invalidToken(
          `it is not an access token: its "typ" header is not ${config.tokenTypes.join(' or ')} ` +
            '(RFC 9068; an ID token, for one, is not an access token)',
        );
      }
      // jose checks `iat` only against a maximum age: a token from the future is refused here.
      if (typeof payload.iat === 'number' && payload.iat > at / 1000 + config.clockSkewSeconds) {
        throw invalidToken('its "iat" (issued at) is in the future');
      }
      return principalOf(payload, config, keepKnown);
    },
  };
}

/** `application/at+jwt` and `AT+JWT` are `at+jwt` (RFC 9068 §4, RFC 8725 §3.11). */
function normalizedType(type: string): string {
  return type.toLowerCase().replace(/^application\//, '');
}

/** Why jose refused the token, naming the check, never quoting the token or its claims' values. */
function invalidReason(error: unknown, config: JwtConfig): string {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? `it was issued more than ${config.maxTokenAgeSeconds} s ago (its "iat", JWT_MAX_TOKEN_AGE_SECONDS)`
      : 'it has expired (its "exp" is past)';
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimReason(error);
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches its "kid"';
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'its signature does not verify';
  }
  return 'it is not a well-formed signed JWT';
}

function claimReason({ claim, reason }: InstanceType<typeof errors.JWTClaimValidationFailed>) {
  if (reason === 'missing') return `its "${claim}" claim is missing`;
  if (reason !== 'check_failed') return `its "${claim}" claim is malformed`;
  switch (claim) {
    case 'iss':
      return 'its "iss" claim is not the issuer this gateway trusts (JWT_ISSUER)';
    case 'aud':
      return 'its "aud" claim does not name this gateway (JWT_AUDIENCE)';
    case 'nbf':
      return 'it is not valid yet (its "nbf" is in the future)';
    case 'iat':
      return 'its "iat" (issued at) is in the future';
    default:
      return `its "${claim}" claim is not accepted`;
  }
}
