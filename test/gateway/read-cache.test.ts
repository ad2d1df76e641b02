import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { makeKey, startCachePair, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * The read cache on two gateways sharing one Redis and one simulator, with a clock the test
 * moves: fresh, stale, expired and invalidated answers without waiting.
 */
const USER = 371321;
const trackersOnly = makeKey('trackers-only', ['trackers:read']);
let sim: Simulator;
let a: Harness;
let b: Harness;
let clock = Date.parse('2026-01-01T00:00:00Z');
const now = () => clock;

beforeAll(async () => {
  sim = await startSimulator();
  const prefix = uniquePrefix('read-cache');
  const settings = { READ_CACHE: 'on', UPSTREAM_RETRIES: '0' };
  const options = { name: 'read-cache', simulator: sim, prefix, settings, cacheNow: now };
  [a, b] = await startCachePair(options, { keys: [trackersOnly] });
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await sim.close();
});
beforeEach(() => {
  sim.control.reset();
  // Each test starts past anything an earlier one kept (fresh 5 s + stale 60 s).
  clock += 3_600_000;
});

const reads = (action = 'user/read') => sim.control.calls(action);
const getUser = (h: Harness, id = USER) => h.client(h.key).get(`/v1/users/${id}`);
const cacheCount = async (h: Harness, result: string) => {
  const text = await h.gateway.metrics.registry.getSingleMetricAsString('npg_cache_requests_total');
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`npg_cache_requests_total{result="${result}"}`));
  return Number(line?.split(' ')[1] ?? NaN);
};

describe('the read cache', () => {
  it('answers a repeated read from the cache with ETag and Age, and calls Navixy once', async () => {
    const first = await getUser(a).expect(200);
    expect(first.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.age).toBe('0');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expectDocumented(first, 'get', '/v1/users/{id}');
    clock += 3_000;
    const hits = await cacheCount(a, 'hit');
    const second = await getUser(a).expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers.age).toBe('3');
    expect(reads()).toBe(1);
    expect(await cacheCount(a, 'hit')).toBe(hits + 1);
  });

  it('serves another instance from Redis without calling Navixy again', async () => {
    await getUser(a).expect(200);
    clock += 1_000;
    const res = await getUser(b).expect(200);
    expect(res.headers.age).toBe('1');
    expect(reads()).toBe(1);
  });

  it('reads fresh for Cache-Control: no-cache and keeps that answer', async () => {
    await getUser(a).expect(200);
    clock += 2_000;
    const bypasses = await cacheCount(a, 'bypass');
    const forced = await getUser(a).set('Cache-Control', 'no-cache').expect(200);
    expect(forced.headers.age).toBe('0');
    expect(reads()).toBe(2);
    expect(await cacheCount(a, 'bypass')).toBe(bypasses + 1);
    const after = await getUser(b).expect(200);
    expect(after.headers.age).toBe('0');
    expect(reads()).toBe(2);
  });

  it('answers 304 without an upstream call when If-None-Match names the current answer', async () => {
    const first = await getUser(a).expect(200);
    const etag = first.headers.etag!;
    const res = await getUser(b).set('If-None-Match', `W/"other", ${etag}`).expect(304);
    expect(res.headers.etag).toBe(etag);
    expect(res.text).toBe('');
    expect(reads()).toBe(1);
    await getUser(b).set('If-None-Match', '"other"').expect(200);
  });

  it('serves a stale answer while exactly one refresh runs for the fleet', async () => {
    await getUser(a).expect(200);
    clock += 7_000; // fresh 5 s, then served stale for as long again while refreshing
    sim.control.resetCounters();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => getUser(i % 2 ? a : b).expect(200)),
    );
    expect(answers.map((res) => res.headers.age)).toEqual(Array(10).fill('7'));
    await until(() => reads() === 1);
    await until(
      async () => (await cacheCount(a, 'revalidated')) + (await cacheCount(b, 'revalidated')) >= 1,
    );
    const refreshed = await getUser(a).expect(200);
    expect(refreshed.headers.age).toBe('0');
    expect(reads()).toBe(1);
  });

  it('serves a stale answer when Navixy fails, within the maximum staleness only', async () => {
    const first = await getUser(a).expect(200);
    clock += 20_000; // past the refresh window: a client waits for Navixy
    sim.control.failNext(1, 8, 'user/read');
    const stale = await getUser(a).expect(200);
    expect(stale.body).toEqual(first.body);
    expect(stale.headers.age).toBe('20');
    clock += 60_000; // past fresh + 60 s: too old to serve
    sim.control.failNext(1, 8, 'user/read');
    const failed = await getUser(a).expect(503);
    expect(failed.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('never caches a failure', async () => {
    sim.control.failNext(1, 8, 'user/read');
    await getUser(a).expect(503);
    await getUser(a).expect(200);
    expect(reads()).toBe(2);
  });

  it('checks scopes before serving a cached answer', async () => {
    await getUser(a).expect(200);
    const res = await a.client(trackersOnly.key).get(`/v1/users/${USER}`).expect(403);
    expect(res.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
    expect(reads()).toBe(1);
  });

  it('fetches a cold answer once for concurrent reads over two instances', async () => {
    sim.control.setLatency(150, 'user/read');
    const counts = async () => ({
      miss: (await cacheCount(a, 'miss')) + (await cacheCount(b, 'miss')),
      joined: (await cacheCount(a, 'joined')) + (await cacheCount(b, 'joined')),
    });
    const before = await counts();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => getUser(i % 2 ? a : b, USER + 1)),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(reads()).toBe(1);
    // One miss for the one Navixy call; the 19 others joined it, here or on the other instance.
    const after = await counts();
    expect(after.miss - before.miss).toBe(1);
    expect(after.joined - before.joined).toBe(19);
  });

  it('shows another instance\u2019s write on the very next read', async () => {
    await getUser(b).expect(200);
    const patched = await a
      .client(a.key)
      .patch(`/v1/users/${USER}`, { comment: `changed at ${clock}` })
      .expect(200);
    expect(patched.body).toMatchObject({ comment: `changed at ${clock}` });
    const res = await getUser(b).expect(200);
    expect(res.body).toMatchObject({ comment: `changed at ${clock}` });
  });
});
