import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { ConfigError, loadConfig } from './config/load.js';
import { IssuerMisconfigured } from './auth/jwt-issuer-error.js';
import type { TokenIssuer } from './auth/jwt-issuer.js';
import type { Config } from './config/config.js';
import { createMetricsApp } from './wiring/app.js';
import { createGateway } from './wiring/gateway.js';
import { createHttpServer, listen, ListenError } from './http/server.js';
import { createAuditLogger } from './observability/audit.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { batchedStdout, createLogger, errorSummary, type Logger } from './observability/logger.js';
import { createTracing, type Tracing } from './observability/tracing.js';
import { createMemoryStore } from './store/memory-store.js';
import { openRedis } from './store/redis-connection.js';
import { createRedisStore } from './store/redis-store.js';
import type { Store } from './store/store.js';

function createStore(config: Config, logger: Logger, metrics: Metrics): Store {
  if (!config.redis) {
    logger.warn(
      'Redis is not configured (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): Panel ' +
        'sessions are kept in process memory, which serves a single gateway instance only. ' +
        'Configure Redis before running more than one.',
    );
    return createMemoryStore();
  }
  // Only the mode is logged: addresses and URLs may carry credentials.
  logger.info({ redis: config.redis.mode }, 'connecting to Redis');
  const redis = openRedis(config.redis, (error) => {
    metrics.redisError();
    logger.warn({ err: { message: error.message } }, 'redis error');
  });
  return createRedisStore(redis, config.redisKeyPrefix);
}

/** The metrics listener of its own (`METRICS_PORT`), or a note of where metrics are. */
async function listenForMetrics(
  config: Config,
  logger: Logger,
  metrics: Metrics,
): Promise<Server | undefined> {
  const { port, host, token } = config.metrics;
  if (port === undefined) {
    if (token === undefined) {
      logger.info('metrics are off: set METRICS_TOKEN or METRICS_PORT to serve GET /metrics');
    }
    return undefined;
  }
  const server = createHttpServer(createMetricsApp(logger, metrics, token), config.server);
  const address = await listen(server, port, host, 'METRICS_PORT, METRICS_HOST');
  logger.info({ port: address.port, host }, 'metrics listening');
  return server;
}

/** Connections refused at `MAX_CONNECTIONS`: counted, and logged at most once a minute. */
function countDroppedConnections(
  server: Server,
  config: Config,
  logger: Logger,
  metrics: Metrics,
): void {
  let loggedAt = -Infinity;
  server.on('drop', () => {
    metrics.connectionDropped();
    if (performance.now() - loggedAt < 60_000) return;
    loggedAt = performance.now();
    logger.warn(
      { maxConnections: config.server.maxConnections },
      'connection refused: MAX_CONNECTIONS are open (counted in npg_http_connections_dropped_total)',
    );
  });
}

/** The answers under way on `server`, so that shutdown can tell them to close their connection. */
function trackAnswers(server: Server): Set<ServerResponse> {
  const answers = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    answers.add(res);
    res.once('close', () => answers.delete(res));
  });
  return answers;
}

/** One undici Pool per Panel API origin: accounts on one host share its connections. */
function createPools(config: Config): Map<string, Pool> {
  const pools = new Map<string, Pool>();
  for (const account of config.panelAccounts) {
    const { origin } = new URL(account.url);
    if (pools.has(origin)) continue;
    pools.set(
      origin,
      new Pool(origin, {
        connections: 128,
        keepAliveTimeout: 30_000,
        connect: { timeout: config.upstreamTimeoutMs },
      }),
    );
  }
  return pools;
}

/** The configuration, or exit 1 with every problem in one message. */
function readConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env, (path) => readFileSync(path, 'utf8'), {
      // Opened (and created) now, so a path that cannot be written stops the start, not a write.
      append: (path) => closeSync(openSync(path, 'a')),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error('See docs/settings.md.');
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The JWT issuer's metadata and key set, fetched before listening: a wrong issuer or document
 * stops the start (exit 1) like a bad setting; an issuer out of reach is a warning, since it
 * may answer soon: `/readyz` fails until its key set is fetched (each probe and token retries).
 */
async function checkTokenIssuer(issuer: TokenIssuer | undefined, logger: Logger): Promise<void> {
  if (!issuer) return;
  try {
    const unreachable = await issuer.check();
    if (!unreachable) return;
    logger.warn(
      { err: errorSummary(unreachable) },
      'the JWT issuer cannot be reached: tokens get 503 and /readyz fails until its key set loads',
    );
  } catch (error) {
    if (!(error instanceof IssuerMisconfigured)) throw error;
    console.error(`Invalid configuration:\n  - ${error.message}`);
    console.error('See docs/auth.md.');
    process.exit(1);
  }
}

/** Tracing from the `OTEL_*` variables, or exit 1 when their endpoint is no URL. */
function readTracing(env: NodeJS.ProcessEnv): Tracing {
  try {
    return createTracing(env);
  } catch (error) {
    console.error((error as Error).message);
    console.error('See docs/settings.md (OpenTelemetry).');
    process.exit(1);
  }
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = readConfig(env);
  const tracing = readTracing(env);
  const metrics = createMetrics({ processMetrics: true });
  const logger = createLogger({
    level: config.logLevel,
    destination: batchedStdout(() => metrics.logLineDropped()),
  });
  if (config.apiKeys.length === 0 && !config.jwt && !config.managedKeys.hmacSecret) {
    logger.warn(
      'No API keys (API_KEYS_FILE, API_KEY_HMAC_SECRET) and no JWT issuer (JWT_*) configured: ' +
        'every /v1 request will be refused with 401.',
    );
  }
  const store = createStore(config, logger, metrics);
  const pools = createPools(config);
  let accepting = true;
  const { app, tokenIssuer } = createGateway({
    config,
    logger,
    store,
    dispatcher: (origin) => {
      const pool = pools.get(origin);
      if (!pool) throw new Error(`no upstream pool for ${origin}`);
      return pool;
    },
    metrics,
    tracing,
    isAccepting: () => accepting,
    audit: createAuditLogger(config.auditLog, (error) => {
      logger.error({ err: errorSummary(error), auditLog: config.auditLog }, 'audit log failed');
    }),
  });
  await checkTokenIssuer(tokenIssuer, logger);
  const server = createHttpServer(app, config.server);
  countDroppedConnections(server, config, logger, metrics);
  const inFlight = trackAnswers(server);
  let metricsServer: Server | undefined;
  try {
    const { port } = await listen(server, config.port, config.host, 'PORT, HOST');
    metricsServer = await listenForMetrics(config, logger, metrics);
    logger.info(
      {
        port,
        host: config.host,
        panel: config.panelAccounts.map(({ id, url }) => ({ id, url })),
        store: store.kind,
        tracing: tracing.enabled,
      },
      'gateway listening',
    );
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  /**
   * SIGTERM: readiness turns 503 and the listener closes (no new connections); idle keep-alive
   * connections close now, busy ones once their answer is sent (each says `Connection: close`);
   * what is still running after `SHUTDOWN_TIMEOUT_MS` is cut (and logged as aborted). Then the
   * upstream pool and Redis close and the process exits 0.
   */
  const shutdown = async (signal: string) => {
    if (!accepting) return;
    accepting = false;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // An answer sent from now on closes its connection instead of keeping it alive: those in
    // flight, and those of requests that arrive on connections already open.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.prependListener('request', (_req, res: ServerResponse) => {
      res.setHeader('Connection', 'close');
    });
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    let timedOut = false;
    const force = setTimeout(() => {
      timedOut = true;
      logger.warn(
        { requests: inFlight.size },
        'shutdown timeout reached: closing the connections still busy',
      );
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    metricsServer?.close();
    await closed;
    clearInterval(idle);
    clearTimeout(force);
    // After the timeout nobody waits for the upstream calls still running: abort them.
    await Promise.allSettled([
      ...[...pools.values()].map((pool) => (timedOut ? pool.destroy() : pool.close())),
      store.close(),
      // The spans still batched, the shutdown's requests' among them, go out before the exit.
      tracing.shutdown(),
    ]);
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
