import type { RateGrant, RateQuota, RateRequest } from './store.js';

/**
 * The state of one sliding-window counter: the counts of the client's current window (which
 * began at `start`) and of the one before it. Two numbers per client, whatever the traffic.
 */
export interface CounterState {
  start: number;
  previous: number;
  current: number;
}

/**
 * One step of the sliding-window counter, the arithmetic of the `takeRate` Lua script in
 * `redis-store.ts` (kept alike line for line), on the clock reading `at` (ms). Windows are
 * anchored at a client's first request, not at the epoch, so a new client's window is whole.
 *
 * The requests counted "within the last window" are estimated as the current window's count
 * plus the previous window's count weighted by how much of the previous window the sliding
 * window still covers. Integer arithmetic throughout (scaled by the window), so both twins
 * agree to the unit. Grants `max(1, floor(free / divisor))` places, never more than are free.
 */
export function stepCounter(
  state: CounterState | undefined,
  at: number,
  quota: RateQuota,
  request: RateRequest,
): { state: CounterState; grant: RateGrant; changed: boolean } {
  const { limit, windowMs: window } = quota;
  let { start, previous, current } = state ?? { start: at, previous: 0, current: 0 };
  if (at >= start + 2 * window) {
    start = at;
    previous = 0;
    current = 0;
  } else if (at >= start + window) {
    start += window;
    previous = current;
    current = 0;
  }
  let changed = false;
  const back = request.giveBack;
  if (back && back.count > 0) {
    // Places granted but never spent: only the window they were taken in can have them back.
    if (back.windowStart === start) current = Math.max(0, current - back.count);
    else if (back.windowStart === start - window) previous = Math.max(0, previous - back.count);
    changed = true;
  }
  const elapsed = at - start;
  const free = Math.floor(
    (limit * window - previous * (window - elapsed) - current * window) / window,
  );
  if (free <= 0) {
    return {
      state: { start, previous, current },
      grant: {
        granted: 0,
        remaining: 0,
        resetMs: freesInMs(start, previous, current, at, quota),
        windowStart: start,
      },
      changed,
    };
  }
  const granted = Math.min(free, Math.max(1, Math.floor(free / request.divisor)));
  current += granted;
  return {
    state: { start, previous, current },
    grant: {
      granted,
      remaining: free - granted,
      resetMs: Math.max(1, start + window - at),
      windowStart: start,
    },
    changed: true,
  };
}

/** Ms (at least 1) until the estimate falls to `limit - 1`: one place frees. */
function freesInMs(
  start: number,
  previous: number,
  current: number,
  at: number,
  { limit, windowMs: window }: RateQuota,
): number {
  let frees: number;
  if (current < limit && previous > 0) {
    // Within this window, as the previous window's weight fades.
    frees = start + Math.ceil(window - ((limit - 1 - current) * window) / previous);
  } else {
    // The current window must itself start to fade, in the next one.
    frees = start + window + Math.ceil(window - ((limit - 1) * window) / Math.max(1, current));
  }
  return Math.max(1, frees - at);
}

/**
 * Sliding-window counters per key in process memory: the in-memory twin of the Redis script,
 * used by the memory store and by the client rate limiter while Redis is unreachable. Keys idle
 * for two windows are dropped, amortized over as many calls as there are keys.
 */
export interface RateCounters {
  take(key: string, quota: RateQuota, request: RateRequest): RateGrant;
}

export function createRateCounters(now: () => number = Date.now): RateCounters {
  const counters = new Map<string, CounterState & { windowMs: number }>();
  let sinceSweep = 0;

  function sweep(at: number): void {
    sinceSweep += 1;
    if (sinceSweep < Math.max(1_000, counters.size)) return;
    sinceSweep = 0;
    for (const [key, counter] of counters) {
      if (at >= counter.start + 2 * counter.windowMs) counters.delete(key);
    }
  }

  return {
    take(key, quota, request) {
      const at = now();
      sweep(at);
      const { state, grant, changed } = stepCounter(counters.get(key), at, quota, request);
      if (changed) counters.set(key, { ...state, windowMs: quota.windowMs });
      return grant;
    },
  };
}
