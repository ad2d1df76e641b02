import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import {
  createRateLimiter,
  UpstreamLoadLimitedError,
  type RateLimiterOptions,
} from '../../src/panel/rate-limiter.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { makeKey, ALL_SCOPES } from '../helpers/harness.js';
import { assertNoSecrets, captureLogs } from '../helpers/logs.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('rate-limiter');
const connections: Redis[] = [];
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => {
  sim.control.reset();
});
afterAll(async () => {
  await sim.close();
  await deletePrefix(redis, prefix);
  for (const connection of connections) connection.disconnect();
  redis.disconnect();
});

/** A Redis store on a connection of its own, as another gateway instance would have. */
function instanceStore(): Store {
  const connection = testRedis();
  connections.push(connection);
  return createRedisStore(connection, prefix);
}

/** Counts acquireRate calls, to show waiters do not poll the store. */
function counting(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const wrapped: Store = {
    ...store,
    acquireRate: (...args) => {
      calls += 1;
      return store.acquireRate(...args);
    },
  };
  return { store: wrapped, calls: () => calls };
}

function limiter(store: Store, options: Partial<RateLimiterOptions> = {}) {
  return createRateLimiter({
    accountId: 'limiter-test',
    store,
    logger: captureLogs().logger,
    perSecond: 5,
    queueSize: 100,
    maxWaitMs: 10_000,
    ...options,
  });
}

/** Fails unless any `limit + 1` consecutive times (sorted) span at least `windowMs`. */
function expectAtMostPerWindow(times: number[], limit: number, windowMs = 1000): void {
  const sorted = [...times].sort((a, b) => a - b);
  const spans = sorted.slice(limit).map((t, i) => t - (sorted[i] ?? 0));
  expect(Math.min(...spans)).toBeGreaterThanOrEqual(windowMs);
}

describe.each([
  ['redis', () => [instanceStore(), instanceStore()] as const],
  ['memory', () => [createMemoryStore(), createMemoryStore()] as const],
] as const)('%s store acquireRate', (kind, make) => {
  it('takes exactly `limit` slots per window, then answers how long until one frees', async () => {
    const [a, b] = make();
    const key = `rate:${kind}:${Date.now()}`;
    // Two Redis stores share one window; two memory stores are two processes, one is enough.
    const stores = kind === 'redis' ? [a, b] : [a];
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      answers.push(await stores[i % stores.length]!.acquireRate(key, 3, 400));
    }
    expect(answers.slice(0, 3)).toEqual([0, 0, 0]);
    for (const wait of answers.slice(3)) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(400);
    }
    await sleep(answers[3]! + 5);
    expect(await b.acquireRate(key, 3, 400)).toBe(0);
  });
});

describe('rate limiter', () => {
  it('grants no more than the limit in any sliding second across two instances on one Redis', async () => {
    const [first, second] = [limiter(instanceStore()), limiter(instanceStore())];
    const granted: number[] = [];
    const all = Array.from({ length: 16 }, (_, i) =>
      (i % 2 === 0 ? first : second).acquire().then(() => granted.push(Date.now())),
    );
    await Promise.all(all);
    expect(granted).toHaveLength(16);
    expectAtMostPerWindow(granted, 5);
  });

  it('serves its waiters first come, first served, waking only when a slot frees', async () => {
    const { store, calls } = counting(instanceStore());
    const limited = limiter(store, { accountId: 'fifo', perSecond: 4 });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => limited.acquire().then(() => order.push(i))),
    );
    expect(order).toEqual([...order].sort((x, y) => x - y));
    // Each of 12 asks once; each of the 8 waiters' wakes asks at most once more for itself and
    // once for the next in line. A poll loop over two windows would ask hundreds of times.
    expect(calls()).toBeLessThanOrEqual(12 + 2 * 8);
    expect(limited.queueLength()).toBe(0);
  });

  it('answers 429 with Retry-After at once when the queue is full or the wait too long', async () => {
    const limited = limiter(instanceStore(), { accountId: 'full', perSecond: 1, queueSize: 2 });
    await limited.acquire();
    const queued = [limited.acquire(), limited.acquire()];
    await until(() => limited.queueLength() === 2);
    const refused = await limited.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamLoadLimitedError);
    expect(refused).toMatchObject({ status: 429, code: 'UPSTREAM_LOAD_LIMITED' });
    expect(Number((refused as UpstreamLoadLimitedError).headers['Retry-After'])).toBeGreaterThan(0);
    // A deadline sooner than the next free slot is refused at once as well.
    const hurried = limiter(instanceStore(), { accountId: 'full', perSecond: 1 });
    await expect(hurried.acquire(Date.now() + 50)).rejects.toMatchObject({ status: 429 });
    await Promise.all(queued);
  });

  it('keeps limiting per process, and logs once, while Redis is unreachable', async () => {
    const logs = captureLogs();
    const port = await closedPort();
    const dead = new Redis(port, '127.0.0.1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    dead.on('error', () => undefined);
    const limited = createRateLimiter({
      accountId: 'down',
      store: createRedisStore(dead, prefix),
      logger: logs.logger,
      perSecond: 3,
      queueSize: 10,
      maxWaitMs: 5_000,
    });
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, () => limited.acquire().then(() => granted.push(Date.now()))),
    );
    expectAtMostPerWindow(granted, 3);
    const warnings = logs.records().filter((r) => String(r.msg).startsWith('rate limit store'));
    expect(warnings).toHaveLength(1);
    dead.disconnect();
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await sleep(5);
  expect(condition()).toBe(true);
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
