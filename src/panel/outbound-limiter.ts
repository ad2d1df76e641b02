import { GatewayError } from '../problems/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { withSpan } from '../observability/spans.js';
import type { OutboundLane } from '../observability/upstream-trace.js';
import type { Store } from '../store/store.js';
import type { CallOptions, PanelClient } from './client.js';
import { createRateSlots } from './outbound-slots.js';

/**
 * Time between the gateway granting a slot and the call reaching Navixy (event loop, network),
 * added to the window: Navixy counts arrivals, and two calls granted exactly one second apart
 * may arrive a little closer (measured: up to ~70 ms within one busy process). The limit is
 * thus N calls per 1.1 s, never N + 1 per second.
 */
const TRANSIT_MARGIN_MS = 100;
/**
 * A full window's worth of calls sent at once queues up in transit and reaches Navixy spread
 * out, bunched with the next window's: each tenth of the window takes at most a tenth of the
 * limit, so calls leave at a steady pace instead.
 */
const SLICES = 10;
const STORE_TIMEOUT_MS = 250;
/** Lanes in the order they are served (see {@link OutboundLane}). */
const RANKS: Readonly<Record<OutboundLane, number>> = { priority: 0, normal: 1, background: 2 };
const LOCAL_PERIOD_MS = 1_000;

/**
 * The gateway itself held a call back to keep the account under its upstream rate limit
 * (Navixy allows about 50 requests per second per session, reference §1.8). Distinct from
 * Navixy's own refusal (code 15, `UPSTREAM_RATE_LIMITED`).
 */
export class UpstreamLoadLimitedError extends GatewayError {
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super('UPSTREAM_LOAD_LIMITED', {
      detail:
        'The gateway keeps its Panel account under its upstream rate limit and could not ' +
        `send this request in time; retry in ${seconds} s`,
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

/** One Panel account's outbound rate limit, shared by every instance. */
export interface RateLimiter {
  /**
   * Resolves when a call may be sent. Waits in FIFO order, at most the maximum wait and never
   * past `deadline` (epoch ms); rejects at once with {@link UpstreamLoadLimitedError} when the
   * queue is full or the wait would be longer. `priority` waiters are served before `normal`
   * ones, and both before `background` ones; a `background` call is refused at once when
   * others are already waiting (a cache refresh is worth less than any client's call).
   */
  acquire(deadline?: number, lane?: OutboundLane): Promise<void>;
  /** Calls of this process waiting for a slot. */
  queueLength(): number;
}

export interface RateLimiterOptions {
  dealerId: string;
  store: Store;
  logger: Logger;
  /** Calls per second to Navixy for this account, across all instances. */
  perSecond: number;
  /** Calls of this process that may wait for a slot; beyond it, 429 at once. */
  queueSize: number;
  maxWaitMs: number;
  now?: () => number;
}

interface Waiter {
  /** Epoch ms after which the waiter would rather have its 429. */
  limitAt: number;
  rank: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The waiters of this process queue in FIFO order; only the head asks the store, and only when
 * its retry time comes (one timer), so a long queue never polls Redis in a loop.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond, queueSize, maxWaitMs, now = Date.now } = options;
  const windowMs = 1_000 + TRANSIT_MARGIN_MS;
  const slotMs = windowMs / perSecond;
  const slots = createRateSlots({
    key: `panel:${options.dealerId}:rate`,
    dealerId: options.dealerId,
    store: options.store,
    logger: options.logger,
    limit: perSecond,
    windowMs,
    slices: SLICES,
    lateMs: TRANSIT_MARGIN_MS / 2,
    storeTimeoutMs: STORE_TIMEOUT_MS,
    localPeriodMs: LOCAL_PERIOD_MS,
    now,
  });
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  let wakeAt = 0;
  let pumping = false;

  function wakeIn(ms: number): void {
    if (pumping || (timer && wakeAt <= now() + ms)) return;
    clearTimeout(timer);
    wakeAt = now() + ms;
    timer = setTimeout(() => void pump(), ms);
  }

  /** Serves the head while slots are free; then sleeps until the next one frees. */
  async function pump(): Promise<void> {
    timer = undefined;
    pumping = true;
    let wait = 0;
    try {
      while (queue.length > 0) {
        wait = await slots.take();
        if (wait > 0) break;
        queue.shift()?.resolve();
      }
      // Waiters who cannot be served before their limit leave now, told when to come back.
      const earliest = now() + wait;
      for (const waiter of queue.filter((w) => w.limitAt < earliest)) {
        queue.splice(queue.indexOf(waiter), 1);
        waiter.reject(new UpstreamLoadLimitedError(wait));
      }
    } finally {
      pumping = false;
    }
    if (queue.length > 0) wakeIn(wait);
  }

  /** A waiter goes behind those of its own lane and of higher ones, ahead of lower lanes. */
  function enqueue(limitAt: number, wait: number, rank: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = { limitAt, rank, resolve, reject };
      const firstLower = queue.findIndex((w) => w.rank > rank);
      if (firstLower === -1) queue.push(waiter);
      else queue.splice(firstLower, 0, waiter);
      wakeIn(wait);
    });
  }

  return {
    async acquire(deadline, lane = 'normal') {
      const limitAt = Math.min(now() + maxWaitMs, deadline ?? Infinity);
      const rank = RANKS[lane];
      // With nobody waiting a call asks the store itself; otherwise it queues behind the others.
      let wait: number;
      if (queue.length === 0) {
        wait = await slots.take();
        if (wait === 0) return;
      } else if (lane === 'background') {
        // Others are waiting: the limit is spent, and a refresh is worth less than their calls.
        throw new UpstreamLoadLimitedError(Math.max(0, wakeAt - now()) + queue.length * slotMs);
      } else {
        // An estimate: this process's waiters ahead each need a slot.
        wait = Math.max(0, wakeAt - now()) + queue.filter((w) => w.rank <= rank).length * slotMs;
      }
      if (queue.length >= queueSize || now() + wait > limitAt) {
        throw new UpstreamLoadLimitedError(wait);
      }
      return enqueue(limitAt, wait, rank);
    },
    queueLength: () => queue.length,
  };
}

/**
 * A {@link PanelClient} that takes a slot of the account's rate limit before every call. It is
 * the decorator closest to the wire, so every attempt (logins and retries included) counts.
 */
export function limitedClient(client: PanelClient, limiter: RateLimiter): PanelClient {
  const slot = (options?: CallOptions) =>
    options?.span
      ? withSpan(options.span, 'limiter.wait', {}, () =>
          limiter.acquire(options.deadline, options.lane),
        )
      : limiter.acquire(options?.deadline, options?.lane);
  return {
    async call(action, params, options) {
      await slot(options);
      return client.call(action, params, options);
    },
    async download(action, params, options) {
      await slot(options);
      return client.download(action, params, options);
    },
    async upload(action, fields, file, options) {
      await slot(options);
      return client.upload(action, fields, file, options);
    },
  };
}
