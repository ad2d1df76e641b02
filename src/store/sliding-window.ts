import type { RateRule } from './store.js';

/**
 * A sliding-window log of the slots taken, per key, in process memory: the in-memory twin of
 * the Redis script in `redis-store.ts`, used by the memory store and by the rate limiter's
 * fallback while Redis is unreachable.
 */
export interface SlidingWindow {
  /** As `Store.acquireRate`: 0 when the slot was taken now, else the ms until one frees. */
  acquire(key: string, slot: string, rule: RateRule): number;
  release(key: string, slot: string): void;
}

/** The burst bound of a rule: at most `ceil(limit / slices)` per `windowMs / slices`. */
export function burstOf(rule: RateRule): { limit: number; windowMs: number } {
  const slices = rule.slices ?? 1;
  return { limit: Math.ceil(rule.limit / slices), windowMs: Math.ceil(rule.windowMs / slices) };
}

interface Taken {
  slot: string;
  at: number;
}

export function createSlidingWindow(now: () => number = Date.now): SlidingWindow {
  /** Per key, the slots taken, oldest first. */
  const logs = new Map<string, Taken[]>();
  return {
    acquire(key, slot, rule) {
      const at = now();
      const log = logs.get(key) ?? [];
      // A slot taken at t counts until t + windowMs, exclusive, as in the Redis script.
      while (log.length > 0 && (log[0]?.at ?? at) <= at - rule.windowMs) log.shift();
      const burst = burstOf(rule);
      const recent = log.filter((taken) => taken.at > at - burst.windowMs).length;
      // The slot that frees first (a lowered limit may need several to go).
      let freesAt: number;
      if (log.length >= rule.limit) {
        freesAt = (log[log.length - rule.limit]?.at ?? at) + rule.windowMs;
      } else if (recent >= burst.limit) {
        freesAt = (log[log.length - burst.limit]?.at ?? at) + burst.windowMs;
      } else {
        log.push({ slot, at });
        logs.set(key, log);
        return 0;
      }
      return Math.max(1, Math.ceil(freesAt - at));
    },
    release(key, slot) {
      const log = logs.get(key) ?? [];
      const index = log.findIndex((taken) => taken.slot === slot);
      if (index >= 0) log.splice(index, 1);
    },
  };
}
