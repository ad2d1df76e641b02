import { z } from 'zod';
import type { SessionCipher } from './session-cipher.js';

/** A Panel session as cached in process memory and in the store. */
export interface CachedSession {
  hash: string;
  /** Epoch ms after which the cache stops using it (`PANEL_SESSION_TTL_SECONDS` after login). */
  expiresAt: number;
  /** The login's fencing number: a session of a lower one never replaces it in the store. */
  generation: number;
  /** The exact stored string, `<generation>.<json>`, for compare-and-delete. */
  raw: string;
}

/** A refused login remembered so that every instance backs off (never a login storm). */
export interface LoginFailure {
  failures: number;
  retryAt: number;
  code: number;
  description: string;
  /**
   * Set for a refusal remembered as it was answered (a sub-dealer Navixy does not have), not
   * for a back-off: the action and HTTP status of Navixy's answer, to answer it again.
   */
  refusal?: { action: string; httpStatus: number } | undefined;
}

const sessionSchema = z.strictObject({
  hash: z.string().regex(/^[A-Za-z0-9]{16,128}$/),
  expiresAt: z.number().int().positive(),
});

const failureSchema = z.strictObject({
  failures: z.number().int().min(1),
  retryAt: z.number().int().positive(),
  code: z.number().int(),
  description: z.string().max(500),
  refusal: z.strictObject({ action: z.string().max(100), httpStatus: z.number().int() }).optional(),
});

/** Writes and reads the stored form of one account's session. */
export interface SessionCodec {
  encode(hash: string, expiresAt: number, generation: number): CachedSession;
  /** Values read back from Redis are validated like any input; a bad one counts as absent. */
  decode(raw: string | null): CachedSession | undefined;
}

/**
 * The stored form is `<generation>.<record>`: the generation leads, in clear, so the store can
 * fence writes without reading the record; the record (hash and expiry) is sealed by `cipher`
 * when one is given (always, for Redis), bound to the store key and the generation.
 */
export function sessionCodec(storeKey: string, cipher?: SessionCipher): SessionCodec {
  const context = (generation: number) => `${storeKey}#${generation}`;
  return {
    encode(hash, expiresAt, generation) {
      const record = JSON.stringify({ hash, expiresAt });
      const body = cipher ? cipher.seal(record, context(generation)) : record;
      return { hash, expiresAt, generation, raw: `${generation}.${body}` };
    },
    decode(raw) {
      const match = raw === null ? null : /^(\d{1,15})\.(.*)$/s.exec(raw);
      if (!match || raw === null) return undefined;
      const generation = Number(match[1]);
      const body = match[2] ?? '';
      const record = cipher ? cipher.open(body, context(generation)) : body;
      if (record === undefined) return undefined;
      const parsed = sessionSchema.safeParse(safeJson(record));
      return parsed.success ? { ...parsed.data, generation, raw } : undefined;
    },
  };
}

export function decodeFailure(raw: string | null): LoginFailure | undefined {
  if (raw === null) return undefined;
  const parsed = failureSchema.safeParse(safeJson(raw));
  return parsed.success ? parsed.data : undefined;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
