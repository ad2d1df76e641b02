import { randomBytes } from 'node:crypto';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { CacheResult, Metrics } from '../observability/metrics.js';
import { annotate, withSpan, type SpanScope } from '../observability/spans.js';
import type { UpstreamTrace } from '../observability/upstream-trace.js';
import { GatewayError } from '../problems/gateway-error.js';
import type { Store } from '../store/store.js';
import { PANEL_ACTIONS, type PanelAction } from './actions.js';
import { renewedBy, tagsOf, type FreshnessClass } from './cache-rules.js';
import type { PanelPayload } from './client.js';
import { PanelError } from './errors.js';
import {
  cacheKey,
  createCacheLevels,
  type CachedAnswer,
  type CacheKey,
} from './read-cache-levels.js';
import type { PanelSession } from './session-manager.js';

const ACTIONS: Readonly<Record<string, PanelAction | undefined>> = PANEL_ACTIONS;

export interface ReadCacheOptions {
  store: Store;
  logger: Logger;
  metrics?: Metrics;
  /** How long an answer of each class is fresh. */
  freshMs: Readonly<Record<FreshnessClass, number>>;
  /** How much older than fresh an answer may still be served (while refreshing, or on failure). */
  maxStaleMs: number;
  maxEntries: number;
  maxEntryBytes: number;
  /** Bytes of answers held in process memory, all entries together. */
  maxBytes: number;
  /**
   * How long one instance holds a key's fetch for the fleet; the others wait for it this long
   * at most, then fetch themselves.
   */
  fillLockMs: number;
  now?: () => number;
}

export interface ReadCache {
  /** `session` with its reads answered from the cache and its writes invalidating it. */
  session(session: PanelSession): PanelSession;
  /** Subscribes to other instances' invalidations and fetches. */
  listen(): Promise<void>;
  /** Answers held in process memory. */
  size(): number;
}

/**
 * Navixy trouble during which an older answer is better than none (stale-if-error, RFC 5861):
 * its failures and the gateway's own outbound limit, never a refusal about the request itself.
 */
const upstreamTrouble = (error: unknown) =>
  error instanceof GatewayError && (error.status >= 500 || error.status === 429);

/**
 * The shared read cache (design.md, step 6). It sits below the pipeline, so authentication,
 * scopes, the account choice and the user binding have been checked before any answer is
 * served, exactly as before an upstream call. Answers are kept per dealer (the session's
 * `dealerId`: an account's own dealer or a sub-dealer), action and canonical params; never
 * the session hash, never a failure.
 *
 * An answer is fresh for its class's time; then, for as long again (at most the maximum
 * staleness), it is served while one refresh runs (stale-while-revalidate); then up to the
 * maximum staleness only when Navixy fails or the outbound limit is spent (stale-if-error).
 * A miss is fetched once for the fleet: one instance takes a short lock, the others wait for
 * its answer (bounded), then fetch themselves.
 */
export function createReadCache(options: ReadCacheOptions): ReadCache {
  const { logger, metrics, now = Date.now } = options;
  const freshOf = (key: CacheKey) =>
    options.freshMs[ACTIONS[key.action]?.cache?.freshness ?? 'record'];
  const levels = createCacheLevels({
    store: options.store,
    logger,
    maxEntries: options.maxEntries,
    maxEntryBytes: options.maxEntryBytes,
    maxBytes: options.maxBytes,
    entryTtlMs: (key) => freshOf(key) + options.maxStaleMs,
    genTtlMs: Math.max(options.freshMs.record, options.freshMs.reference) + options.maxStaleMs,
    now,
  });
  const filling = new Map<string, Promise<{ answer: CachedAnswer; fetched: boolean }>>();
  const refreshing = new Set<string>();
  metrics?.cacheEntries(() => levels.size());

  const note = (trace: UpstreamTrace | undefined, ageMs: number) => {
    if (trace) trace.cacheAgeMs = Math.max(trace.cacheAgeMs ?? 0, ageMs);
  };
  const served = (answer: CachedAnswer, trace: UpstreamTrace | undefined): PanelPayload => {
    note(trace, Math.max(0, now() - answer.storedAt));
    // A copy of its own for each caller: mapping code may reshape it.
    return JSON.parse(answer.json) as PanelPayload;
  };

  /** Fetches from Navixy and keeps the answer with the generations read before the fetch. */
  async function fetch(
    inner: PanelSession,
    key: CacheKey,
    gens: Record<string, string>,
    trace: UpstreamTrace | undefined,
  ): Promise<CachedAnswer> {
    try {
      const payload = await inner.call(key.action, key.params, trace);
      const answer = { json: JSON.stringify(payload), storedAt: now(), gens };
      await levels.put(key, answer);
      return answer;
    } finally {
      await levels.filled(key);
    }
  }

  /**
   * One fetch per key in this process, and one for the fleet while the lock holds. `fetched`:
   * this call made the Panel call, rather than joining a fetch in this process or taking the
   * answer another instance fetched.
   */
  async function fill(
    inner: PanelSession,
    key: CacheKey,
    gens: Record<string, string>,
    trace: UpstreamTrace | undefined,
  ): Promise<{ answer: CachedAnswer; fetched: boolean }> {
    const running = filling.get(key.entry);
    if (running) return { answer: (await running).answer, fetched: false };
    const run = (async () => {
      const token = randomBytes(9).toString('base64url');
      const won = await options.store
        .setIfAbsent(key.lock, token, options.fillLockMs)
        .catch(() => true);
      if (!won) {
        await levels.waitFilled(key, options.fillLockMs);
        const found = await levels.lookup(key, () => true);
        if (found.answer && now() - found.answer.storedAt <= freshOf(key)) {
          return { answer: found.answer, fetched: false };
        }
        return { answer: await fetch(inner, key, found.gens, trace), fetched: true };
      }
      try {
        return { answer: await fetch(inner, key, gens, trace), fetched: true };
      } finally {
        await options.store.deleteIfEquals(key.lock, token).catch(() => false);
      }
    })().finally(() => filling.delete(key.entry));
    filling.set(key.entry, run);
    return run;
  }

  /** One refresh for the fleet in the lowest lane; when it cannot run, the answer stays. */
  function refreshInBackground(inner: PanelSession, key: CacheKey, gens: Record<string, string>) {
    if (refreshing.has(key.entry) || filling.has(key.entry)) return;
    refreshing.add(key.entry);
    const token = randomBytes(9).toString('base64url');
    // Its deadline runs on the Panel stack's clock, not on the cache's.
    const trace: UpstreamTrace = { arrivedAt: Date.now(), calls: [], lane: 'background' };
    void (async () => {
      if (!(await options.store.setIfAbsent(key.lock, token, options.fillLockMs))) return;
      try {
        await fetch(inner, key, gens, trace);
        metrics?.cacheRequest('revalidated');
      } finally {
        await options.store.deleteIfEquals(key.lock, token);
      }
    })()
      .catch((error: unknown) => {
        logger.debug({ action: key.action, err: errorSummary(error) }, 'cache refresh failed');
      })
      .finally(() => refreshing.delete(key.entry));
  }

  async function read(
    inner: PanelSession,
    key: CacheKey,
    trace: UpstreamTrace,
    span: SpanScope | undefined,
  ): Promise<PanelPayload> {
    const outcome = (result: CacheResult) => {
      metrics?.cacheRequest(result);
      if (span) annotate(span, { 'cache.result': result });
    };
    const fresh = freshOf(key);
    const age = (answer: CachedAnswer) => now() - answer.storedAt;
    if (trace.cacheMode === 'refresh') {
      outcome('bypass');
      const { gens } = await levels.lookup(key, () => false);
      return served(await fetch(inner, key, gens, trace), trace);
    }
    const { answer, gens } = await levels.lookup(key, (a) => age(a) <= fresh);
    if (answer && age(answer) <= fresh + options.maxStaleMs) {
      if (age(answer) <= fresh) {
        outcome('hit');
        return served(answer, trace);
      }
      if (age(answer) <= fresh + Math.min(fresh, options.maxStaleMs)) {
        outcome('stale');
        refreshInBackground(inner, key, gens);
        return served(answer, trace);
      }
      try {
        const refreshed = await fill(inner, key, gens, trace);
        outcome('revalidated');
        return served(refreshed.answer, trace);
      } catch (error) {
        if (!upstreamTrouble(error)) throw error;
        outcome('stale');
        return served(answer, trace);
      }
    }
    // A miss that another request is already fetching, here or on another instance, costs
    // Navixy nothing more: `joined`, not `miss`, so the hit ratio counts what Navixy was spared.
    try {
      const filled = await fill(inner, key, gens, trace);
      outcome(filled.fetched ? 'miss' : 'joined');
      return served(filled.answer, trace);
    } catch (error) {
      outcome('miss');
      throw error;
    }
  }

  /** After a write (or one that may have reached Navixy), what it changed is old everywhere. */
  async function invalidate(dealer: string, action: string, params: Record<string, unknown>) {
    const rules = ACTIONS[action]?.invalidates;
    if (rules && rules.length > 0) await levels.renew(dealer, renewedBy(rules, params));
  }

  async function write<T>(
    dealer: string,
    action: string,
    params: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await run();
      await invalidate(dealer, action, params);
      return result;
    } catch (error) {
      // Navixy's refusal means not executed; anything else may have been.
      if (!(error instanceof PanelError)) await invalidate(dealer, action, params);
      throw error;
    }
  }

  return {
    session(inner) {
      const dealer = inner.dealerId;
      return {
        dealerId: dealer,
        call(action, params = {}, trace) {
          const definition = ACTIONS[action];
          if (definition?.mutates !== false) {
            return write(dealer, action, params, () => inner.call(action, params, trace));
          }
          if (!definition.cache || !trace?.cacheMode) return inner.call(action, params, trace);
          const key = cacheKey(dealer, action, params, tagsOf(definition.cache, params));
          // A `cache` span around the lookup (and the fetch it may need), its result noted.
          return withSpan(trace.span, 'cache', { 'navixy.action': action }, (span) =>
            read(inner, key, trace, span),
          );
        },
        download: (action, params, trace) => inner.download(action, params, trace),
        upload: (action, fields, file, trace) =>
          write(dealer, action, fields, () => inner.upload(action, fields, file, trace)),
        ensureSession: () => inner.ensureSession(),
      };
    },
    listen: () => levels.listen(),
    size: () => levels.size(),
  };
}
