import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createGateway } from './gateway.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMemoryStore } from './store/memory-store.js';
import { createRedisStore } from './store/redis-store.js';
import type { Store } from './store/store.js';

/** How long in-flight requests may take to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

function createStore(config: Config, logger: Logger): Store {
  if (!config.redisUrl) {
    logger.warn(
      'REDIS_URL is not set: Panel sessions are kept in process memory, which serves a single ' +
        'gateway instance only. Set REDIS_URL before running more than one.',
    );
    return createMemoryStore();
  }
  const redis = new Redis(config.redisUrl, {
    // Short, bounded waits: a slow Redis must not hold requests that can use the cached hash.
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
  });
  redis.on('error', (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'redis error'),
  );
  return createRedisStore(redis, config.redisKeyPrefix);
}

export function main(env: NodeJS.ProcessEnv = process.env): void {
  let config: Config;
  try {
    config = loadConfig(env, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error('See the Settings section of README.md.');
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  if (config.apiKeys.length === 0) {
    logger.warn(
      'No API keys configured (API_KEYS_FILE): every /v1 request will be refused with 401.',
    );
  }
  const store = createStore(config, logger);
  const dispatcher = new Pool(new URL(config.panel.url).origin, {
    connections: 128,
    keepAliveTimeout: 30_000,
    connect: { timeout: config.upstreamTimeoutMs },
  });
  let accepting = true;
  const { app } = createGateway({
    config,
    logger,
    store,
    dispatcher,
    isAccepting: () => accepting,
  });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, host: config.host, panel: config.panel.url, store: store.kind },
      'gateway listening',
    );
  });
  server.keepAliveTimeout = 65_000;

  const shutdown = (signal: string) => {
    if (!accepting) return;
    accepting = false;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([dispatcher.close(), store.close()]).then(() => {
        logger.info('shutdown complete');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main();
