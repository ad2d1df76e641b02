/**
 * Child-process entry of the benchmark: `node --import tsx bench/servers.ts <role> [upstream]`.
 * Prints one JSON line `{"url": ...}` when listening; the gateway, on SIGUSR2 and SIGTERM, a
 * JSON line of what it did so far (store calls, CPU time, memory, cache counts), so the
 * benchmark can show what the hot path costs. `BENCH_GATEWAY` (JSON, {@link GatewayOptions})
 * turns the gateway's parts off one at a time to measure each.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/config.js';
import { createGateway } from '../src/wiring/gateway.js';
import { batchedDestination, createLogger } from '../src/observability/logger.js';
import { createTracing } from '../src/observability/tracing.js';
import { DEFAULT_ACCOUNT, startSimulator } from '@navixy-panel-gateway/simulator';
import { connectRedis } from '../src/store/redis-connection.js';
import { createRedisStore } from '../src/store/redis-store.js';
import type { Store } from '../src/store/store.js';
import { createMetrics, type Metrics } from '../src/observability/metrics.js';

const [role = '', upstream = '', apiKeySha = '', clientLimit = 'off'] = process.argv.slice(2);

/** What the gateway process runs with; by default everything is on, as in production. */
export interface GatewayOptions {
  /** Request log lines (to /dev/null, asynchronously, as production writes stdout). */
  logs?: boolean;
  /** Prometheus metrics (off: every count is a no-op). */
  metrics?: boolean;
  /** Extra settings, e.g. `READ_CACHE`; null leaves one at its default. */
  settings?: Record<string, string | null>;
  /** The benchmark key's scopes. */
  scopes?: string[];
}
const options = JSON.parse(process.env.BENCH_GATEWAY ?? '{}') as GatewayOptions;

function ready(info: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

async function simulator() {
  const sim = await startSimulator({ port: 0 });
  ready({ url: sim.url });
}

/** The Panel session's hash and a pass-through of `dealer/get_info` with it, for the baselines. */
async function passThrough(): Promise<() => Promise<Record<string, unknown>>> {
  const origin = new URL(upstream).origin;
  const base = new URL(upstream).pathname;
  const pool = new Pool(origin, { connections: 128 });
  const auth = await pool.request({
    method: 'POST',
    path: `${base}/account/auth`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: DEFAULT_ACCOUNT.login, password: DEFAULT_ACCOUNT.password }),
  });
  const { hash } = (await auth.body.json()) as { hash: string };
  const body = JSON.stringify({ hash });
  return async () => {
    const answer = await pool.request({
      method: 'POST',
      path: `${base}/dealer/get_info`,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const payload = (await answer.body.json()) as Record<string, unknown>;
    delete payload.success;
    return payload;
  };
}

/** The baseline: the same call passed through with bare node:http and undici. */
async function baseline() {
  const dealer = await passThrough();
  const server = createServer((_req, res) => {
    dealer()
      .then((payload) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
  server.listen(0, '127.0.0.1', () =>
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
}

/**
 * The same pass-through as one Express 5 route and nothing else, configured as the gateway's app
 * is (no ETag, no X-Powered-By, the simple query parser): what the framework the gateway is
 * built on costs, apart from everything the gateway does.
 */
async function expressBaseline() {
  const { default: express } = await import('express');
  const dealer = await passThrough();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.get('/v1/dealer', async (_req, res) => {
    res.json(await dealer());
  });
  const server = app.listen(0, '127.0.0.1', () =>
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
}

/** Counts the store's round trips by method name, whatever methods the store has. */
function counting(store: Store, counts: Record<string, number>): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || name === 'close' || typeof name !== 'string') {
        return value;
      }
      return (...args: unknown[]) => {
        counts[name] = (counts[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function gateway() {
  // The connection production makes (timeouts, no offline queue, pipelining).
  const redis = connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', (error) =>
    process.stderr.write(`redis error: ${error.message}\n`),
  );
  const prefix = `npg-bench:${process.pid}:`;
  const counts: Record<string, number> = {};
  const store = counting(createRedisStore(redis, prefix), counts);
  const config: Config = {
    ...loadConfig(
      withSettings({
        HOST: '127.0.0.1',
        PANEL_API_URL: upstream,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: prefix,
        // The gateway's own cost is measured: the simulator has no rate limit to protect, and
        // the shared outbound limiter (one Redis round trip per upstream call) is off.
        PANEL_RATE_LIMIT_PER_SECOND: '0',
        // The client rate limit (one Redis round trip per request) as the benchmark asks: on
        // with a limit one key never reaches, to measure its cost, or off.
        CLIENT_RATE_LIMIT: clientLimit,
        // The hot path is the uncached one: every request makes its Panel call (the mobile mix
        // turns the read cache on and off itself).
        READ_CACHE: 'off',
        AUDIT_LOG: '/dev/null', // stdout carries the benchmark's own protocol
        // A key of this run only: the benchmark's sessions are sealed like production's.
        SESSION_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      }),
      () => '',
    ),
    apiKeys: [
      { name: 'bench', sha256: apiKeySha, scopes: options.scopes ?? ['base:get_dealer_info'] },
    ],
  };
  // Request logs are written as in production (one JSON line each, in asynchronous batches), to
  // /dev/null.
  const logger = createLogger({
    level: options.logs === false ? 'silent' : 'info',
    destination: batchedDestination({ dest: '/dev/null' }),
  });
  const dispatcher = new Pool(new URL(upstream).origin, { connections: 128 });
  // Traced when the environment asks, as `main.ts` does (`npm run bench -- --scenario tracing`).
  const tracing = createTracing(process.env);
  const real = createMetrics();
  const metrics =
    options.metrics === false
      ? (Object.fromEntries(
          Object.keys(real).map((name) => [
            name,
            name === 'registry' ? real.registry : () => undefined,
          ]),
        ) as unknown as Metrics)
      : real;
  const { app, panel } = createGateway({ config, logger, store, dispatcher, metrics, tracing });
  await panel.ensureSession(); // the benchmark measures the cached-session path
  const server = app.listen(0, '127.0.0.1', () => {
    for (const key of Object.keys(counts)) counts[key] = 0;
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  // SIGUSR2: report what was done so far (the hot-path phases), without stopping.
  const report = async () => {
    const cpu = process.cpuUsage();
    const cache = real.registry.getSingleMetric('npg_cache_requests_total');
    const results = cache ? (await cache.get()).values : [];
    const cacheCounts: Record<string, number> = {};
    for (const { labels, value } of results) {
      const result = String(labels.result);
      cacheCounts[result] = (cacheCounts[result] ?? 0) + value;
    }
    const line: GatewayReport = {
      storeCalls: counts,
      cpuMicros: cpu.user + cpu.system,
      rssMiB: process.memoryUsage.rss() / 2 ** 20,
      cache: cache ? cacheCounts : undefined,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  process.on('SIGUSR2', () => void report());
  process.once('SIGTERM', () => {
    process.stdout.write(`${JSON.stringify({ storeCalls: counts })}\n`);
    void redis
      .keys(`${prefix}*`)
      .then((keys) => (keys.length > 0 ? redis.del(...keys) : 0))
      .finally(() => process.exit(0));
  });
}

/** The benchmark's environment with `options.settings` laid over it (null: unset). */
function withSettings(env: Record<string, string>): Record<string, string> {
  const merged: Record<string, string | null> = { ...env, ...options.settings };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/** What the gateway reports on SIGUSR2. */
export interface GatewayReport {
  storeCalls: Record<string, number>;
  /** CPU time of the process so far, user and system. */
  cpuMicros: number;
  rssMiB: number;
  /** `npg_cache_requests_total` by result, when the gateway has a read cache. */
  cache?: Record<string, number>;
}

/** The same JSON answer from bare node:http, to price Express against it. */
async function bareHttp() {
  const body = JSON.stringify({ value: { id: 1, login: 'dealer' } });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () =>
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
  await Promise.resolve();
}

/** The same JSON answer from an Express 5 app with one route. */
async function bareExpress() {
  const { default: express } = await import('express');
  const body = { value: { id: 1, login: 'dealer' } };
  const app = express();
  app.get('/v1/dealer', (_req, res) => {
    res.json(body);
  });
  const server = app.listen(0, '127.0.0.1', () =>
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  );
}

/** CPU time so far on SIGUSR2, for the bare servers. */
process.on('SIGUSR2', () => {
  if (role === 'gateway') return;
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ storeCalls: {}, cpuMicros: cpu.user + cpu.system })}\n`);
});

const roles: Record<string, () => Promise<void>> = {
  simulator,
  baseline,
  'express-baseline': expressBaseline,
  gateway,
  'bare-http': bareHttp,
  'bare-express': bareExpress,
};
const run = roles[role];
if (!run) {
  console.error(
    'usage: servers.ts simulator | baseline <panel url> | gateway <panel url> <key sha256> [client limit]',
  );
  process.exit(2);
}
await run();
