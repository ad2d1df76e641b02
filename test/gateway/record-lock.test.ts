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

describe('record lock when the store fails', () => {
  it('still serialises in the process and logs no property of the store error', async () => {
    const logs = captureLogs();
    const failing = Object.assign(
      new Error('READONLY You can\u2019t write against a read only replica'),
      {
        command: { name: 'set', args: ['lock:plan:1', 'secret-value-in-args'] },
      },
    );
    const store = {
      ...createRedisStore(redis, prefix),
      setIfAbsent: () => Promise.reject(failing),
    };
    const lock = createRecordLock({ store, logger: logs.logger, leaseMs: 1_000, waitMs: 1_000 });
    let value = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        lock('plan:1', async () => {
          const read = value;
          await sleep(2);
          value = read + 1;
        }),
      ),
    );
    expect(value).toBe(5);
    expect(logs.lines.join('\n')).toContain('READONLY');
    expect(logs.lines.join('\n')).not.toContain('secret-value-in-args');
  });
});
