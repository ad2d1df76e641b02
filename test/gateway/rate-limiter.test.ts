import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createGateway } from '../../src/wiring/gateway.js';
import {
  createRateLimiter,
  UpstreamLoadLimitedError,
  type RateLimiterOptions,
} from '../../src/panel/outbound-limiter.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { assertNoSecrets, captureLogs } from '../helpers/logs.js';
import { deletePrefix, testRedis, uniquePrefix, TEST_SESSION_KEYS } from '../helpers/redis.js';

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
    dealerId: 'limiter-test',
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
    const rule = { limit: 3, windowMs: 400 };
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      answers.push(await stores[i % stores.length]!.acquireRate(key, `slot-${i}`, rule));
    }
    expect(answers.slice(0, 3)).toEqual([0, 0, 0]);
    for (const wait of answers.slice(3)) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(400);
    }
    await sleep(answers[3]! + 5);
    expect(await b.acquireRate(key, 'after', rule)).toBe(0);
  });

  it('spreads a burst over the window when the rule has slices, and frees a released slot at once', async () => {
    const [a] = make();
    const key = `burst:${kind}:${Date.now()}`;
    const rule = { limit: 4, windowMs: 400, slices: 2 };
    expect(await a.acquireRate(key, 'one', rule)).toBe(0);
    expect(await a.acquireRate(key, 'two', rule)).toBe(0);
    const wait = await a.acquireRate(key, 'three', rule);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(200);
    await a.releaseRate(key, 'two');
    expect(await a.acquireRate(key, 'three', rule)).toBe(0);
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
    const limited = limiter(store, { dealerId: 'fifo', perSecond: 4 });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => limited.acquire().then(() => order.push(i))),
    );
    expect(order).toEqual([...order].sort((x, y) => x - y));
    // Each call asks once on arrival, and each wake asks for the head and then once more to
    // learn when to wake next: about 3 asks per call, plus the odd timer that fires a
    // millisecond before its slot frees on a busy machine. A poll loop would ask hundreds of times.
    expect(calls()).toBeLessThanOrEqual(4 * 12);
    expect(limited.queueLength()).toBe(0);
  });

  it('answers 429 with Retry-After at once when the queue is full or the wait too long', async () => {
    const limited = limiter(instanceStore(), { dealerId: 'full', perSecond: 1, queueSize: 2 });
    await limited.acquire();
    const queued = [limited.acquire(), limited.acquire()];
    await until(() => limited.queueLength() === 2);
    const refused = await limited.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamLoadLimitedError);
    expect(refused).toMatchObject({ status: 429, code: 'UPSTREAM_LOAD_LIMITED' });
    expect(Number((refused as UpstreamLoadLimitedError).headers['Retry-After'])).toBeGreaterThan(0);
    // A deadline sooner than the next free slot is refused at once as well.
    const hurried = limiter(instanceStore(), { dealerId: 'full', perSecond: 1 });
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
      dealerId: 'down',
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

/** Waits (up to 1 s) until `condition` holds, and fails if it never does. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await sleep(5);
  expect(condition()).toBe(true);
}

/** One answer of the load test, as the client saw it. */
interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  code: unknown;
}

/** Starts `harness`'s app on 127.0.0.1:0 and answers a pool to it. */
async function listen(h: Harness): Promise<{ pool: Pool; close: () => Promise<void> }> {
  const server = createHttpServer(h.gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 256 });
  return {
    pool,
    async close() {
      await pool.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function ask(pool: Pool, key: string, path: string): Promise<Answer> {
  const response = await pool.request({ method: 'GET', path, headers: { 'x-api-key': key } });
  const body = (await response.body.json()) as { code?: unknown };
  const retryAfter = response.headers['retry-after'];
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type']),
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
    code: body.code,
  };
}

/**
 * The same rules as the load scenario (`npm run bench -- --scenario upstream-rate-load`, 200 req/s
 * for 5 s), on one burst: the burst needs no schedule and lasts about the longest wait.
 */
describe('upstream load of two gateway instances on one Redis', () => {
  it('offered a burst of 5 times the limit, Navixy never sees more than the limit in any second; the rest get 429 with Retry-After', async () => {
    const limit = 10;
    const settings = {
      PANEL_RATE_LIMIT_PER_SECOND: String(limit),
      PANEL_RATE_LIMIT_MAX_WAIT_MS: '1000',
    };
    const shared = uniquePrefix('rate-load');
    const instances = [
      await startHarness({ name: 'rate-load', simulator: sim, prefix: shared, settings }),
      await startHarness({ name: 'rate-load', simulator: sim, prefix: shared, settings }),
    ];
    const servers = await Promise.all(instances.map(listen));
    try {
      // Every arrival counts, the login and a first call per instance included.
      for (const [i, { pool }] of servers.entries()) {
        expect(await ask(pool, instances[i]!.key, `/v1/users?limit=1&offset=${i}`)).toMatchObject({
          status: 200,
        });
      }
      expect(sim.control.calls('account/auth')).toBe(1);

      // Distinct offsets keep the reads from being coalesced: each one is a call to Navixy.
      const seen = await Promise.all(
        Array.from({ length: 5 * limit }, (_, i) =>
          ask(servers[i % 2]!.pool, instances[i % 2]!.key, `/v1/users?limit=1&offset=${10 + i}`),
        ),
      );

      expectAtMostPerWindow(
        sim.control.callLog().map((call) => call.at),
        limit,
      );
      const ok = seen.filter((a) => a.status === 200);
      expect(ok.length).toBeGreaterThan(0);
      expect(ok.length).toBeLessThan(seen.length);
      for (const refused of seen.filter((a) => a.status !== 200)) {
        expect(refused).toMatchObject({
          status: 429,
          contentType: expect.stringContaining('application/problem+json') as string,
          code: 'UPSTREAM_LOAD_LIMITED',
        });
        expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      // Every 200 cost one call (two before the burst); at most two windows' worth in the wait.
      expect(sim.control.calls('user/list')).toBe(ok.length + 2);
      expect(ok.length).toBeLessThanOrEqual(2 * limit);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all(instances.map((h) => h.close()));
    }
  });
});

describe('a gateway whose Redis is unreachable', () => {
  it('keeps answering under the per-instance limit, and says so once in the log', async () => {
    const dead = new Redis(await closedPort(), '127.0.0.1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 200,
      commandTimeout: 200,
    });
    dead.on('error', () => undefined);
    const logs = captureLogs();
    const full = makeKey('full', ALL_SCOPES);
    const config = {
      ...loadConfig(
        {
          PANEL_API_URL: sim.url,
          PANEL_LOGIN: DEFAULT_ACCOUNT.login,
          PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
          // About the Panel stack under faults: every read reaches it (the read cache's tests are apart).
          READ_CACHE: 'off',
          SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
          PANEL_RATE_LIMIT_PER_SECOND: '5',
        },
        () => '',
      ),
      apiKeys: [full.entry],
    };
    const dispatcher = new Pool(new URL(sim.url).origin);
    const { app } = createGateway({
      config,
      logger: logs.logger,
      store: createRedisStore(dead, prefix),
      dispatcher,
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        supertest(app).get(`/v1/users?limit=1&offset=${i}`).set('X-API-Key', full.key),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(sim.control.calls('user/list')).toBe(8);
    expectAtMostPerWindow(
      sim.control.callLog().map((call) => call.at),
      5,
    );
    const warnings = logs.records().filter((r) => String(r.msg).startsWith('rate limit store'));
    expect(warnings).toHaveLength(1);
    assertNoSecrets(logs.lines, [
      DEFAULT_ACCOUNT.password,
      full.key,
      ...sim.control.sessionHashes(),
    ]);
    await dispatcher.close();
    dead.disconnect();
  });
});

describe('rate limit settings', () => {
  const base = {
    PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
    PANEL_LOGIN: 'l',
    PANEL_PASSWORD: 'p',
  };

  it('defaults to 40 calls per second, a queue of 200 and waits of at most 2 s', () => {
    expect(loadConfig(base, () => '').panelRateLimit).toEqual({
      perSecond: 40,
      queueSize: 200,
      maxWaitMs: 2_000,
    });
  });

  it('refuses a limit outside 0..1000 (0 turns the limiter off)', () => {
    expect(
      loadConfig({ ...base, PANEL_RATE_LIMIT_PER_SECOND: '0' }, () => '').panelRateLimit,
    ).toMatchObject({ perSecond: 0 });
    for (const value of ['-1', '1001', 'many']) {
      expect(() => loadConfig({ ...base, PANEL_RATE_LIMIT_PER_SECOND: value }, () => '')).toThrow(
        /PANEL_RATE_LIMIT_PER_SECOND/,
      );
    }
  });
});

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
