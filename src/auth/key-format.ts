import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Key prefix: makes gateway keys recognisable to secret scanners and to people. */
export const API_KEY_PREFIX = 'npg_';

/** A new random key of `API_KEYS_FILE`: 256 bits of entropy, base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The digest `API_KEYS_FILE` keeps of a key. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
/**
 * A managed key reads `npg_<id>_<secret>`: the id (16 hex digits) names its record and may be
 * shown in lists and logs; the secret (256 random bits, base64url) is never stored or shown
 * again. A key of `API_KEYS_FILE` (`npg_` and 43 characters) never has this shape.
 */
const MANAGED_KEY = /^npg_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;

export interface IssuedKey {
  id: string;
  key: string;
}

export function issueManagedKey(): IssuedKey {
  const id = randomBytes(8).toString('hex');
  return { id, key: `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}` };
}

/** The record id of a managed key, or undefined when the value is not one. */
export function managedKeyId(key: string): string | undefined {
  return MANAGED_KEY.exec(key)?.[1];
}

/** Turns keys into the digests the store keeps, with the server secret. */
export interface KeyHasher {
  digest(key: string): string;
  /** Compares a stored digest with a computed one in constant time. */
  matches(stored: string, computed: string): boolean;
}

/**
 * HMAC-SHA-256 with a server secret rather than a bare hash: a copy of the store alone does
 * not let anyone test guesses of a key offline.
 */
export function createKeyHasher(secret: string): KeyHasher {
  return {
    digest: (key) => createHmac('sha256', secret).update(key, 'utf8').digest('hex'),
    matches(stored, computed) {
      const a = Buffer.from(stored, 'hex');
      const b = Buffer.from(computed, 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
