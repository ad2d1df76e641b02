/**
 * Shared state of the gateway instances: small string values with a lifetime, plus the two
 * atomic operations a distributed lock and a compare-and-delete cache need. Keys are given
 * without the global prefix; the store adds it.
 */
export interface Store {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
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
  /**
   * Takes slot `slot` (a name unique to the call) of a sliding-window rate limit under `key`,
   * whoever takes them (see {@link RateRule}). Answers 0 when the slot was taken, else the
   * milliseconds until one frees (nothing is taken then). Atomic, on the store's own clock.
   */
  acquireRate(key: string, slot: string, rule: RateRule): Promise<number>;
  /** Gives back a slot taken by `acquireRate` that went unused, so it frees at once. */
  releaseRate(key: string, slot: string): Promise<void>;
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
