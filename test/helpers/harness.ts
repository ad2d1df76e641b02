import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import supertest from 'supertest';
import { Pool } from 'undici';
import { generateApiKey, sha256Hex } from '../../src/auth/key-format.js';
import { loadConfig } from '../../src/config/load.js';
import type { ApiKeyEntry } from '../../src/auth/key-entry.js';
import type { Config } from '../../src/config/config.js';
import { createGateway, type Gateway } from '../../src/wiring/gateway.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { createAuditLogger } from '../../src/observability/audit.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import {
  DEFAULT_ACCOUNT,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@navixy-panel-gateway/simulator';
import { assertNoSecrets, captureLogs, type CapturedLogs } from './logs.js';
import { deletePrefix, testRedis, TEST_SESSION_KEYS, uniquePrefix } from './redis.js';
import { until } from './wait.js';

/** Every scope the gateway's routes use. */
export const ALL_SCOPES = [
  'base:get_dealer_info',
  'users:*',
  'user_sessions:create',
  'transactions:*',
  'trackers:*',
  'tariffs:*',
  'activation_code:*',
  'service_settings:*',
  'notification_settings:*',
  'email_gateways:*',
  'subpaas:*',
  'tracker_bundles:*',
];

export interface TestKey {
  key: string;
  entry: ApiKeyEntry;
}

export function makeKey(name: string, scopes: string[]): TestKey {
  const key = generateApiKey();
  return { key, entry: { name, sha256: sha256Hex(key), scopes } };
}

export interface HarnessOptions {
  name: string;
  simulator?: Simulator;
  simulatorOptions?: SimulatorOptions;
  /** Use Redis (default) or the in-memory store. */
  store?: 'redis' | 'memory';
  /** Share a key prefix with another harness (two instances on one Redis). */
  prefix?: string;
  password?: string;
  sessionTtlSeconds?: number;
  upstreamTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  keys?: TestKey[];
  uploadLimitBytes?: number;
  /** More settings, as environment variables (e.g. `{ UPSTREAM_RETRIES: '0' }`). */
  settings?: Record<string, string>;
  /** More secrets the logs must not contain, read when the harness closes (tests add to it). */
  secrets?: readonly string[];
  /** More Panel accounts, after the default one, through `PANEL_ACCOUNTS_FILE`. */
  accounts?: readonly ExtraAccount[];
  /** The clock of JWT checks and key set fetches. */
  now?: () => number;
  /** OpenTelemetry traces (default: off). */
  tracing?: Tracing;
  /** The clock of the read cache's freshness. */
  cacheNow?: () => number;
}

/** A Panel account of `PANEL_ACCOUNTS_FILE`: a login on a simulator (the harness's or another). */
export interface ExtraAccount {
  id: string;
  /** Default: the harness's own simulator. */
  sim?: Simulator;
  login: string;
  password: string;
}

/** The accounts file and its password files, as `loadConfig` reads them; nothing from disk. */
function accountFiles(sim: Simulator, accounts: readonly ExtraAccount[]) {
  if (accounts.length === 0) return { settings: {}, readFile: noFiles };
  const files = new Map<string, string>(
    accounts.map((account) => [`/secrets/${account.id}`, `${account.password}\n`]),
  );
  const entries = accounts.map((account) => ({
    id: account.id,
    url: (account.sim ?? sim).url,
    login: account.login,
    passwordFile: `/secrets/${account.id}`,
  }));
  files.set('/accounts.json', JSON.stringify(entries));
  return {
    settings: { PANEL_ACCOUNTS_FILE: '/accounts.json' },
    readFile: (path: string) => files.get(path) ?? noFiles(path),
  };
}

const noFiles = (path: string): string => {
  throw new Error(`tests read no files (${path})`);
};

/** One Pool per simulator origin, as `main.ts` makes one per Panel API origin. */
function poolsFor(urls: readonly string[]): Map<string, Pool> {
  const pools = new Map<string, Pool>();
  for (const url of urls) {
    const { origin } = new URL(url);
    if (!pools.has(origin)) pools.set(origin, new Pool(origin, { connections: 32 }));
  }
  return pools;
}

/** Requests with one API key already set. */
export interface KeyedClient {
  get(path: string): supertest.Test;
  post(path: string, body?: object): supertest.Test;
  put(path: string, body: object): supertest.Test;
  patch(path: string, body: object): supertest.Test;
  delete(path: string): supertest.Test;
}

export interface Harness {
  sim: Simulator;
  gateway: Gateway;
  http: ReturnType<typeof supertest>;
  /** A key holding every scope. */
  key: string;
  logs: CapturedLogs;
  /** The audit stream, captured. */
  audit: CapturedLogs;
  redis: Redis;
  prefix: string;
  store: Store;
  config: Config;
  /** Requests sent with `key`. */
  client(key: string): KeyedClient;
  /** Closes everything and fails if a secret reached the logs. */
  close(): Promise<void>;
}

/** The gateway on a real Redis, in front of a simulator on 127.0.0.1:0. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const ownSim = !options.simulator;
  const sim = options.simulator ?? (await startSimulator(options.simulatorOptions));
  const full = makeKey('full', ALL_SCOPES);
  const keys = [full, ...(options.keys ?? [])];
  const logs = captureLogs();
  const audit = captureLogs('info');
  const redis = testRedis();
  const prefix = options.prefix ?? uniquePrefix(options.name);
  const store = options.store === 'memory' ? createMemoryStore() : createRedisStore(redis, prefix);
  const extraAccounts = options.accounts ?? [];
  const files = accountFiles(sim, extraAccounts);
  const config: Config = {
    ...loadConfig(
      {
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: options.password ?? DEFAULT_ACCOUNT.password,
        REDIS_KEY_PREFIX: prefix,
        SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
        PANEL_SESSION_TTL_SECONDS: String(options.sessionTtlSeconds ?? 86_400),
        UPSTREAM_TIMEOUT_MS: String(options.upstreamTimeoutMs ?? 5_000),
        UPLOAD_LIMIT_BYTES: options.uploadLimitBytes ? String(options.uploadLimitBytes) : undefined,
        LOG_LEVEL: 'debug',
        API_KEY_HMAC_SECRET: randomBytes(32).toString('hex'),
        // Counted, so every test runs the limiter, but never reached by tests of other things.
        CLIENT_RATE_LIMIT: '100000/60s',
        // Many tests change the simulator's data behind the gateway's back and expect the next
        // read to see it, or count upstream calls: the read cache has tests of its own, which
        // turn it on (read-cache*.test.ts).
        READ_CACHE: 'off',
        ...files.settings,
        ...options.settings,
      },
      files.readFile,
    ),
    apiKeys: keys.map((k) => k.entry),
  };
  const pools = poolsFor(config.panelAccounts.map((account) => account.url));
  const gateway = createGateway({
    audit: createAuditLogger(audit.destination),
    config,
    logger: logs.logger,
    store,
    dispatcher: (origin) => pools.get(origin)!,
    backoff: options.backoff,
    now: options.now,
    tracing: options.tracing,
    cacheNow: options.cacheNow,
  });

  const http = supertest(gateway.app);
  return {
    sim,
    gateway,
    http,
    client: (key) => ({
      get: (path) => http.get(path).set('X-API-Key', key),
      post: (path, body) => http.post(path).set('X-API-Key', key).send(body),
      put: (path, body) => http.put(path).set('X-API-Key', key).send(body),
      patch: (path, body) => http.patch(path).set('X-API-Key', key).send(body),
      delete: (path) => http.delete(path).set('X-API-Key', key),
    }),
    key: full.key,
    logs,
    audit,
    redis,
    prefix,
    store,
    config,
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      // Also for a shared prefix: the harnesses sharing one close together when their test ends.
      await deletePrefix(redis, prefix);
      await store.close(); // its pub/sub connection too
      redis.disconnect();
      if (ownSim) await sim.close();
      assertNoSecrets(
        [...logs.lines, ...audit.lines],
        [
          ...config.panelAccounts.map((account) => account.password),
          config.managedKeys.hmacSecret ?? '',
          DEFAULT_ACCOUNT.password,
          ...keys.map((k) => k.key),
          ...sim.control.sessionHashes(),
          ...extraAccounts.flatMap((account) => account.sim?.control.sessionHashes() ?? []),
          ...(options.secrets ?? []),
        ],
      );
    },
  };
}

/**
 * Two gateways with the read cache on, sharing Redis under `options.prefix` and one upstream,
 * once each hears the other's invalidations: on a loaded machine a subscription may take more
 * than its first attempt. `first` adds to the first one's options (its keys, say).
 */
export async function startCachePair(
  options: HarnessOptions & { prefix: string },
  first: Partial<HarnessOptions> = {},
): Promise<[Harness, Harness]> {
  const a = await startHarness({ ...options, ...first });
  const b = await startHarness(options);
  await until(async () => {
    const reply = await a.redis.pubsub('NUMSUB', `${options.prefix}cache:invalidated`);
    return Number(reply[1]) === 2;
  }, 60_000);
  return [a, b];
}
