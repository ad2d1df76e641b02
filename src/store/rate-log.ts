import type { RateCount, RateQuota } from './store.js';

/**
 * Sliding-window logs of counted requests, per key, in process memory: the in-memory twin of
 * the `consumeRate` script in `redis-store.ts`, used by the memory store and by the client rate
 * limiter while Redis is unreachable.
 */
export interface RateLog {
  /** As `Store.consumeRate`, synchronously. */
  consume(key: string, quota: RateQuota): RateCount;
}

interface Log {
  /** Times counted, oldest first; those before `head` have left the window. */
  times: number[];
  head: number;
  windowMs: number;
}

export function createRateLog(now: () => number = Date.now): RateLog {
  const logs = new Map<string, Log>();
  let sinceSweep = 0;

  /** Drops the logs of keys idle for a whole window; amortized over as many calls as keys. */
  function sweep(at: number): void {
    sinceSweep += 1;
    if (sinceSweep < Math.max(1_000, logs.size)) return;
    sinceSweep = 0;
    for (const [key, log] of logs) {
      const newest = log.times[log.times.length - 1];
      if (newest === undefined || newest <= at - log.windowMs) logs.delete(key);
    }
  }

  return {
    consume(key, quota) {
      const at = now();
      sweep(at);
      let log = logs.get(key);
      if (!log) {
        log = { times: [], head: 0, windowMs: quota.windowMs };
        logs.set(key, log);
      }
      log.windowMs = quota.windowMs;
      const { times } = log;
      // A request counted at t counts until t + windowMs, exclusive, as in the Redis script.
      while (log.head < times.length && (times[log.head] ?? at) <= at - quota.windowMs) {
        log.head += 1;
      }
      if (log.head > 64 && log.head * 2 >= times.length) {
        times.splice(0, log.head);
        log.head = 0;
      }
      const count = times.length - log.head;
      if (count >= quota.limit) {
        // The place that frees first (a lowered limit may need several requests to leave).
        const frees = (times[times.length - quota.limit] ?? at) + quota.windowMs;
        return { allowed: false, remaining: 0, resetMs: Math.max(1, frees - at) };
      }
      times.push(at);
      const oldest = times[log.head] ?? at;
      return {
        allowed: true,
        remaining: quota.limit - count - 1,
        resetMs: Math.max(1, oldest + quota.windowMs - at),
      };
    },
  };
}
