import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../problems/gateway-error.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from './store.js';

export interface RecordLockOptions {
  store: Store;
  logger: Logger;
  /** Lease of one lock: longer than a read-merge-write of the Panel API may take. */
  leaseMs: number;
  /** How long a caller waits for the lock before giving up with 503. */
  waitMs: number;
  pollMs?: number;
  metrics?: Pick<Metrics, 'lockWait'>;
}

/** Runs `fn` while holding the lock on `record`, in this process and across instances. */
export type RecordLock = <T>(record: string, fn: () => Promise<T>) => Promise<T>;

/**
 * A per-record mutual exclusion for read-merge-write (PATCH): one chain of waiters per record in
 * the process, plus a store lock (owner token, lease) between instances. If the store fails, the
 * in-process chain still serialises this instance's writers.
 */
export function createRecordLock(options: RecordLockOptions): RecordLock {
  const { store, logger, leaseMs, waitMs, pollMs = 15 } = options;
  const local = new Map<string, Promise<unknown>>();

  async function acquireShared(key: string, token: string): Promise<boolean> {
    const started = Date.now();
    const deadline = started + waitMs;
    for (;;) {
      try {
        if (await store.setIfAbsent(key, token, leaseMs)) {
          if (Date.now() > started)
            options.metrics?.lockWait('record', (Date.now() - started) / 1000);
          return true;
        }
      } catch (error) {
        logger.warn({ err: errorSummary(error), op: 'record-lock' }, 'session store unavailable');
        return false;
      }
      if (Date.now() >= deadline) throw lockTimeout();
      await sleep(pollMs + Math.random() * pollMs);
    }
  }

  return async function withLock<T>(record: string, fn: () => Promise<T>): Promise<T> {
    const previous = local.get(record) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const key = `lock:${record}`;
        const token = randomUUID();
        const shared = await acquireShared(key, token);
        try {
          return await fn();
        } finally {
          if (shared) await store.deleteIfEquals(key, token).catch(() => false);
        }
      });
    local.set(record, run);
    try {
      return await run;
    } finally {
      if (local.get(record) === run) local.delete(record);
    }
  };
}

function lockTimeout(): GatewayError {
  return new GatewayError('RECORD_BUSY', {
    detail: 'Another change of this record did not finish in time; retry shortly.',
    headers: { 'Retry-After': '1' },
  });
}
