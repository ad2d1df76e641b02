import { createHash, randomBytes } from 'node:crypto';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { canonicalJson } from './coalesce.js';
import { Lru } from './lru.js';

/** One cached answer: the payload as JSON, when it was fetched, and its tags' generations then. */
export interface CachedAnswer {
  json: string;
  storedAt: number;
  gens: Readonly<Record<string, string>>;
}

/** Where one read's answer lives. The dealer's hash tag keeps all its keys in one slot. */
export interface CacheKey {
  dealer: string;
  action: string;
  params: Record<string, unknown>;
  tags: readonly string[];
  entry: string;
  lock: string;
}

/** What a lookup found: a current answer (if any) and the tags' generations it was read with. */
export interface Lookup {
  answer: CachedAnswer | undefined;
  gens: Record<string, string>;
  /** Redis could not be read. */
  failed?: boolean;
}

export interface CacheLevelsOptions {
  store: Store;
  logger: Logger;
  maxEntries: number;
  maxEntryBytes: number;
  /** Bytes of answers (their JSON and keys) held in process memory, all entries together. */
  maxBytes: number;
  /** Lifetime of an answer in Redis: freshness plus the longest staleness. */
  entryTtlMs: (key: CacheKey) => number;
  /** Lifetime of a generation key: at least the longest entry's. */
  genTtlMs: number;
  now: () => number;
}

/** What an entry costs in memory besides its JSON and key: its object and generations. */
const ENTRY_OVERHEAD_BYTES = 200;

const INVALIDATED = 'cache:invalidated';
const FILLED = 'cache:filled';
/** Store trouble is logged at most this often: the cache then simply asks Navixy. */
const STORE_WARNING_MS = 10_000;

/** A hash tag holds no braces of its own (they would end it early). */
const tagOf = (dealer: string) => `{${dealer.replace(/[{}]/g, '_')}}`;

export function cacheKey(
  dealer: string,
  action: string,
  params: Record<string, unknown>,
  tags: string[],
): CacheKey {
  const digest = createHash('sha256').update(canonicalJson(params)).digest('base64url');
  const base = `cache:${tagOf(dealer)}`;
  const id = `${action}:${digest.slice(0, 22)}`;
  return { dealer, action, params, tags, entry: `${base}:a:${id}`, lock: `${base}:l:${id}` };
}

const genKey = (dealer: string, tag: string) => `cache:${tagOf(dealer)}:g:${tag}`;

/** `<storedAt>\n<gens JSON>\n<payload JSON>`: JSON never holds a raw newline. */
function encode(answer: CachedAnswer): string {
  return `${answer.storedAt}\n${JSON.stringify(answer.gens)}\n${answer.json}`;
}

/** Values read back from Redis are checked like any input (another version may have written). */
function decode(value: string | null): CachedAnswer | undefined {
  if (value === null) return undefined;
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return undefined;
  const storedAt = Number(value.slice(0, first));
  let gens: unknown;
  try {
    gens = JSON.parse(value.slice(first + 1, second));
  } catch {
    return undefined;
  }
  if (!Number.isFinite(storedAt) || !gens || typeof gens !== 'object') return undefined;
  return { storedAt, gens: gens as Record<string, string>, json: value.slice(second + 1) };
}

const current = (
  answer: CachedAnswer,
  gens: Readonly<Record<string, string>>,
  tags: readonly string[],
) => tags.every((tag) => answer.gens[tag] === gens[tag]);

/**
 * The two levels of the read cache: a bounded LRU in process memory and Redis for every
 * instance, plus the generations of tags (see `cache-rules.ts`). A write renews its tags in
 * Redis and tells every instance (pub/sub), which then takes no older answer from memory; an
 * instance that missed the message still finds the new generation in Redis when its own
 * memory has none, and its memory holds nothing older than the answer's freshness allows.
 */
export function createCacheLevels(options: CacheLevelsOptions) {
  const { store, logger, now } = options;
  // Bounded by bytes as well as by count: 5000 answers of up to 256 KiB would be over 1 GiB.
  const memory = new Lru<CachedAnswer>(options.maxEntries, {
    max: options.maxBytes,
    weigh: (entry, answer) => entry.length + answer.json.length + ENTRY_OVERHEAD_BYTES,
  });
  /** Generations known here, with the message sequence that set them. */
  const known = new Lru<{ token: string; seq: number }>(options.maxEntries * 4);
  const waiters = new Map<string, Set<() => void>>();
  let seq = 0;
  let warnedAt = -Infinity;
  let subscribed = false;

  const local = (dealer: string, tag: string) => `${dealer}\n${tag}`;

  function storeTrouble(error: unknown, what: string): void {
    if (now() - warnedAt < STORE_WARNING_MS) return;
    warnedAt = now();
    logger.warn({ err: errorSummary(error) }, `read cache: ${what} failed; asking Navixy instead`);
  }

  function learn(dealer: string, gens: Record<string, string>, since: number): void {
    for (const [tag, token] of Object.entries(gens)) {
      const held = known.get(local(dealer, tag));
      // A message newer than the read that brought these wins over it.
      if (!held || held.seq <= since) known.set(local(dealer, tag), { token, seq: held?.seq ?? 0 });
    }
  }

  function fromMemory(key: CacheKey): CachedAnswer | undefined {
    // Without the invalidation channel this instance would not hear of other instances'
    // writes: every answer is then checked against the generations in Redis.
    if (!subscribed) return undefined;
    const answer = memory.get(key.entry);
    if (!answer) return undefined;
    const gens: Record<string, string> = {};
    for (const tag of key.tags) {
      const held = known.get(local(key.dealer, tag));
      if (!held) return undefined;
      gens[tag] = held.token;
    }
    if (current(answer, gens, key.tags)) return answer;
    memory.delete(key.entry);
    return undefined;
  }

  async function fromStore(key: CacheKey): Promise<Lookup> {
    const since = seq;
    try {
      const [entry, ...tokens] = await store.getMany([
        key.entry,
        ...key.tags.map((tag) => genKey(key.dealer, tag)),
      ]);
      const gens = Object.fromEntries(key.tags.map((tag, i) => [tag, tokens[i] ?? '']));
      learn(key.dealer, gens, since);
      const answer = decode(entry ?? null);
      if (!answer || !current(answer, gens, key.tags)) return { answer: undefined, gens };
      return { answer, gens };
    } catch (error) {
      storeTrouble(error, 'reading');
      return { answer: undefined, gens: {}, failed: true };
    }
  }

  function wake(entry: string): void {
    const set = waiters.get(entry);
    waiters.delete(entry);
    for (const resolve of set ?? []) resolve();
  }

  function onInvalidated(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const { d: dealer, t: tokens } = (parsed ?? {}) as { d?: unknown; t?: unknown };
    if (typeof dealer !== 'string' || !tokens || typeof tokens !== 'object') return;
    seq += 1;
    for (const [tag, token] of Object.entries(tokens as Record<string, unknown>)) {
      if (typeof token === 'string') known.set(local(dealer, tag), { token, seq });
    }
  }

  return {
    size: () => memory.size,

    /**
     * A current answer, with the generations it was checked by: from memory when `fresh` there,
     * else from Redis (another instance may have refreshed it), else memory's older one.
     */
    async lookup(key: CacheKey, fresh: (answer: CachedAnswer) => boolean): Promise<Lookup> {
      const held = fromMemory(key);
      if (held && fresh(held)) return { answer: held, gens: { ...held.gens } };
      const found = await fromStore(key);
      if (found.answer && (!held || found.answer.storedAt >= held.storedAt)) {
        memory.set(key.entry, found.answer);
        return found;
      }
      if (held && (found.failed || current(held, found.gens, key.tags))) {
        return { answer: held, gens: { ...held.gens } };
      }
      return found;
    },

    /** Keeps an answer fetched with `gens` (read before the fetch); too big: not kept. */
    async put(key: CacheKey, answer: CachedAnswer): Promise<void> {
      if (Buffer.byteLength(answer.json) > options.maxEntryBytes) return;
      memory.set(key.entry, answer);
      try {
        await store.set(key.entry, encode(answer), options.entryTtlMs(key));
      } catch (error) {
        storeTrouble(error, 'writing');
      }
    },

    /** Tells every instance waiting for `key` that its fetch ended (answer kept or not). */
    async filled(key: CacheKey): Promise<void> {
      wake(key.entry);
      await store.publish(FILLED, key.entry).catch((error: unknown) => {
        storeTrouble(error, 'publishing');
      });
    },

    /** Resolves when another instance's fetch of `key` ended, or after `ms`. */
    waitFilled(key: CacheKey, ms: number): Promise<void> {
      return new Promise((resolve) => {
        let set = waiters.get(key.entry);
        if (!set) waiters.set(key.entry, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0 && waiters.get(key.entry) === set) waiters.delete(key.entry);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },

    /** Renews `tags` of `dealer`: every instance takes no answer fetched before as current. */
    async renew(dealer: string, tags: readonly string[]): Promise<void> {
      if (tags.length === 0) return;
      const tokens = Object.fromEntries(
        tags.map((tag) => [tag, randomBytes(9).toString('base64url')]),
      );
      seq += 1;
      for (const [tag, token] of Object.entries(tokens))
        known.set(local(dealer, tag), { token, seq });
      try {
        await Promise.all(
          Object.entries(tokens).map(([tag, token]) =>
            store.set(genKey(dealer, tag), token, options.genTtlMs),
          ),
        );
        await store.publish(INVALIDATED, JSON.stringify({ d: dealer, t: tokens }));
      } catch (error) {
        storeTrouble(error, 'invalidating');
      }
    },

    /**
     * Subscribes to other instances' invalidations and fetches; until it succeeds (it is tried
     * again with a growing pause) answers in memory are checked against Redis every time.
     */
    async listen(): Promise<void> {
      let pauseMs = 1_000;
      let wakes = false;
      const attempt = async (): Promise<Error | undefined> => {
        try {
          if (!wakes) await store.subscribe(FILLED, wake);
          wakes = true;
          await store.subscribe(INVALIDATED, onInvalidated);
          subscribed = true;
          return undefined;
        } catch (error) {
          storeTrouble(error, 'subscribing');
          setTimeout(() => void attempt(), pauseMs).unref();
          pauseMs = Math.min(pauseMs * 2, 30_000);
          return error instanceof Error ? error : new Error(String(error));
        }
      };
      const error = await attempt();
      if (error) throw error;
    },
  };
}

export type CacheLevels = ReturnType<typeof createCacheLevels>;
