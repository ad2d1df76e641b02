import { afterAll, describe, expect, it } from 'vitest';
import {
  createClientRateLimiter,
  createPolicyChooser,
} from '../../src/limits/client-rate-limiter.js';
import { fileKeyPrincipal, type Principal } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config/load.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseRate, parseRateRules } from '../../src/auth/rate-syntax.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRateCounters, stepCounter } from '../../src/store/rate-counter.js';
import { createLocalShares } from '../../src/limits/local-shares.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogs } from '../helpers/logs.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('client-rate');
const stores: Store[] = [];

afterAll(async () => {
  await deletePrefix(redis, prefix);
  await Promise.all(stores.map((store) => store.close()));
  redis.disconnect();
});

/** A Redis store on a connection of its own, as another gateway instance would have. */
function instanceStore(): Store {
  const store = createRedisStore(testRedis(), prefix);
  stores.push(store);
  return store;
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe.each([
  ['redis', () => [instanceStore(), instanceStore()]],
  ['memory', () => [createMemoryStore()]],
] as const)('%s store takeRate', (kind, make) => {
  it('grants exactly the free places to 200 concurrent callers, each a distinct remaining count', async () => {
    const instances = make();
    const key = `client:${kind}:exact`;
    const quota = { limit: 50, windowMs: 3_600_000 };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        instances[i % instances.length]!.takeRate(key, quota, { divisor: Infinity }),
      ),
    );
    const granted = answers.filter((a) => a.granted > 0);
    expect(granted).toHaveLength(50);
    expect(granted.every((a) => a.granted === 1)).toBe(true);
    expect(granted.map((a) => a.remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    for (const refused of answers.filter((a) => a.granted === 0)) {
      expect(refused.remaining).toBe(0);
      // Nothing fades within the first window: a place frees in the next one.
      expect(refused.resetMs).toBeGreaterThan(3_600_000);
      expect(refused.resetMs).toBeLessThanOrEqual(2 * 3_600_000);
    }
  });

  it('grants batches of free / divisor, never more than are free, and takes back what went unspent', async () => {
    const [store] = make();
    const key = `client:${kind}:batches`;
    const quota = { limit: 50, windowMs: 3_600_000 };
    const sizes: number[] = [];
    let last = await store!.takeRate(key, quota, { divisor: 4 });
    while (last.granted > 0) {
      sizes.push(last.granted);
      last = await store!.takeRate(key, quota, { divisor: 4 });
    }
    expect(sizes).toEqual([12, 9, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1]);
    const back = await store!.takeRate(key, quota, {
      divisor: 1,
      giveBack: { windowStart: last.windowStart, count: 7 },
    });
    expect(back).toMatchObject({ granted: 7, remaining: 0 });
    // A give-back naming a window long gone changes nothing.
    const stale = await store!.takeRate(key, quota, {
      divisor: 1,
      giveBack: { windowStart: last.windowStart - 3 * quota.windowMs, count: 5 },
    });
    expect(stale.granted).toBe(0);
  });
});

describe('the sliding-window counter in Redis and its in-memory twin', () => {
  it('agree on a counter half a window on, with the previous window fading', async () => {
    const store = instanceStore();
    const hour = 3_600_000;
    const [seconds, micros] = await redis.time();
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    // 30 min 7 s into the window: far from any rounding edge, so a few ms do not matter.
    const start = redisNow - 1_807_000;
    const state = { start, previous: 100, current: 10 };
    for (const [limit, name] of [
      [80, 'twin:granted'],
      [60, 'twin:refused'],
    ] as const) {
      await redis.hset(`${prefix}${name}`, { s: start, p: 100, c: 10 });
      const quota = { limit, windowMs: hour };
      const inRedis = await store.takeRate(name, quota, { divisor: 4 });
      const twin = stepCounter(state, start + 1_807_000, quota, { divisor: 4 }).grant;
      expect({ ...inRedis, resetMs: 0 }).toEqual({ ...twin, resetMs: 0 });
      expect(Math.abs(inRedis.resetMs - twin.resetMs)).toBeLessThan(1_000);
    }
    // 80 - 10 - 100 × (1 793 000 / 3 600 000) = 20.19: 20 free, a batch of 5.
    expect(
      stepCounter(state, start + 1_807_000, { limit: 80, windowMs: hour }, { divisor: 4 }).grant,
    ).toEqual({ granted: 5, remaining: 15, resetMs: 1_793_000, windowStart: start });
    // With 60 none is free; one frees once the previous weighs 49 or less: at 30 min 36 s.
    expect(
      stepCounter(state, start + 1_807_000, { limit: 60, windowMs: hour }, { divisor: 4 }).grant,
    ).toEqual({ granted: 0, remaining: 0, resetMs: 29_000, windowStart: start });
  });

  it('slides: a full window fades out over the next, and a refusal is not counted', () => {
    const clock = manualClock();
    const counters = createRateCounters(clock.now);
    const quota = { limit: 3, windowMs: 10_000 };
    const one = { divisor: Infinity };
    expect(counters.take('k', quota, one)).toMatchObject({
      granted: 1,
      remaining: 2,
      resetMs: 10_000,
    });
    clock.advance(4_000);
    expect(counters.take('k', quota, one)).toMatchObject({
      granted: 1,
      remaining: 1,
      resetMs: 6_000,
    });
    expect(counters.take('k', quota, one)).toMatchObject({ granted: 1, remaining: 0 });
    // Three in this window: one frees when they weigh 2, a third into the next window.
    expect(counters.take('k', quota, one)).toMatchObject({ granted: 0, resetMs: 9_334 });
    clock.advance(6_000);
    expect(counters.take('k', quota, one)).toMatchObject({ granted: 0, resetMs: 3_334 });
    clock.advance(3_333);
    expect(counters.take('k', quota, one).granted).toBe(0);
    clock.advance(1);
    expect(counters.take('k', quota, one)).toMatchObject({ granted: 1, remaining: 0 });
    // Idle for two windows: whole again.
    clock.advance(20_000);
    expect(counters.take('k', quota, one)).toMatchObject({
      granted: 1,
      remaining: 2,
      resetMs: 10_000,
    });
    expect(counters.take('other', quota, one).remaining).toBe(2);
  });

  it('refuses until the count fades enough when the limit was lowered', () => {
    const clock = manualClock();
    const counters = createRateCounters(clock.now);
    for (let i = 0; i < 4; i += 1)
      counters.take('k', { limit: 4, windowMs: 10_000 }, { divisor: 1 });
    // Four in this window, a limit of 2: one frees when they weigh 1, 7.5 s into the next.
    expect(counters.take('k', { limit: 2, windowMs: 10_000 }, { divisor: 1 })).toEqual({
      granted: 0,
      remaining: 0,
      resetMs: 17_500,
      windowStart: 1_000_000,
    });
  });
});

describe('local shares', () => {
  it('keep at most their capacity, dropping the least recently used', () => {
    const shares = createLocalShares(2);
    const share = (places: number) => ({
      policy: { name: 'default', limit: 10, windowMs: 1_000 },
      places,
      remainingAfter: 0,
      windowStart: 0,
      windowEndsAt: 1_000,
      expiresAt: 1_000,
    });
    shares.set('a', share(1));
    shares.set('b', share(2));
    expect(shares.get('a')?.places).toBe(1);
    shares.set('c', share(3));
    expect(shares.size).toBe(2);
    expect(shares.get('b')).toBeUndefined();
    expect(shares.get('a')?.places).toBe(1);
  });
});

const principal = (id: string, scopes: string[], rateLimit?: string): Principal => ({
  ...fileKeyPrincipal({ name: id, scopes, rateLimit }),
  id,
});

describe('client rate policy', () => {
  const choose = createPolicyChooser({
    default: parseRate('600/60s'),
    rules: parseRateRules('gateway:admin=60/60s; users:read+trackers:read=100/1m; tariffs:*=off'),
  });

  it("takes the key's own limit first, then the first rule whose scopes it holds, then the default", () => {
    const admin = ['gateway:admin', 'users:read', 'trackers:read'];
    expect(choose(principal('a', admin, '5/1h'))).toEqual({
      name: 'key',
      limit: 5,
      windowMs: 3_600_000,
    });
    expect(choose(principal('b', admin))).toMatchObject({ name: 'gateway:admin', limit: 60 });
    expect(choose(principal('c', ['users:*', 'trackers:read']))).toMatchObject({
      name: 'users:read+trackers:read',
      limit: 100,
      windowMs: 60_000,
    });
    expect(choose(principal('d', ['users:read']))).toMatchObject({ name: 'default', limit: 600 });
    expect(choose(principal('e', ['tariffs:*']))).toBeUndefined();
    expect(choose(principal('f', admin, 'off'))).toBeUndefined();
  });

  it('reads rules in order and refuses malformed ones, naming the entry', () => {
    expect(parseRateRules(' ; users:read = 10/1s ;')).toEqual([
      { name: 'users:read', scopes: ['users:read'], rate: { limit: 10, windowMs: 1_000 } },
    ]);
    expect(() => parseRateRules('users:read')).toThrow(/"users:read": write scope/);
    expect(() => parseRateRules('Users=1/1s')).toThrow(/category:operation/);
    expect(() => parseRateRules('users:read=10/1d')).toThrow(/the rate must be/);
    expect(() => parseRateRules('users:read=1/1s;users:read=2/1s')).toThrow(/twice/);
    expect(() => parseRate('0/1s')).toThrow(/count/);
    expect(() => parseRate('1/25h')).toThrow(/window/);
  });
});

describe('client rate limiter', () => {
  function limiterWith(store: Store, fallbackFraction = 0.5) {
    const clock = manualClock();
    const logs = captureLogs();
    const metrics = createMetrics();
    const limiter = createClientRateLimiter({
      store,
      logger: logs.logger,
      metrics,
      settings: { default: parseRate('4/1h'), rules: [], fallbackFraction },
      now: clock.now,
    });
    return { limiter, clock, logs, metrics };
  }

  it('counts a key and a JWT whose names look alike apart', async () => {
    const { limiter } = limiterWith(createMemoryStore());
    const key = fileKeyPrincipal({ name: 'jwt:alice', scopes: ['users:read'], rateLimit: '1/1h' });
    const jwt: Principal = {
      kind: 'jwt',
      name: 'alice',
      id: 'jwt:https://id.example.test/#alice',
      scopes: new Set(),
      rateLimit: parseRate('1/1h'),
    };
    expect(key.id).not.toBe(jwt.id);
    expect((await limiter.consume(key))?.allowed).toBe(true);
    expect((await limiter.consume(jwt))?.allowed).toBe(true);
    expect((await limiter.consume(jwt))?.allowed).toBe(false);
  });

  it('counts per instance with its share of the limit while the store fails, logs once, and shares again', async () => {
    let down = true;
    const memory = createMemoryStore();
    const flaky: Store = {
      ...memory,
      kind: 'redis',
      takeRate: (...args) =>
        down ? Promise.reject(new Error('connection is closed')) : memory.takeRate(...args),
    };
    const { limiter, clock, logs, metrics } = limiterWith(flaky);
    const client = principal('key:app', ['users:read']);
    const verdicts = [];
    for (let i = 0; i < 4; i += 1) verdicts.push(await limiter.consume(client));
    // Half of 4 per instance: two pass, the rest are refused, none fails.
    expect(verdicts.map((v) => v?.allowed)).toEqual([true, true, false, false]);
    expect(verdicts[0]?.policy).toEqual({ name: 'default', limit: 2, windowMs: 3_600_000 });
    const warnings = () =>
      logs
        .records()
        .filter((r) => r.msg === 'client rate limit store unavailable: counting per instance');
    expect(warnings()).toHaveLength(1);
    expect(await metrics.registry.getSingleMetricAsString('npg_redis_errors_total')).toMatch(
      /npg_redis_errors_total \d+/,
    );
    expect(
      await metrics.registry.getSingleMetricAsString('npg_client_rate_limited_total'),
    ).toContain('npg_client_rate_limited_total{policy="default"} 2');

    down = false;
    clock.advance(1_000);
    const shared = await limiter.consume(client);
    expect(shared).toMatchObject({ allowed: true, remaining: 3, policy: { limit: 4 } });
    expect(logs.records().some((r) => r.msg === 'client rate limits shared again')).toBe(true);
    expect(warnings()).toHaveLength(1);
  });

  it('reads the settings: default 600/60s, off, rules and the fallback share validated', () => {
    const base = {
      PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
      PANEL_LOGIN: 'l',
      PANEL_PASSWORD: 'p',
    };
    expect(loadConfig(base, () => '').clientRateLimit).toEqual({
      default: { limit: 600, windowMs: 60_000 },
      rules: [],
      fallbackFraction: 1,
    });
    expect(
      loadConfig(
        { ...base, CLIENT_RATE_LIMIT: 'off', CLIENT_RATE_LIMIT_FALLBACK_FRACTION: '0.25' },
        () => '',
      ).clientRateLimit,
    ).toMatchObject({ default: 'off', fallbackFraction: 0.25 });
    expect(() =>
      loadConfig(
        {
          ...base,
          CLIENT_RATE_LIMIT: '10 per minute',
          CLIENT_RATE_LIMIT_RULES: 'users:read',
          CLIENT_RATE_LIMIT_FALLBACK_FRACTION: '0',
        },
        () => '',
      ),
    ).toThrow(
      /CLIENT_RATE_LIMIT: must be <count>\/<window>[\s\S]*CLIENT_RATE_LIMIT_RULES: "users:read"[\s\S]*CLIENT_RATE_LIMIT_FALLBACK_FRACTION/,
    );
    const file = JSON.stringify([
      { name: 'a', sha256: 'a'.repeat(64), scopes: ['users:read'], rateLimit: 'lots' },
    ]);
    expect(() => loadConfig({ ...base, API_KEYS_FILE: 'keys.json' }, () => file)).toThrow(
      /API_KEYS_FILE keys.json \[0.rateLimit\]: must be <count>/,
    );
  });
});

describe('client rate limiter with leased local shares', () => {
  /** A store on a connection of its own that counts its `takeRate` calls. */
  function countingStore() {
    const store = instanceStore();
    const counter = { calls: 0 };
    const counting: Store = {
      ...store,
      takeRate: (...args) => {
        counter.calls += 1;
        return store.takeRate(...args);
      },
    };
    return { store: counting, counter };
  }

  function instance(store: Store, clock: ReturnType<typeof manualClock>, rate: string) {
    return createClientRateLimiter({
      store,
      logger: captureLogs().logger,
      metrics: createMetrics(),
      settings: { default: parseRate(rate), rules: [], fallbackFraction: 0.5 },
      now: clock.now,
    });
  }

  it('two instances on one Redis grant exactly 50 of 200 concurrent requests, with fewer store calls than places', async () => {
    const clock = manualClock();
    const stores = [countingStore(), countingStore()];
    const limiters = stores.map(({ store }) => instance(store, clock, '50/1h'));
    const client = principal(`exact-${Date.now()}`, ['users:read']);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => limiters[i % 2]!.consume(client)),
    );
    const allowed = verdicts.filter((v) => v?.allowed);
    const refused = verdicts.filter((v) => v && !v.allowed);
    expect(allowed).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(allowed.map((v) => v!.remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    for (const verdict of refused) {
      expect(verdict).toMatchObject({ remaining: 0, policy: { limit: 50 } });
      expect(verdict!.resetSeconds).toBeGreaterThanOrEqual(1);
    }
    const calls = stores[0]!.counter.calls + stores[1]!.counter.calls;
    expect(calls).toBeLessThan(50);
    // Once refused, a client's next request asks the store again: a place may have freed.
    expect((await limiters[0]!.consume(client))?.allowed).toBe(false);
    expect(stores[0]!.counter.calls + stores[1]!.counter.calls).toBe(calls + 1);
  });

  it('far from the limit spends a local share without asking Redis, and gives back what is left', async () => {
    const clock = manualClock();
    const { store, counter } = countingStore();
    const limiter = instance(store, clock, '100000/1h');
    const client = principal(`far-${Date.now()}`, ['users:read']);
    for (let i = 0; i < 1_000; i += 1) {
      expect(await limiter.consume(client)).toMatchObject({
        allowed: true,
        remaining: 100_000 - 1 - i,
        resetSeconds: 3_600,
      });
    }
    // One batch of floor(100 000 / 4) covered all of them.
    expect(counter.calls).toBe(1);
    const key = `${prefix}ratelimit:client:{${client.id}}`;
    expect(await redis.hget(key, 'c')).toBe('25000');
    // A second on, the share is stale: its 24 000 unspent places go back with the next batch.
    clock.advance(1_000);
    expect(await limiter.consume(client)).toMatchObject({ allowed: true, remaining: 98_999 });
    expect(counter.calls).toBe(2);
    expect(await redis.hget(key, 'c')).toBe(String(1_000 + Math.floor(99_000 / 4)));
    expect(await redis.pttl(key)).toBeGreaterThan(3_600_000);
  });
});
