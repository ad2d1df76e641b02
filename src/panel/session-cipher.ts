import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key for session records at rest, with the id that names it in sealed values. */
export interface SessionKey {
  id: string;
  key: Buffer;
}

/**
 * Seals Panel session records before they go to Redis: AES-256-GCM, a random 96-bit nonce per
 * value, and the key id in the value so that keys can rotate — the first key seals, every key
 * opens. `context` (the store key and the fencing number) is authenticated too, so a value
 * copied to another account's key, or given another generation, does not open.
 */
export interface SessionCipher {
  seal(plaintext: string, context: string): string;
  /** The plaintext, or undefined when the value is not one this cipher's keys sealed. */
  open(sealed: string, context: string): string | undefined;
}

const FORMAT = 'a1';

export function createSessionCipher(keys: readonly SessionKey[]): SessionCipher {
  const [current] = keys;
  if (!current) throw new Error('a session cipher needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.key]));

  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
      return `${FORMAT}:${current.id}:${sealed}`;
    },
    open(sealed, context) {
      const [format, id, data] = sealed.split(':');
      const key = id === undefined ? undefined : byId.get(id);
      if (format !== FORMAT || !key || !data) return undefined;
      const bytes = Buffer.from(data, 'base64url');
      if (bytes.length < 12 + 16) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        const body = bytes.subarray(12, bytes.length - 16);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        return undefined; // tampered, or sealed under another context
      }
    },
  };
}
