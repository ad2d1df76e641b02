import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { accountKeys } from '../../src/panel/login-coordinator.js';
import { panelAccountId } from '../../src/gateway.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '../../src/simulator/index.js';
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
  assertNoSecrets(logs.lines, [DEFAULT_ACCOUNT.password, key.key, ...sim.control.sessionHashes()]);
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
        REDIS_URL: redisUrl,
        SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
        UPSTREAM_TIMEOUT_MS: '3000',
      },
      () => '',
    ),
    apiKeys: [key.entry],
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

async function get(instance: (typeof instances)[number], path: string) {
  try {
    const res = await instance.pool.request({
      method: 'GET',
      path,
      headers: { 'x-api-key': key.key },
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
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
      const sessionKey = `npg:${accountKeys(panelAccountId(sim.url, DEFAULT_ACCOUNT.login)).session}`;
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
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
