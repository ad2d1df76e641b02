import { z } from 'zod';
import { isRate } from './rate-syntax.js';
import type { Store } from '../store/store.js';

/**
 * A managed API key as the store keeps it: its HMAC digest and its metadata, never the key.
 * Times are ISO-8601 strings; absent optional fields were never set.
 */
export interface KeyRecord {
  id: string;
  name: string;
  scopes: string[];
  /** The Panel accounts it may use (`*`: all); absent: the default account only. */
  accounts?: string[] | undefined;
  /** HMAC-SHA-256(server secret, key), hex. */
  digest: string;
  createdAt: string;
  expiresAt?: string | undefined;
  revokedAt?: string | undefined;
  lastUsedAt?: string | undefined;
  /** The key this one replaced by rotation. */
  rotatedFrom?: string | undefined;
  /**
   * The id of the first key of its rotation chain: the client it is, for rate limits, logs and
   * audit records. Absent on records of before it existed: the key's own id.
   */
  lineage?: string | undefined;
  /** Set when the key was rotated: it stays valid until then, beside its successor. */
  graceUntil?: string | undefined;
  /** The key's own client rate limit as written (`600/60s`, `off`); unset: rules and default. */
  rateLimit?: string | undefined;
}

export type KeyStatus = 'active' | 'rotating' | 'rotated' | 'expired' | 'revoked';

/** Revocations and rotations are announced here so every instance drops its cached copy. */
export const KEY_CHANGES_CHANNEL = 'apikeys:changes';

const INDEX = 'apikeys:index';
const recordKey = (id: string) => `apikeys:key:${id}`;

const isoTime = z.iso.datetime();

/** A field the store keeps as JSON text. */
const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** Values read back from the store are validated like any other input from outside. */
const storedRecord = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  scopes: jsonText.pipe(z.array(z.string())),
  accounts: jsonText.pipe(z.array(z.string())).optional(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoTime,
  expiresAt: isoTime.optional(),
  revokedAt: isoTime.optional(),
  lastUsedAt: isoTime.optional(),
  rotatedFrom: z.string().optional(),
  lineage: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  graceUntil: isoTime.optional(),
  rateLimit: z.string().refine(isRate).optional(),
});

/** Keys are held in one store hash each, plus a set of every id for listing. */
export interface KeyRecords {
  /** The record, or undefined when there is none (or it is unreadable). */
  get: (id: string) => Promise<KeyRecord | undefined>;
  /** Every record, newest first. */
  all: () => Promise<KeyRecord[]>;
  save: (record: KeyRecord) => Promise<void>;
  /** Sets some fields of an existing record; the others are left as they are. */
  update: (
    id: string,
    fields: Partial<Pick<KeyRecord, 'revokedAt' | 'lastUsedAt' | 'graceUntil'>>,
  ) => Promise<void>;
}

export function createKeyRecords(store: Store): KeyRecords {
  const get = async (id: string) => {
    const parsed = storedRecord.safeParse(await store.hashGetAll(recordKey(id)));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    get,
    async all() {
      const ids = await store.setMembers(INDEX);
      const records = await Promise.all(ids.map(get));
      return records
        .filter((record) => record !== undefined)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },
    async save(record) {
      const fields: Record<string, string> = {
        ...definedFields(record),
        scopes: JSON.stringify(record.scopes),
        ...(record.accounts && { accounts: JSON.stringify(record.accounts) }),
      };
      await store.hashSet(recordKey(record.id), fields);
      await store.setAdd(INDEX, record.id);
    },
    async update(id, fields) {
      await store.hashSet(recordKey(id), definedFields(fields));
    },
  };
}

function definedFields(fields: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** Where a key stands now; only `active` and `rotating` keys authenticate. */
export function keyStatus(record: KeyRecord, now: number): KeyStatus {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) return 'expired';
  if (record.graceUntil !== undefined) {
    return Date.parse(record.graceUntil) <= now ? 'rotated' : 'rotating';
  }
  return 'active';
}

/** True while the key may authenticate. */
export const isUsable = (record: KeyRecord, now: number): boolean => {
  const status = keyStatus(record, now);
  return status === 'active' || status === 'rotating';
};

/** The record as administrators see it: no digest, explicit nulls, a computed status. */
export function keyView(record: KeyRecord, now: number) {
  return {
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    accounts: record.accounts ?? null,
    status: keyStatus(record, now),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt ?? null,
    revokedAt: record.revokedAt ?? null,
    lastUsedAt: record.lastUsedAt ?? null,
    rotatedFrom: record.rotatedFrom ?? null,
    lineage: record.lineage ?? record.id,
    graceUntil: record.graceUntil ?? null,
    rateLimit: record.rateLimit ?? null,
  };
}
export type KeyView = ReturnType<typeof keyView>;
