import { GatewayError } from '../problems/gateway-error.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { createKeyRecords, isUsable, KEY_CHANGES_CHANNEL, type KeyRecord } from './key-records.js';
import { managedKeyId, type KeyHasher } from './key-format.js';
import { managedKeyPrincipal, type Principal } from './principal.js';

/** Cached verdicts kept at most; the oldest goes first. */
const MAX_ENTRIES = 10_000;
/** How long a cached key keeps working while the store cannot be asked. */
const STALE_IF_ERROR_MS = 10 * 60_000;
/** `lastUsedAt` is written at most this often per key and instance, not on every request. */
const LAST_USED_INTERVAL_MS = 60_000;

interface Entry {
  /** Undefined: no such key (a negative entry). */
  record: KeyRecord | undefined;
  principal: Principal | undefined;
  checkedAt: number;
  lastUsedMs: number;
}

/** Resolves managed keys (`npg_<id>_<secret>`) to principals. */
export interface ManagedKeyVerifier {
  /** The principal, undefined for a key that is unknown, revoked or expired; 503 without a store. */
  verify(key: string): Promise<Principal | undefined>;
  /** Listens for revocations from every instance; returns the unsubscribe function. */
  listen(): Promise<() => Promise<void>>;
}

export interface ManagedKeyVerifierDeps {
  store: Store;
  hasher: KeyHasher;
  logger: Logger;
  /** How long a verdict is trusted without asking the store (≤ 5 s). */
  cacheTtlMs: number;
  now?: () => number;
}

/**
 * The hot path needs no store round trip for a key verified in the last `cacheTtlMs`; unknown
 * keys are cached too, so a flood of bad keys does not become a flood of store reads. A
 * revocation message drops the entry at once; the TTL bounds staleness when one is lost.
 */
export function createManagedKeyVerifier(deps: ManagedKeyVerifierDeps): ManagedKeyVerifier {
  const records = createKeyRecords(deps.store);
  const now = deps.now ?? Date.now;
  const cache = new Map<string, Entry>();
  // Bumped by every change message: a lookup that raced with one does not cache its answer.
  let generation = 0;

  function remember(digest: string, entry: Entry): void {
    cache.delete(digest);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(digest, entry);
  }

  async function lookup(id: string, digest: string, stale: Entry | undefined): Promise<Entry> {
    const started = generation;
    let stored: KeyRecord | undefined;
    try {
      stored = await records.get(id);
    } catch (error) {
      if (stale?.record && now() - stale.checkedAt < STALE_IF_ERROR_MS) return stale;
      deps.logger.warn({ err: errorSummary(error) }, 'api key store unavailable');
      throw authUnavailable(error);
    }
    const record = stored && deps.hasher.matches(stored.digest, digest) ? stored : undefined;
    const entry: Entry = {
      record,
      principal: record && managedKeyPrincipal(record),
      checkedAt: now(),
      lastUsedMs: record?.lastUsedAt ? Date.parse(record.lastUsedAt) : 0,
    };
    if (generation === started) remember(digest, entry);
    return entry;
  }

  function touch(entry: Entry & { record: KeyRecord }): void {
    const at = now();
    if (at - entry.lastUsedMs < LAST_USED_INTERVAL_MS) return;
    entry.lastUsedMs = at;
    records
      .update(entry.record.id, { lastUsedAt: new Date(at).toISOString() })
      .catch((error: unknown) => {
        deps.logger.debug(
          { err: errorSummary(error), keyId: entry.record.id },
          'last-used time not saved',
        );
      });
  }

  return {
    async verify(key) {
      const id = managedKeyId(key);
      if (id === undefined) return undefined;
      const digest = deps.hasher.digest(key);
      const cached = cache.get(digest);
      const entry =
        cached && now() - cached.checkedAt < deps.cacheTtlMs
          ? cached
          : await lookup(id, digest, cached);
      if (!entry.record || !isUsable(entry.record, now())) return undefined;
      touch(entry as Entry & { record: KeyRecord });
      return entry.principal;
    },
    listen() {
      return deps.store.subscribe(KEY_CHANGES_CHANNEL, (id) => {
        generation += 1;
        for (const [digest, entry] of cache) {
          if (entry.record?.id === id) cache.delete(digest);
        }
      });
    },
  };
}

/** Never 401 because the store is down: the key may well be valid (RFC 9110 §15.6.4). */
function authUnavailable(cause: unknown): GatewayError {
  return new GatewayError('AUTH_UNAVAILABLE', {
    detail: 'The API key cannot be checked right now; retry shortly.',
    headers: { 'Retry-After': '5' },
    cause,
  });
}
