import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config.js';
import { GatewayError } from '../errors.js';
import type { ManagedKeyVerifier } from './managed-keys.js';
import { credentialName, fileKeyPrincipal, type Principal } from './principal.js';

const REALM = 'navixy-panel-gateway';

/** Key prefix: makes gateway keys recognisable to secret scanners and to people. */
export const API_KEY_PREFIX = 'npg_';

/** A new random key: 256 bits of entropy, base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

/**
 * Resolves the caller from `Authorization: Bearer <credential>` or `X-API-Key: <key>`, or
 * rejects with 401. Asynchronous: a credential may need a store lookup or a key set fetch.
 */
export interface Authenticator {
  authenticate(credentials: Credentials): Promise<Principal>;
}

/**
 * Keys of `API_KEYS_FILE` are known only by their SHA-256. A presented key is hashed, the digest
 * looked up, and the stored digest compared in constant time, so neither the lookup nor the
 * comparison reveals how much of a guess was right. A key that is not in the file goes to the
 * managed keys, if any; the answer for a key that is unknown, revoked or expired is the same 401.
 */
export function createApiKeyAuthenticator(
  entries: readonly ApiKeyEntry[],
  managed?: ManagedKeyVerifier,
): Authenticator {
  const byDigest = new Map(
    entries.map((entry) => [
      entry.sha256,
      {
        digest: Buffer.from(entry.sha256, 'hex'),
        principal: fileKeyPrincipal(entry),
      },
    ]),
  );

  return {
    async authenticate(credentials) {
      const key = presentedKey(credentials);
      const digest = createHash('sha256').update(key, 'utf8').digest();
      const found = byDigest.get(digest.toString('hex'));
      if (found && timingSafeEqual(found.digest, digest)) return found.principal;
      const principal = await managed?.verify(key);
      if (principal) return principal;
      throw unauthenticated('The API key is not valid', 'invalid_token');
    },
  };
}

function presentedKey({ authorization, apiKey }: Credentials): string {
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(authorization);
    if (!match?.[1]) {
      throw unauthenticated(
        'The Authorization header must be "Bearer <api key>"',
        'invalid_request',
      );
    }
    return match[1];
  }
  if (apiKey !== undefined && apiKey.trim() !== '') return apiKey.trim();
  throw unauthenticated(
    'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"',
  );
}

/** 401 with the RFC 6750 challenge (`error` only when credentials were sent, §3.1). */
export function unauthenticated(detail: string, error?: string): GatewayError {
  const challenge = error ? `Bearer realm="${REALM}", error="${error}"` : `Bearer realm="${REALM}"`;
  return new GatewayError('UNAUTHENTICATED', 401, 'Authentication required', {
    detail,
    headers: { 'WWW-Authenticate': challenge },
  });
}

/**
 * 403 naming the missing scopes and the credential that lacks them, with the RFC 6750
 * `insufficient_scope` challenge.
 */
export function insufficientScope(
  required: readonly string[],
  missing: readonly string[],
  principal: Pick<Principal, 'kind'>,
) {
  return new GatewayError('INSUFFICIENT_SCOPE', 403, 'Insufficient scope', {
    detail: `This operation needs the scopes ${required.join(', ')}; the ${credentialName(principal)} lacks ${missing.join(', ')}.`,
    headers: {
      'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${required.join(' ')}"`,
    },
    extensions: { requiredScopes: required, missingScopes: missing },
  });
}
