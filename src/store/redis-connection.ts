import { Redis, type RedisOptions } from 'ioredis';

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
};

/** A Redis client with {@link REDIS_OPTIONS}; `onError` hears connection errors (never thrown). */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, REDIS_OPTIONS);
  redis.on('error', onError);
  return redis;
}
