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
import { createRateLog } from '../../src/store/rate-log.js';
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
] as const)('%s store consumeRate', (kind, make) => {
  it('grants exactly the limit to 200 concurrent requests, each a distinct remaining count', async () => {
    const instances = make();
    const key = `client:${kind}:exact`;
    const quota = { limit: 50, windowMs: 3_600_000 };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        instances[i % instances.length]!.consumeRate(key, `m${i}`, quota),
      ),
    );
    const granted = answers.filter((a) => a.allowed);
    expect(granted).toHaveLength(50);
    expect(granted.map((a) => a.remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    for (const refused of answers.filter((a) => !a.allowed)) {
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      expect(refused.resetMs).toBeGreaterThanOrEqual(1);
      expect(refused.resetMs).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('does not count refusals, and frees a place once the oldest request leaves the window', async () => {
    const [store] = make();
    const key = `client:${kind}:slide`;
    const quota = { limit: 2, windowMs: 1_000 };
    expect(await store!.consumeRate(key, 'a', quota)).toMatchObject({
      allowed: true,
      remaining: 1,
    });
    expect(await store!.consumeRate(key, 'b', quota)).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    const refused = await store!.consumeRate(key, 'c', quota);
    expect(refused.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused.resetMs + 20));
    // Once "a" has left, "b" and a counted "c" would still fill the window: "c" never counted.
    expect((await store!.consumeRate(key, 'd', quota)).allowed).toBe(true);
  });
});

describe('in-memory rate log', () => {
  it('slides: a request counts for exactly its window, and reset is when the oldest leaves', () => {
    const clock = manualClock();
    const log = createRateLog(clock.now);
    const quota = { limit: 3, windowMs: 10_000 };
    expect(log.consume('k', quota)).toEqual({ allowed: true, remaining: 2, resetMs: 10_000 });
    clock.advance(4_000);
    expect(log.consume('k', quota)).toEqual({ allowed: true, remaining: 1, resetMs: 6_000 });
    expect(log.consume('k', quota)).toEqual({ allowed: true, remaining: 0, resetMs: 6_000 });
    expect(log.consume('k', quota)).toEqual({ allowed: false, remaining: 0, resetMs: 6_000 });
    clock.advance(5_999);
    expect(log.consume('k', quota).allowed).toBe(false);
    clock.advance(1);
    expect(log.consume('k', quota)).toEqual({ allowed: true, remaining: 0, resetMs: 4_000 });
    expect(log.consume('other', quota).remaining).toBe(2);
  });

  it('refuses until enough requests leave when the limit was lowered', () => {
    const clock = manualClock();
    const log = createRateLog(clock.now);
    for (let i = 0; i < 4; i += 1) {
      log.consume('k', { limit: 4, windowMs: 10_000 });
      clock.advance(1_000);
    }
    // Four counted at 0, 1, 2, 3 s; with a limit of 2 the one of 2 s must leave, at 12 s.
    expect(log.consume('k', { limit: 2, windowMs: 10_000 })).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 8_000,
    });
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
      consumeRate: (...args) =>
        down ? Promise.reject(new Error('connection is closed')) : memory.consumeRate(...args),
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
