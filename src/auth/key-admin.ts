import { GatewayError } from '../problems/gateway-error.js';
import type { Store } from '../store/store.js';
import { issueManagedKey, type KeyHasher } from './key-format.js';
import {
  createKeyRecords,
  keyStatus,
  KEY_CHANGES_CHANNEL,
  type KeyRecord,
  type KeyRecords,
} from './key-records.js';

export interface NewKey {
  name: string;
  scopes: string[];
  /** The Panel accounts the key may use (`*`: all); absent: the default account only. */
  accounts?: string[] | undefined;
  expiresAt?: string | undefined;
  /** The key's own client rate limit (`600/60s`, `off`), validated by the caller. */
  rateLimit?: string | undefined;
}

/** A key just issued: the only moment its value exists outside the client. */
export interface CreatedKey {
  record: KeyRecord;
  key: string;
}

/**
 * Creating, listing, revoking and rotating managed keys: what `/admin/keys` and
 * `npm run keys` both do. Revocation and rotation are announced on {@link KEY_CHANGES_CHANNEL}.
 */
export interface KeyAdmin {
  create(input: NewKey): Promise<CreatedKey>;
  list(): Promise<KeyRecord[]>;
  get(id: string): Promise<KeyRecord>;
  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  revoke(id: string): Promise<KeyRecord>;
  /**
   * A new key with the same name, scopes, accounts, expiry and rate limit; the old one lasts
   * `graceSeconds` more.
   */
  rotate(id: string, graceSeconds?: number): Promise<CreatedKey & { previous: KeyRecord }>;
}

export interface KeyAdminDeps {
  store: Store;
  /** Without it keys can be listed and revoked, but none issued. */
  hasher: KeyHasher | undefined;
  rotationGraceSeconds: number;
  now?: () => number;
}

export function createKeyAdmin(deps: KeyAdminDeps): KeyAdmin {
  const records = reportingFaults(createKeyRecords(deps.store));
  const now = deps.now ?? Date.now;
  const iso = (ms: number) => new Date(ms).toISOString();

  async function find(id: string): Promise<KeyRecord> {
    const record = await records.get(id);
    if (!record) {
      throw new GatewayError('KEY_NOT_FOUND', { detail: `No API key ${id}.` });
    }
    return record;
  }

  /** A new key for `input`; for a rotation, `previous` is the key it replaces. */
  async function issue(input: NewKey, previous?: KeyRecord): Promise<CreatedKey> {
    if (!deps.hasher) throw managedKeysDisabled();
    const { id, key } = issueManagedKey();
    const record: KeyRecord = {
      id,
      name: input.name,
      scopes: input.scopes,
      accounts: input.accounts,
      digest: deps.hasher.digest(key),
      createdAt: iso(now()),
      expiresAt: input.expiresAt,
      rateLimit: input.rateLimit,
      rotatedFrom: previous?.id,
      // A successor is the same client as the key it replaces: lineage by id, never by name.
      lineage: previous ? (previous.lineage ?? previous.id) : id,
    };
    await records.save(record);
    return { record, key };
  }

  return {
    create: (input) => issue(input),
    list: () => records.all(),
    get: find,
    async revoke(id) {
      const record = await find(id);
      if (record.revokedAt !== undefined) return record;
      const revokedAt = iso(now());
      await records.update(id, { revokedAt });
      await announce(deps.store, id);
      return { ...record, revokedAt };
    },
    async rotate(id, graceSeconds = deps.rotationGraceSeconds) {
      const record = await find(id);
      const status = keyStatus(record, now());
      if (status !== 'active') {
        throw new GatewayError('KEY_NOT_ROTATABLE', {
          detail: `API key ${id} is ${status}; only an active key can be rotated.`,
        });
      }
      const created = await issue(record, record);
      const graceUntil = iso(now() + graceSeconds * 1_000);
      await records.update(id, { graceUntil });
      await announce(deps.store, id);
      return { ...created, previous: { ...record, graceUntil } };
    },
  };
}

/**
 * The records, with a store that fails or does not answer turned into 503 `STORE_UNAVAILABLE`:
 * the caller's request was fine, the dependency was not (RFC 9110 §15.6.4), so it may retry.
 */
function reportingFaults(records: KeyRecords): KeyRecords {
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        throw error instanceof GatewayError ? error : storeUnavailable(error);
      }
    };
  return {
    get: guarded(records.get),
    all: guarded(records.all),
    save: guarded(records.save),
    update: guarded(records.update),
  };
}

/**
 * Tells every instance to drop its cached copy. The change is already saved: an instance that
 * misses the message refuses the key once its cache entry expires (`API_KEY_CACHE_TTL_MS`), so a
 * failed announcement does not fail the change.
 */
async function announce(store: Store, id: string): Promise<void> {
  await store.publish(KEY_CHANGES_CHANNEL, id).catch(() => undefined);
}

function storeUnavailable(cause: unknown): GatewayError {
  return new GatewayError('STORE_UNAVAILABLE', {
    detail: 'Managed API keys live in Redis, which does not answer now; retry shortly.',
    headers: { 'Retry-After': '5' },
    cause,
  });
}

function managedKeysDisabled(): GatewayError {
  return new GatewayError('MANAGED_KEYS_DISABLED', {
    detail:
      'Issuing keys needs API_KEY_HMAC_SECRET or API_KEY_HMAC_SECRET_FILE in the gateway settings.',
  });
}
