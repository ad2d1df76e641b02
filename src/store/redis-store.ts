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
  // Pub/sub needs a connection of its own; made on first subscribe, shared by all channels.
  let subscriber: Redis | undefined;
  const listeners = new Map<string, Set<(message: string) => void>>();

  function subscriberConnection(): Redis {
    if (subscriber) return subscriber;
    subscriber = redis.duplicate({ enableOfflineQueue: true });
    // ioredis re-subscribes on reconnect; errors are the main connection's to report.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(message);
    });
    return subscriber;
  }

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
    async publish(channel, message) {
      await redis.publish(k(channel), message);
    },
    async subscribe(channel, onMessage) {
      const name = k(channel);
      const connection = subscriberConnection();
      const set = listeners.get(name) ?? new Set();
      const listener = (message: string) => onMessage(message);
      if (set.size === 0) await connection.subscribe(name);
      set.add(listener);
      listeners.set(name, set);
      return async () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(name);
          await connection.unsubscribe(name).catch(() => undefined);
        }
      };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      if (subscriber) await subscriber.quit().catch(() => subscriber?.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
    async hashSet(key, fields) {
      await redis.hset(k(key), fields);
    },
    hashGetAll: (key) => redis.hgetall(k(key)),
    async setAdd(key, member) {
      await redis.sadd(k(key), member);
    },
    setMembers: (key) => redis.smembers(k(key)),
  };
}
