import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';

/**
 * The suite needs a real Redis (never a mock). Fail the whole run at once, with a clear message,
 * when it does not answer, instead of letting every Redis test time out one by one.
 */
export default async function checkRedis(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `The test suite needs a Redis server at ${url} (set REDIS_URL to use another one): ${String(error)}`,
    );
  } finally {
    redis.disconnect();
  }
  // The Redis outage test starts and stops a redis-server of its own.
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'The test suite needs the redis-server binary on PATH (Debian: apt-get install redis-server); ' +
        'the Redis outage test runs one of its own.',
    );
  }
}
