import { z } from 'zod';

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
});

/** The stored form leads with the generation, so the store can fence writes without parsing. */
export function encodeSession(hash: string, expiresAt: number, generation: number): CachedSession {
  return {
    hash,
    expiresAt,
    generation,
    raw: `${generation}.${JSON.stringify({ hash, expiresAt })}`,
  };
}

/** Values read back from Redis are validated like any input; a bad one counts as absent. */
export function decodeSession(raw: string | null): CachedSession | undefined {
  const match = raw === null ? null : /^(\d{1,15})\.(.*)$/s.exec(raw);
  if (!match || raw === null) return undefined;
  const parsed = sessionSchema.safeParse(safeJson(match[2] ?? ''));
  return parsed.success ? { ...parsed.data, generation: Number(match[1]), raw } : undefined;
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
