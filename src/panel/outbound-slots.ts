import { randomUUID } from 'node:crypto';
import { errorSummary, type Logger } from '../observability/logger.js';
import { createSlidingWindow } from '../store/sliding-window.js';
import type { Store } from '../store/store.js';

/** Takes slots of one account's upstream rate limit. */
export interface RateSlots {
  /** 0 when a call may be sent now (the slot is taken), else the ms until one frees. */
  take(): Promise<number>;
}

export interface RateSlotsOptions {
  /** Store key of the account's window, without the store prefix. */
  key: string;
  dealerId: string;
  store: Store;
  logger: Logger;
  limit: number;
  windowMs: number;
  /** Cuts the window into parts each taking its share of the limit (see `Store.acquireRate`). */
  slices: number;
  /**
   * A granted slot is dated when the store took it; one whose answer reached this process more
   * than `lateMs` later (a busy event loop) is given back and asked for again.
   */
  lateMs: number;
  /** Longest wait for the store before a slot is taken from the local window instead. */
  storeTimeoutMs: number;
  /** After a store failure, how long the local window alone is used before trying again. */
  localPeriodMs: number;
  now?: () => number;
}

/**
 * Slots from the window shared by every instance through the store, so the limit holds for
 * the whole deployment. While the store fails or is slow, slots come from a window in this
 * process with the same limit: requests never fail because Redis is down, at the price that
 * K instances may then send up to K times the limit between them. The switch is logged once
 * each way, not per request, and the store is tried again every `localPeriodMs`.
 */
export function createRateSlots(options: RateSlotsOptions): RateSlots {
  const { key, store, logger, now = Date.now } = options;
  const rule = { limit: options.limit, windowMs: options.windowMs, slices: options.slices };
  const local = createSlidingWindow(now);
  let localUntil = 0;
  let usingLocal = false;
  let lateStreak = 0;

  async function fromStore(slot: string): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${options.storeTimeoutMs} ms`)),
        options.storeTimeoutMs,
      );
    });
    try {
      return await Promise.race([store.acquireRate(key, slot, rule), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async take() {
      const slot = randomUUID();
      if (now() < localUntil) return local.acquire(key, slot, rule);
      try {
        const asked = now();
        const wait = await fromStore(slot);
        if (usingLocal) {
          usingLocal = false;
          logger.info({ dealer: options.dealerId }, 'upstream rate limit shared again');
        }
        // Sent now, the call would reach Navixy later than its slot says, bunched with the
        // calls of the next window. Unless the store is slow every time (then the streak
        // stops it), the slot is given back and the call asks again.
        lateStreak = wait === 0 && now() - asked > options.lateMs ? lateStreak + 1 : 0;
        if (lateStreak === 0 || lateStreak > 3) return wait;
        void store.releaseRate(key, slot).catch(() => undefined);
        return 1;
      } catch (error) {
        localUntil = now() + options.localPeriodMs;
        if (!usingLocal) {
          usingLocal = true;
          logger.warn(
            { err: errorSummary(error), dealer: options.dealerId },
            'rate limit store unavailable: limiting upstream calls per instance',
          );
        }
        return local.acquire(key, slot, rule);
      }
    },
  };
}
