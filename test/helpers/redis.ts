import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis client for tests; keys go under a prefix of their own (files run in parallel). */
export function testRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

export function uniquePrefix(name: string): string {
  return `npg-test:${name}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes the keys under `prefix` (never FLUSHALL: other files share the server). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

/** `SESSION_ENCRYPTION_KEYS` of the tests: a fixed key, so tests can open what Redis holds. */
export const TEST_SESSION_KEYS = `test:${Buffer.alloc(32, 7).toString('base64')}`;

/** Every key under `prefix` with its value, whatever its type, as one text to search. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys(`${prefix}*`)) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.get(key)
        : type === 'hash'
          ? await redis.hgetall(key)
          : type === 'set'
            ? await redis.smembers(key)
            : type === 'zset'
              ? await redis.zrange(key, 0, -1, 'WITHSCORES')
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : `<${type}>`;
    parts.push(`${key} ${JSON.stringify(value)}`);
  }
  return parts.join('\n');
}
