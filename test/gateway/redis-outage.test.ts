import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/config.js';
import { createGateway } from '../../src/wiring/gateway.js';
import { dealerKeys } from '../../src/panel/login-coordinator.js';
import { panelAccountId } from '../../src/wiring/gateway.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { connectRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { makeKey, ALL_SCOPES } from '../helpers/harness.js';
import { assertNoSecrets, captureLogs } from '../helpers/logs.js';
import { TEST_SESSION_KEYS } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * A redis-server of the test's own, on its own port, stopped under load and started again,
 * with two gateway instances connected to it the way `main.ts` connects them.
 */
let sim: Simulator;
let redisPort: number;
let redisServer: ChildProcess | undefined;
const key = makeKey('outage', ALL_SCOPES);
/** A client with a small rate limit of its own; half of it per instance while Redis is down. */
const limited = makeKey('outage-limited', ALL_SCOPES);
limited.entry.rateLimit = '20/1h';
const logs = captureLogs('info');
const instances: { server: Server; pool: Pool; store: Store; url: string }[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  redisPort = await freePort();
  await startRedis();
  for (let i = 0; i < 2; i += 1) instances.push(await startInstance());
});

afterAll(async () => {
  for (const { server, pool, store } of instances) {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  }
  await stopRedis();
  await sim.close();
  assertNoSecrets(logs.lines, [
    DEFAULT_ACCOUNT.password,
    key.key,
    limited.key,
    ...sim.control.sessionHashes(),
  ]);
});

async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  child.once('error', (error) => {
    throw new Error(`redis-server could not be started (is it installed?): ${error.message}`);
  });
  redisServer = child;
  const probe = connectRedis(`redis://127.0.0.1:${redisPort}`, () => undefined);
  try {
    await until(async () => (await probe.ping().catch(() => '')) === 'PONG');
  } finally {
    probe.disconnect();
  }
}

async function stopRedis(): Promise<void> {
  const child = redisServer;
  redisServer = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function startInstance() {
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const config: Config = {
    ...loadConfig(
      {
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        // About the Panel stack under faults: every read reaches it (the read cache's tests are apart).
        READ_CACHE: 'off',
        REDIS_URL: redisUrl,
        SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
        UPSTREAM_TIMEOUT_MS: '3000',
        // The load of the tests below stays far under it; `limited` has a limit of its own.
        CLIENT_RATE_LIMIT: '100000/60s',
        CLIENT_RATE_LIMIT_FALLBACK_FRACTION: '0.5',
      },
      () => '',
    ),
    apiKeys: [key.entry, limited.entry],
  };
  const store = createRedisStore(
    connectRedis(redisUrl, () => undefined),
    config.redisKeyPrefix,
  );
  const dispatcher = new Pool(new URL(sim.url).origin, { connections: 16 });
  const { app } = createGateway({ config, logger: logs.logger, store, dispatcher });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, store, url, pool: new Pool(url, { connections: 16 }) };
}

async function get(instance: (typeof instances)[number], path: string, apiKey = key.key) {
  try {
    const res = await instance.pool.request({
      method: 'GET',
      path,
      headers: { 'x-api-key': apiKey },
    });
    return {
      status: res.statusCode,
      policy: res.headers['ratelimit-policy'],
      body: (await res.body.json()) as Record<string, unknown>,
    };
  } catch (error) {
    return { status: 0, policy: undefined, body: { error: String(error) } };
  }
}

describe('Redis outage', () => {
  it('serves every request on a warm session while Redis is down, reports it in readiness, and shares again once it is back', async () => {
    for (const instance of instances) expect((await get(instance, '/v1/dealer')).status).toBe(200);
    expect((await get(instances[0]!, '/readyz')).status).toBe(200);

    // Steady load on both instances for the whole outage.
    const failures: unknown[] = [];
    let served = 0;
    let loading = true;
    const load = Array.from({ length: 8 }, async (_, i) => {
      while (loading) {
        const res = await get(instances[i % 2]!, '/v1/dealer');
        if (res.status === 200) served += 1;
        else failures.push(res);
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopRedis();
    await until(async () => (await get(instances[0]!, '/readyz')).status === 503);
    const notReady = await get(instances[1]!, '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      checks: { store: 'unavailable' },
    });
    const servedDuringOutage = served;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(served).toBeGreaterThan(servedDuringOutage); // still serving, not stalled

    await startRedis();
    // ioredis reconnects by itself; readiness follows.
    for (const instance of instances) {
      await until(async () => (await get(instance, '/readyz')).status === 200, 10_000);
    }
    loading = false;
    await Promise.all(load);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(50);

    // Sharing resumed: after the session ends, the two instances log in once between them,
    // and the restarted (empty) Redis holds the new session.
    sim.control.expireSessions();
    sim.control.reset();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => get(instances[i % 2]!, '/v1/dealer')),
    );
    expect(statuses.map((res) => res.status).filter((status) => status !== 200)).toEqual([]);
    expect(sim.control.calls('account/auth')).toBe(1);
    const probe = connectRedis(`redis://127.0.0.1:${redisPort}`, () => undefined);
    try {
      await until(async () => (await probe.ping().catch(() => '')) === 'PONG');
      const sessionKey = `npg:${dealerKeys(panelAccountId(sim.url, DEFAULT_ACCOUNT.login)).session}`;
      expect(await probe.exists(sessionKey)).toBe(1);
    } finally {
      probe.disconnect();
    }
  }, 60_000);

  it('logs in per process while Redis is down, and never answers 401, 403 or 5xx for it', async () => {
    await stopRedis();
    try {
      await until(async () => (await get(instances[0]!, '/readyz')).status === 503);
      sim.control.expireSessions();
      sim.control.reset();
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => get(instances[i % 2]!, '/v1/dealer')),
      );
      expect(statuses.map((res) => res.status).filter((status) => status !== 200)).toEqual([]);
      // No shared lock: each process single-flights its own login.
      expect(sim.control.calls('account/auth')).toBeGreaterThanOrEqual(1);
      expect(sim.control.calls('account/auth')).toBeLessThanOrEqual(2);

      // An instance that starts while Redis is down logs in by itself and serves.
      const late = await startInstance();
      instances.push(late);
      expect((await get(late, '/v1/dealer')).status).toBe(200);
    } finally {
      await startRedis();
    }
  }, 60_000);

  it('limits a client per instance with its fallback share while Redis is down, never 401 or 5xx, and shares the count again once it is back', async () => {
    const [first, second] = [instances[0]!, instances[1]!];
    // Both count in Redis again after the earlier outages (the local share would read q=50000).
    for (const instance of [first, second]) {
      await until(
        async () => (await get(instance, '/v1/dealer')).policy === '"default";q=100000;w=60',
      );
    }
    const linesBefore = logs.lines.length;
    await stopRedis();
    try {
      await until(async () => (await get(first, '/readyz')).status === 503);
      const during = [];
      for (let i = 0; i < 15; i += 1) during.push(await get(first, '/v1/dealer', limited.key));
      expect(during.map((res) => res.status)).toEqual([
        ...Array(10).fill(200),
        ...Array(5).fill(429),
      ]);
      expect(during[0]?.policy).toBe('"key";q=10;w=3600');
      expect(during[14]?.body).toMatchObject({ code: 'CLIENT_RATE_LIMITED' });
    } finally {
      await startRedis();
    }
    for (const instance of [first, second]) {
      await until(async () => (await get(instance, '/readyz')).status === 200, 10_000);
    }
    // The first instance's own count is used up: its first 200 is counted in Redis again.
    const statuses: number[] = [];
    await until(async () => {
      statuses.push((await get(first, '/v1/dealer', limited.key)).status);
      return statuses.at(-1) === 200;
    }, 10_000);
    for (let i = 0; i < 30; i += 1) {
      statuses.push((await get(i % 2 === 0 ? second : first, '/v1/dealer', limited.key)).status);
    }
    // The restarted Redis counts from nothing: 20 for both instances together, then 429.
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    const records = logs.lines
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as { msg?: string });
    const warnings = records.filter(
      (r) => r.msg === 'client rate limit store unavailable: counting per instance',
    );
    expect(warnings).toHaveLength(1);
    expect(records.filter((r) => r.msg === 'client rate limits shared again')).toHaveLength(1);
  }, 60_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
