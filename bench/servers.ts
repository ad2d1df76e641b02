/**
 * Child-process entry of the benchmark: `node --import tsx bench/servers.ts <role> [upstream]`.
 * Prints one JSON line `{"url": ...}` when listening, and on SIGTERM (gateway) a JSON line of
 * store calls made, so the benchmark can show the hot path made none.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/config.js';
import { createGateway } from '../src/wiring/gateway.js';
import { createLogger } from '../src/observability/logger.js';
import { createTracing } from '../src/observability/tracing.js';
import { DEFAULT_ACCOUNT, startSimulator } from '@navixy-panel-gateway/simulator';
import { connectRedis } from '../src/store/redis-connection.js';
import { createRedisStore } from '../src/store/redis-store.js';
import type { Store } from '../src/store/store.js';

const [role = '', upstream = '', apiKeySha = '', clientLimit = 'off'] = process.argv.slice(2);

function ready(info: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

async function simulator() {
  const sim = await startSimulator({ port: 0 });
  ready({ url: sim.url });
}

/** The baseline: the same call passed through with bare node:http and undici. */
async function baseline() {
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
  const server = createServer((_req, res) => {
    pool
      .request({
        method: 'POST',
        path: `${base}/dealer/get_info`,
        headers: { 'content-type': 'application/json' },
        body,
      })
      .then(async (answer) => {
        const payload = (await answer.body.json()) as Record<string, unknown>;
        delete payload.success;
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
      {
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
        AUDIT_LOG: '/dev/null', // stdout carries the benchmark's own protocol
        // A key of this run only: the benchmark's sessions are sealed like production's.
        SESSION_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      },
      () => '',
    ),
    apiKeys: [{ name: 'bench', sha256: apiKeySha, scopes: ['base:get_dealer_info'] }],
  };
  // Request logs are written as in production (one JSON line each), to /dev/null.
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const dispatcher = new Pool(new URL(upstream).origin, { connections: 128 });
  // Traced when the environment asks, as `main.ts` does (`npm run bench -- --tracing`).
  const tracing = createTracing(process.env);
  const { app, panel } = createGateway({ config, logger, store, dispatcher, tracing });
  await panel.ensureSession(); // the benchmark measures the cached-session path
  const server = app.listen(0, '127.0.0.1', () => {
    for (const key of Object.keys(counts)) counts[key] = 0;
    ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  // SIGUSR2: report the store calls so far (the hot-path phases), without stopping.
  process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ storeCalls: counts })}\n`));
  process.once('SIGTERM', () => {
    process.stdout.write(`${JSON.stringify({ storeCalls: counts })}\n`);
    void redis
      .keys(`${prefix}*`)
      .then((keys) => (keys.length > 0 ? redis.del(...keys) : 0))
      .finally(() => process.exit(0));
  });
}

const roles: Record<string, () => Promise<void>> = { simulator, baseline, gateway };
const run = roles[role];
if (!run) {
  console.error(
    'usage: servers.ts simulator | baseline <panel url> | gateway <panel url> <key sha256> [client limit]',
  );
  process.exit(2);
}
await run();
