import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { DEFAULT_ACCOUNT, type Simulator } from '@navixy-panel-gateway/simulator';
import { loadConfig } from '../../src/config/load.js';
import { createAuditLogger } from '../../src/observability/audit.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { createGateway } from '../../src/wiring/gateway.js';
import { ALL_SCOPES, makeKey } from './harness.js';
import { assertNoSecrets, captureLogs, type CapturedLogs } from './logs.js';
import { TEST_SESSION_KEYS } from './redis.js';
import { until } from './wait.js';

/** One gateway instance on a real socket, its store made from the settings as `main.ts` does. */
export interface GatewayInstance {
  url: string;
  /** Connections of a client to this instance (many, for concurrent requests). */
  pool: Pool;
  store: Store;
  logs: CapturedLogs;
  /** Messages of the Redis connection's errors, as `main.ts` would log them. */
  redisErrors: string[];
}

export interface GatewayGroup {
  instances: GatewayInstance[];
  key: string;
  /** GET `path` on instance `i` with the group's key: the status, 0 if the request failed. */
  get(i: number, path: string): Promise<number>;
  /** Closes everything and fails if a secret (Panel or Redis password, key, hash) was logged. */
  close(): Promise<void>;
}

const noFiles = (path: string): string => {
  throw new Error(`tests read no files (${path})`);
};

/**
 * `count` gateway instances in this process, sharing `sim` and, through the Redis settings in
 * `env` (any topology), their Panel session: what several processes behind a load balancer
 * share, started in milliseconds rather than seconds. Resolves once each store answers.
 */
export async function startGateways(options: {
  sim: Simulator;
  env: Record<string, string>;
  prefix: string;
  count: number;
  /** Secrets that must never be logged, besides the Panel password, the key and the hashes. */
  secrets: string[];
}): Promise<GatewayGroup> {
  const key = makeKey('topology', ALL_SCOPES);
  const upstream = new Pool(new URL(options.sim.url).origin, { connections: 64 });
  const servers: Server[] = [];
  const instances: GatewayInstance[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const config = {
      ...loadConfig(
        {
          PANEL_API_URL: options.sim.url,
          PANEL_LOGIN: DEFAULT_ACCOUNT.login,
          PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
          REDIS_KEY_PREFIX: options.prefix,
          SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
          LOG_LEVEL: 'info',
          // Counted, never reached: these tests are about the shared session and the store.
          CLIENT_RATE_LIMIT: '100000/60s',
          PANEL_RATE_LIMIT_PER_SECOND: '1000',
          PANEL_RATE_LIMIT_QUEUE: '10000',
          ...options.env,
        },
        noFiles,
      ),
      apiKeys: [key.entry],
    };
    const redisErrors: string[] = [];
    const store = createRedisStore(
      openRedis(config.redis!, (error) => redisErrors.push(error.message)),
      options.prefix,
    );
    const logs = captureLogs('info');
    const { app } = createGateway({
      config,
      logger: logs.logger,
      store,
      dispatcher: upstream,
      audit: createAuditLogger(captureLogs('info').destination),
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    instances.push({ url, pool: new Pool(url, { connections: 128 }), store, logs, redisErrors });
  }
  // Commands fail at once until a connection is up (no offline queue): wait for it.
  await until(async () => {
    const answers = await Promise.allSettled(instances.map((instance) => instance.store.ping()));
    return answers.every((answer) => answer.status === 'fulfilled');
  }, 15_000);

  return {
    instances,
    key: key.key,
    async get(i, path) {
      const instance = instances[i % instances.length]!;
      try {
        const res = await instance.pool.request({
          method: 'GET',
          path,
          // Past the read cache (which stays on, its entries and messages on this topology
          // too), so that every request needs the shared Panel session these tests are about.
          headers: { 'x-api-key': key.key, 'cache-control': 'no-cache' },
        });
        await res.body.dump();
        return res.statusCode;
      } catch {
        return 0;
      }
    },
    async close() {
      await Promise.all(instances.map((instance) => instance.pool.close()));
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await upstream.close();
      await Promise.all(instances.map((instance) => instance.store.close()));
      for (const instance of instances) {
        assertNoSecrets(
          [...instance.logs.lines, ...instance.redisErrors],
          [
            DEFAULT_ACCOUNT.password,
            key.key,
            ...options.secrets,
            ...options.sim.control.sessionHashes(),
          ],
        );
      }
    },
  };
}

/**
 * Ends the Panel session at the simulator and sends `count` concurrent reads spread over the
 * group's instances (20 users): what the statuses were, and how many logins Navixy saw.
 */
export async function requestsAfterSessionEnded(
  group: GatewayGroup,
  sim: Simulator,
  count = 200,
): Promise<{ statuses: number[]; logins: number }> {
  sim.control.expireSessions();
  sim.control.reset();
  const statuses = await Promise.all(
    Array.from({ length: count }, (_, i) => group.get(i, `/v1/users/${371321 + (i % 20)}`)),
  );
  return { statuses, logins: sim.control.calls('account/auth') };
}
