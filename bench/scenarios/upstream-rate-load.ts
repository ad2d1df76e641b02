/**
 * `npm run bench -- --scenario upstream-rate-load`: two gateway instances on one Redis, offered
 * 200 req/s for 5 s of distinct reads (never coalesced) with an outbound limit of 40 calls/s.
 * Navixy (the simulator) must never see more than the limit in any sliding second; the rest get
 * 429 `UPSTREAM_LOAD_LIMITED` with Retry-After, and about the limit each second is served.
 * A load scenario, so a program with figures rather than a test: `test/gateway/rate-limiter.test.ts`
 * keeps the same rules on a short burst.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { Pool } from 'undici';
import { generateApiKey, sha256Hex } from '../../src/auth/key-format.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/observability/logger.js';
import { connectRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { createGateway } from '../../src/wiring/gateway.js';
import { DEFAULT_ACCOUNT, startSimulator } from '@navixy-panel-gateway/simulator';

const LIMIT = 40;
const OFFERED_PER_SECOND = 200;
const SECONDS = 5;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Answer {
  status: number;
  contentType: string;
  retryAfter: number;
  code: unknown;
}

/** The most arrivals in any window of `windowMs` (times sorted). */
export function mostPerWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

async function ask(pool: Pool, key: string, path: string): Promise<Answer> {
  const response = await pool.request({ method: 'GET', path, headers: { 'x-api-key': key } });
  const body = (await response.body.json()) as { code?: unknown };
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type']),
    retryAfter: Number(response.headers['retry-after']),
    code: body.code,
  };
}

/** Runs the scenario, prints its figures; answers the exit code (0 when every target is met). */
export async function upstreamRateLoad(): Promise<number> {
  const sim = await startSimulator({ port: 0 });
  // One connection per instance, as two processes would have.
  const connect = () =>
    connectRedis(REDIS_URL, (error) => console.error(`redis: ${error.message}`));
  const redis = connect();
  const prefix = `npg-bench-rate:${process.pid}:`;
  const key = generateApiKey();
  const config = {
    ...loadConfig(
      {
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        PANEL_RATE_LIMIT_PER_SECOND: String(LIMIT),
        PANEL_RATE_LIMIT_MAX_WAIT_MS: '1000',
        CLIENT_RATE_LIMIT: 'off',
        AUDIT_LOG: '/dev/null',
        SESSION_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      },
      () => '',
    ),
    apiKeys: [{ name: 'bench', sha256: sha256Hex(key), scopes: ['users:*'] }],
  };
  const logger = createLogger({ level: 'warn', destination: pino.destination({ dest: 2 }) });
  const instances = [0, 1].map(() => {
    const dispatcher = new Pool(new URL(sim.url).origin, { connections: 64 });
    const connection = connect();
    const { app } = createGateway({
      config,
      logger,
      store: createRedisStore(connection, prefix),
      dispatcher,
    });
    const server = app.listen(0, '127.0.0.1');
    return { server, dispatcher, connection };
  });
  await Promise.all(instances.map(({ server }) => new Promise((r) => server.once('listening', r))));
  const pools = instances.map(
    ({ server }) =>
      new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 256 }),
  );
  try {
    // Warm up (login, first connections, JIT), then let the window empty.
    const warm = await Promise.all(
      Array.from({ length: LIMIT / 2 }, (_, i) =>
        ask(pools[i % 2]!, key, `/v1/users?limit=1&offset=${i}`),
      ),
    );
    await sleep(1_100);
    sim.control.resetCounters();

    // Open loop: a request on schedule whether or not earlier ones were answered.
    const every = 1000 / OFFERED_PER_SECOND;
    const answers: Promise<Answer>[] = [];
    const started = performance.now();
    for (let i = 0; i < OFFERED_PER_SECOND * SECONDS; i += 1) {
      const due = started + i * every - performance.now();
      if (due > 0) await sleep(due);
      answers.push(ask(pools[i % 2]!, key, `/v1/users?limit=1&offset=${i}`));
    }
    const seen = await Promise.all(answers);

    const most = mostPerWindow(sim.control.callLog().map((call) => call.at));
    const ok = seen.filter((a) => a.status === 200).length;
    const refused = seen.filter((a) => a.status !== 200);
    const wellRefused = refused.filter(
      (a) =>
        a.status === 429 &&
        a.contentType.includes('application/problem+json') &&
        a.code === 'UPSTREAM_LOAD_LIMITED' &&
        a.retryAfter >= 1,
    ).length;
    const upstream = sim.control.calls('user/list');
    console.log(
      `upstream rate limit ${LIMIT}/s, two instances, offered ${OFFERED_PER_SECOND} req/s for ${SECONDS} s\n` +
        `warm-up answered 200: ${warm.filter((a) => a.status === 200).length}/${warm.length}\n` +
        `most Navixy calls in any second: ${most}   target <= ${LIMIT}\n` +
        `answered 200: ${ok} (${(ok / SECONDS).toFixed(1)}/s), user/list calls ${upstream}   target equal, >= ${0.75 * LIMIT * SECONDS}\n` +
        `refused: ${refused.length}, of which 429 UPSTREAM_LOAD_LIMITED with Retry-After: ${wellRefused}   target all`,
    );
    const met =
      most <= LIMIT &&
      ok < seen.length &&
      upstream === ok &&
      ok >= 0.75 * LIMIT * SECONDS &&
      ok <= LIMIT * 7 &&
      wellRefused === refused.length;
    console.log(met ? '\nall targets met' : '\nTARGET MISSED');
    return met ? 0 : 1;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    for (const { server, dispatcher, connection } of instances) {
      server.close();
      await dispatcher.close();
      connection.disconnect();
    }
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await sim.close();
  }
}
