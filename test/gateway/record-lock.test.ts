import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordLock } from '../../src/store/record-lock.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { captureLogs } from '../helpers/logs.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('record-lock');
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** Two lock services on one Redis: two gateway instances. */
const instance = (waitMs = 2_000) =>
  createRecordLock({
    store: createRedisStore(redis, prefix),
    logger: captureLogs().logger,
    leaseMs: 2_000,
    waitMs,
  });

describe('record lock', () => {
  it('serialises read-merge-write on one record across instances, so no update is lost', async () => {
    const [a, b] = [instance(), instance()];
    let value = 0;
    const increment = async () => {
      const read = value;
      await sleep(5);
      value = read + 1;
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)('plan:1', increment)));
    expect(value).toBe(20);
  });

  it('lets different records proceed at the same time', async () => {
    const lock = instance();
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, (_, i) => lock(`plan:${i}`, () => sleep(100))));
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('releases the lock when the work fails', async () => {
    const lock = instance();
    await expect(lock('plan:9', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock('plan:9', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(await redis.keys(`${prefix}lock:plan:9`)).toEqual([]);
  });

  it('answers 503 RECORD_BUSY when another instance holds the lock past the wait', async () => {
    const holder = instance();
    const waiter = instance(100);
    const held = holder('plan:5', () => sleep(400));
    await sleep(20);
    await expect(waiter('plan:5', () => Promise.resolve())).rejects.toMatchObject({
      code: 'RECORD_BUSY',
      status: 503,
    });
    await held;
  });
});
