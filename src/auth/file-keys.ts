import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from './key-entry.js';
import { unauthenticated, type Authenticator, type Credentials } from './authenticator.js';
import type { ManagedKeyVerifier } from './managed-keys.js';
import { fileKeyPrincipal } from './principal.js';

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
