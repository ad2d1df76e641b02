import type { SessionKey } from '../panel/session-cipher.js';

/**
 * Parses `SESSION_ENCRYPTION_KEYS`: `id:base64key` entries separated by commas or whitespace,
 * the first sealing new values. Throws a message naming the bad entry, never its key.
 */
export function parseSessionKeys(text: string): SessionKey[] {
  const keys: SessionKey[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new Error(
        'each entry must be written id:base64key, the id of 1-32 letters, digits, _ or -',
      );
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes, base64-encoded`);
    if (keys.some((k) => k.id === id)) throw new Error(`key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new Error('no key given');
  return keys;
}
