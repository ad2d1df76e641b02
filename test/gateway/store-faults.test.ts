import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, ROUTES } from '../../src/resources/route-table.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/config.js';
import { createGateway } from '../../src/wiring/gateway.js';
import { createAuditLogger } from '../../src/observability/audit.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { connectRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { ALL_SCOPES, makeKey } from '../helpers/harness.js';
import { assertNoSecrets, captureLogs } from '../helpers/logs.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { TEST_SESSION_KEYS } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * A dependency fault is never a 500: with the gateway's Redis killed, then frozen (SIGSTOP, so
 * connections stay open and commands get no answer), every route of the gateway answers, and
 * the key administration says 503 STORE_UNAVAILABLE with Retry-After.
 */
const admin = makeKey('root', [...ALL_SCOPES, 'gateway:admin']);
admin.entry.accounts = ['*'];
const METRICS_TOKEN = 'metrics-token-of-the-test';
const logs = captureLogs('info');
const audit = captureLogs('info');
const issued: string[] = [];
let sim: Simulator;
let redis: OwnRedis;
let store: Store;
let server: Server;
let pool: Pool;
/** A managed key made while Redis was up, for the routes that name one. */
let keyId: string;
let managedKey: string;

beforeAll(async () => {
  sim = await startSimulator();
  redis = await ownRedis();
  await redis.start();
  const config: Config = {
    ...loadConfig(
      {
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        // About the Panel stack under faults: every read reaches it (the read cache's tests are apart).
        READ_CACHE: 'off',
        REDIS_URL: redis.url,
        SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
        API_KEY_HMAC_SECRET: 'a-secret-of-the-store-faults-test-32b',
        METRICS_TOKEN,
        CLIENT_RATE_LIMIT: '100000/60s',
        PANEL_RATE_LIMIT_PER_SECOND: '0',
        UPSTREAM_TIMEOUT_MS: '3000',
      },
      () => '',
    ),
    apiKeys: [admin.entry],
  };
  store = createRedisStore(
    connectRedis(redis.url, () => undefined),
    config.redisKeyPrefix,
  );
  const dispatcher = new Pool(new URL(sim.url).origin, { connections: 32 });
  const { app } = createGateway({
    config,
    logger: logs.logger,
    store,
    dispatcher,
    audit: createAuditLogger(audit.destination),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    connections: 64,
  });
  // Commands fail at once until the connection is up (no offline queue): wait for it.
  await until(() =>
    store.ping().then(
      () => true,
      () => false,
    ),
  );
  const created = await send('POST', '/admin/keys', { name: 'app', scopes: ['users:read'] });
  expect(created.status).toBe(201);
  keyId = String(created.body.id);
  managedKey = String(created.body.key);
  issued.push(managedKey);
  expect((await send('GET', '/v1/dealer')).status).toBe(200); // a warm Panel session
});

afterAll(async () => {
  redis.thaw();
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  await redis.stop();
  await sim.close();
  assertNoSecrets(
    [...logs.lines, ...audit.lines],
    [DEFAULT_ACCOUNT.password, admin.key, METRICS_TOKEN, ...issued],
  );
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | undefined;
}

async function send(
  method: string,
  path: string,
  body?: object,
  credential = path === '/metrics' ? METRICS_TOKEN : admin.key,
): Promise<Answer> {
  const res = await pool.request({
    method,
    path,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(body && { 'content-type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // YAML, HTML or metrics text: only the status matters for them.
  }
  const retryAfter = res.headers['retry-after'];
  return { status: res.statusCode, body: parsed, retryAfter: retryAfter?.toString() };
}

const filled = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    path.startsWith('/admin')
      ? keyId
      : name === 'type'
        ? 'logo'
        : name === 'imei'
          ? '352091090000011'
          : '371321',
  );

/** Every route of the gateway once, all at the same time; what each answered. */
async function everyRoute(): Promise<Map<string, Answer>> {
  const requests: [string, string, object | undefined][] = [
    ...[...ROUTES, ...ADMIN_ROUTES].map((route): [string, string, object | undefined] => [
      route.method.toUpperCase(),
      filled(route.path),
      route.method === 'get' ? undefined : {},
    ]),
    ['POST', '/admin/keys', { name: 'during-fault', scopes: ['users:read'] }],
    ['GET', '/healthz', undefined],
    ['GET', '/readyz', undefined],
    ['GET', '/openapi.yaml', undefined],
    ['GET', '/docs', undefined],
    ['GET', '/metrics', undefined],
    ['GET', '/no-such-route', undefined],
  ];
  const answers = await Promise.all(
    requests.map(async ([method, path, body]) => {
      const label = `${method} ${path}${body && Object.keys(body).length > 0 ? ' (valid)' : ''}`;
      return [label, await send(method, path, body)] as const;
    }),
  );
  // A managed key is checked against Redis (or its cached verdict): never a 500 either.
  const managed = await send('GET', '/v1/users?limit=1', undefined, managedKey);
  return new Map([...answers, ['GET /v1/users (managed key)', managed]]);
}

function expectNoInternalError(answers: Map<string, Answer>): void {
  expect(answers.size).toBeGreaterThan(80);
  const failed = [...answers]
    .filter(([, answer]) => answer.status === 500 || answer.body.code === 'INTERNAL_ERROR')
    .map(([label, answer]) => `${label}: ${answer.status} ${String(answer.body.code)}`);
  expect(failed).toEqual([]);
}

function expectStoreUnavailable(answers: Map<string, Answer>): void {
  for (const label of [
    'GET /admin/keys',
    `GET /admin/keys/${keyId}`,
    'POST /admin/keys (valid)',
    `DELETE /admin/keys/${keyId}`,
    `POST /admin/keys/${keyId}/rotations`,
  ]) {
    const answer = answers.get(label);
    expect(answer, label).toMatchObject({
      status: 503,
      retryAfter: expect.stringMatching(/^\d+$/),
      body: { code: 'STORE_UNAVAILABLE', status: 503 },
    });
  }
}

describe('every route while Redis is down', () => {
  it('answers without a 500 when Redis is killed, /admin/keys with 503 STORE_UNAVAILABLE', async () => {
    await redis.stop();
    await until(async () => (await send('GET', '/readyz')).status === 503);
    const answers = await everyRoute();
    expectNoInternalError(answers);
    expectStoreUnavailable(answers);
    expect(answers.get('GET /healthz')?.status).toBe(200);
    expect(answers.get('GET /v1/dealer')?.status).toBe(200);
  }, 30_000);

  it('answers without a 500 when Redis is frozen, /admin/keys with 503 STORE_UNAVAILABLE', async () => {
    await redis.start();
    await until(async () => (await send('GET', '/readyz')).status === 200, 15_000);
    redis.freeze();
    try {
      const answers = await everyRoute();
      expectNoInternalError(answers);
      expectStoreUnavailable(answers);
      expect(answers.get('GET /readyz')).toMatchObject({
        status: 503,
        body: { code: 'STORE_UNAVAILABLE' },
      });
    } finally {
      redis.thaw();
    }
  }, 30_000);
});
