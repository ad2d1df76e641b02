/**
 * Shared state of the gateway instances: small string values with a lifetime, plus the two
 * atomic operations a distributed lock and a compare-and-delete cache need. Keys are given
 * without the global prefix; the store adds it.
 */
export interface Store {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /**
   * The values of several keys in one round trip (`MGET`), in order. With Redis Cluster the
   * keys must share a hash tag (`{…}`), so they live in one slot.
   */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Stores `value` for `ttlMs` milliseconds, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` only when the key is absent (`SET NX PX`); true when it was stored. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes the key only while it still holds `expected`; true when it was deleted. */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  /** Sends `message` to every instance subscribed to `channel` (at most once, never stored). */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Calls `onMessage` for each message on `channel` until the returned function is called.
   * Delivery is best-effort: a subscriber that is disconnected misses messages, so callers
   * use it to wake up early, never as the only source of truth.
   */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Renews the key's lifetime only while it still holds `expected` (a lock's lease). */
  extendIfEquals(key: string, expected: string, ttlMs: number): Promise<boolean>;
  /** Milliseconds the key has left to live; 0 when it is absent. */
  remainingMs(key: string): Promise<number>;
  /**
   * Adds one to a counter and answers the new value (fencing numbers); the counter lives
   * `ttlMs` from this call, so one left alone long enough goes away and starts over at 1.
   */
  increment(key: string, ttlMs: number): Promise<number>;
  /**
   * Stores a fenced value, written `<generation>.<anything>`, unless the key holds one of the
   * same or a higher generation: a slow writer holding an old fencing number never overwrites
   * what a newer one stored. True when it was stored.
   */
  setIfNewer(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Sets fields of the hash at `key` (`HSET`); the hash never expires. */
  hashSet(key: string, fields: Record<string, string>): Promise<void>;
  /** Every field of the hash at `key` (`HGETALL`); empty when there is none. */
  hashGetAll(key: string): Promise<Record<string, string>>;
  /** Adds `member` to the set at `key` (`SADD`); the set never expires. */
  setAdd(key: string, member: string): Promise<void>;
  /** Every member of the set at `key` (`SMEMBERS`), in no particular order. */
  setMembers(key: string): Promise<string[]>;
  /**
   * Takes slot `slot` (a name unique to the call) of a sliding-window rate limit under `key`,
   * whoever takes them (see {@link RateRule}). Answers 0 when the slot was taken, else the
   * milliseconds until one frees (nothing is taken then). Atomic, on the store's own clock.
   */
  acquireRate(key: string, slot: string, rule: RateRule): Promise<number>;
  /** Gives back a slot taken by `acquireRate` that went unused, so it frees at once. */
  releaseRate(key: string, slot: string): Promise<void>;
  /**
   * Takes places of the sliding-window counter under `key` (see `rate-counter.ts`) in one
   * atomic step on the store's own clock, after giving back `request.giveBack`: of any number of
   * concurrent callers, never more than the free places are granted in all. Grants
   * `max(1, floor(free / request.divisor))` places, or none when none is free (a refusal is not
   * counted).
   */
  takeRate(key: string, quota: RateQuota, request: RateRequest): Promise<RateGrant>;
}

/** At most `limit` requests counted within any `windowMs` (as a sliding-window counter). */
export interface RateQuota {
  limit: number;
  windowMs: number;
}

/** How many places to take of a {@link RateQuota}, and what to give back first. */
export interface RateRequest {
  /** The free places are divided by this to size the grant (at least 1): 1 takes them all. */
  divisor: number;
  /** Places granted earlier, in the window that began at `windowStart`, that went unspent. */
  giveBack?: { windowStart: number; count: number };
}

/** The answer of {@link Store.takeRate}. */
export interface RateGrant {
  /** Places granted now: 0 when the limit is used up. */
  granted: number;
  /** Places still free after this grant. */
  remaining: number;
  /**
   * Milliseconds (at least 1): with a grant, until the current window ends; without one, until
   * a place frees.
   */
  resetMs: number;
  /** When the current window began, on the store's clock: names the window for a give-back. */
  windowStart: number;
}

/** The fencing number of a value written `<generation>.<anything>`; 0 when it has none. */
export function generationOf(value: string | null): number {
  const match = value === null ? null : /^(\d{1,15})\./.exec(value);
  return match ? Number(match[1]) : 0;
}

/**
 * At most `limit` slots within any `windowMs`, and at most `ceil(limit / slices)` within any
 * `windowMs / slices` (default 1 slice: no burst bound), which spreads a burst over the window.
 */
export interface RateRule {
  limit: number;
  windowMs: number;
  slices?: number;
}
