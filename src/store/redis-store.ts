import type { Redis } from 'ioredis';
import type { Store } from './store.js';

/** Deletes KEYS[1] only if it holds ARGV[1]: never a newer value another instance stored. */
const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

type RedisWithScripts = Redis & {
  npgDeleteIfEquals(key: string, expected: string): Promise<number>;
};

/** A {@link Store} on a Redis client made by `main.ts` (standalone, Sentinel or Cluster). */
export function createRedisStore(redis: Redis, prefix: string): Store {
  const client = redis as RedisWithScripts;
  if (typeof client.npgDeleteIfEquals !== 'function') {
    redis.defineCommand('npgDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS });
  }
  const k = (key: string) => prefix + key;

  return {
    kind: 'redis',
    get: (key) => redis.get(k(key)),
    async set(key, value, ttlMs) {
      await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      const result = await redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
      return result === 'OK';
    },
    async delete(key) {
      await redis.del(k(key));
    },
    async deleteIfEquals(key, expected) {
      return (await client.npgDeleteIfEquals(k(key), expected)) === 1;
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
