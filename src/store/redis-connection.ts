import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisClient, RedisSettings } from './redis-settings.js';
import { watchSentinels, type SentinelWatch } from './sentinel-watch.js';

/** The name every gateway connection gives itself (`CLIENT LIST` shows who is connected). */
export const CONNECTION_NAME = 'npg';

/**
 * How every gateway instance talks to Redis. Redis is a shared cache, not the source of truth:
 * when it is slow or gone, a command must fail fast so the caller falls back to what the
 * process holds, never queue without bound or hold a client request.
 */
export const REDIS_OPTIONS: RedisOptions = {
  connectTimeout: 2_000,
  /** A command that gets no answer within a second fails; callers fall back. */
  commandTimeout: 1_000,
  maxRetriesPerRequest: 1,
  /** While disconnected, commands fail at once instead of waiting in an unbounded queue. */
  enableOfflineQueue: false,
  /** Reconnect forever, backing off to one attempt every 2 s. */
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
  /**
   * A primary demoted by a failover answers writes with READONLY while the connection stays
   * open: reconnect, which asks the Sentinels for the new primary (the failed command is not
   * resent; its caller has fallen back already).
   */
  reconnectOnError: (error) => error.message.startsWith('READONLY'),
  connectionName: CONNECTION_NAME,
};

/**
 * Cluster options on top of {@link REDIS_OPTIONS}. The Cluster keeps its own offline queue off
 * too (a command for a slot whose node is down fails at once), while ioredis keeps the queue of
 * each node's connection on, which a node needs until its connection is up.
 */
const CLUSTER_OPTIONS: ClusterOptions = {
  enableOfflineQueue: false,
  clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
  /** CLUSTER SLOTS must answer within a second, as any command. */
  slotsRefreshTimeout: 1_000,
  /** A failover moves slots: notice it within 5 s even without a MOVED answer. */
  slotsRefreshInterval: 5_000,
  /** Redirections (MOVED, ASK, a node that went away) tried before a command fails. */
  maxRedirections: 6,
  retryDelayOnFailover: 100,
  retryDelayOnClusterDown: 100,
};

/** Node options, each without what only a standalone client may set. */
function nodeOptions(settings: RedisSettings): RedisOptions {
  const { enableOfflineQueue: _queue, retryStrategy: _retry, ...common } = REDIS_OPTIONS;
  return { ...common, ...credentials(settings) };
}

function credentials(settings: RedisSettings): RedisOptions {
  return {
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...(settings.tls ? { tls: tlsOptions(settings) } : {}),
  };
}

function tlsOptions(settings: RedisSettings): ConnectionOptions {
  return settings.tlsCa === undefined ? {} : { ca: settings.tlsCa };
}

/**
 * A client for `settings` with {@link REDIS_OPTIONS}; `onError` hears connection errors (never
 * thrown). `overrides` are for the keys CLI (`lazyConnect`), never for the gateway.
 */
export function openRedis(
  settings: RedisSettings,
  onError: (error: Error) => void,
  overrides: Pick<RedisOptions, 'lazyConnect'> = {},
): RedisClient {
  const client = createClient(settings, overrides);
  const report = (error: Error) => onError(withoutCommand(error));
  if (settings.mode === 'sentinel' && client instanceof Redis) {
    const watch = watchSentinels({
      sentinels: settings.sentinels,
      masterName: settings.masterName,
      ...(settings.sentinelPassword === undefined
        ? {}
        : { sentinelPassword: settings.sentinelPassword }),
      ...(settings.tls ? { tls: tlsOptions(settings) } : {}),
      onError: report,
    });
    watch.follow(client);
    watches.set(client, watch);
  }
  client.on('error', report);
  // A Cluster reports a node's trouble apart from its own.
  if (client instanceof Cluster) client.on('node error', report);
  return client;
}

/**
 * The error without the command ioredis attaches to it: a refused AUTH carries the password in
 * `command.args`, and whoever logs the whole error object would write it out.
 */
function withoutCommand(error: Error): Error {
  if (!('command' in error)) return error;
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}

/** The Sentinel watch each Sentinel-mode client follows, for its duplicates to follow too. */
const watches = new WeakMap<Redis, SentinelWatch>();

/**
 * A second client like `client` (same topology, credentials and watch), with its own offline
 * queue setting: pub/sub needs one that queues while it reconnects.
 */
export function duplicateRedis(client: RedisClient, enableOfflineQueue: boolean): RedisClient {
  if (client instanceof Cluster) return client.duplicate([], { enableOfflineQueue });
  const copy = client.duplicate({ enableOfflineQueue });
  const watch = watches.get(client);
  if (watch) {
    watch.follow(copy);
    watches.set(copy, watch);
  }
  return copy;
}

function createClient(settings: RedisSettings, overrides: RedisOptions): RedisClient {
  switch (settings.mode) {
    case 'standalone':
      return new Redis(settings.url, {
        ...REDIS_OPTIONS,
        ...credentials(settings),
        ...overrides,
      });
    case 'sentinel':
      return new Redis({
        ...REDIS_OPTIONS,
        ...credentials(settings),
        sentinels: settings.sentinels,
        name: settings.masterName,
        role: 'master',
        ...(settings.sentinelPassword === undefined
          ? {}
          : { sentinelPassword: settings.sentinelPassword }),
        ...(settings.tls
          ? { enableTLSForSentinelMode: true, sentinelTLS: tlsOptions(settings) }
          : {}),
        // Each Sentinel tried in turn, then again after a pause: a Sentinel down is not fatal.
        sentinelRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
        sentinelCommandTimeout: 1_000,
        // Failovers are followed by the watch (sentinel-watch.ts), not ioredis's detector.
        failoverDetector: false,
        ...overrides,
      });
    case 'cluster':
      return new Cluster(settings.nodes, {
        ...CLUSTER_OPTIONS,
        redisOptions: nodeOptions(settings),
        ...overrides,
      });
  }
}

/** A standalone client for a `redis://` or `rediss://` URL (tests and benchmarks). */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  return openRedis({ mode: 'standalone', url, tls: false }, onError) as Redis;
}
