import { duplicateRedis } from './redis-connection.js';
import type { RedisClient } from './redis-settings.js';
import { burstOf } from './sliding-window.js';
import type { RateGrant, Store } from './store.js';

/** Deletes KEYS[1] only if it holds ARGV[1]: never a newer value another instance stored. */
const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Sets the key's lifetime to ARGV[2] ms only if it holds ARGV[1]. */
const EXTEND_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Stores ARGV[1] (`<generation>.<...>`) unless KEYS[1] holds a value of the same or a higher one. */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local held = tonumber(string.match(current, '^(%d+)%.') or '0')
  local offered = tonumber(string.match(ARGV[1], '^(%d+)%.') or '0')
  if held >= offered then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** INCR KEYS[1] and give it ARGV[1] ms more to live, atomically. */
const INCREMENT = `
local value = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return value`;

const SUBSCRIBE_TIMEOUT_MS = 1_000;

function boundedWait<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A sliding-window log in a sorted set: KEYS[1] holds one member per slot taken, scored by the
 * time it was taken in microseconds of Redis's own clock (`TIME`), so the instances' clocks do not
 * matter. ARGV: limit, window in ms, the slot's name, burst limit, burst window in
 * ms. Answers 0 when a slot was taken, else the ms until one frees. At most `limit` members ever
 * lie within one window, and at most `burst` within one burst window.
 */
const ACQUIRE_RATE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]) * 1000
local burst, burstWindow = tonumber(ARGV[4]), tonumber(ARGV[5]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local frees
if count >= limit then
  frees = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')[2] + window
elseif redis.call('ZCOUNT', KEYS[1], '(' .. (now - burstWindow), '+inf') >= burst then
  frees = redis.call('ZRANGE', KEYS[1], count - burst, count - burst, 'WITHSCORES')[2] + burstWindow
else
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
return math.max(1, math.ceil((frees - now) / 1000))`;

/**
 * A sliding-window counter in a hash (`s` start of the current window in ms, `p` and `c` the
 * counts of the previous and current windows), on Redis's own clock: the arithmetic of
 * `stepCounter` in `rate-counter.ts`, kept alike line for line. ARGV: limit, window in ms,
 * divisor, give-back window start, give-back count. Answers {granted, remaining, ms, window
 * start}; a refusal writes nothing unless places were given back.
 */
const TAKE_RATE = `
local time = redis.call('TIME')
local at = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit, window, divisor = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local backStart, backCount = tonumber(ARGV[4]), tonumber(ARGV[5])
local held = redis.call('HMGET', KEYS[1], 's', 'p', 'c')
local start, previous, current = tonumber(held[1]), tonumber(held[2]) or 0, tonumber(held[3]) or 0
if start == nil or at >= start + 2 * window then
  start, previous, current = at, 0, 0
elseif at >= start + window then
  start, previous, current = start + window, current, 0
end
local changed = false
if backCount > 0 then
  if backStart == start then current = math.max(0, current - backCount)
  elseif backStart == start - window then previous = math.max(0, previous - backCount) end
  changed = true
end
local free = math.floor((limit * window - previous * (window - (at - start)) - current * window) / window)
local granted, remaining, ms = 0, 0, 0
if free <= 0 then
  local frees
  if current < limit and previous > 0 then
    frees = start + math.ceil(window - ((limit - 1 - current) * window) / previous)
  else
    frees = start + window + math.ceil(window - ((limit - 1) * window) / math.max(1, current))
  end
  ms = math.max(1, frees - at)
else
  granted = math.min(free, math.max(1, math.floor(free / divisor)))
  current = current + granted
  remaining = free - granted
  ms = math.max(1, start + window - at)
  changed = true
end
if changed then
  redis.call('HSET', KEYS[1], 's', start, 'p', previous, 'c', current)
  redis.call('PEXPIRE', KEYS[1], 2 * window)
end
return {granted, remaining, ms, start}`;

type RedisWithScripts = RedisClient & {
  npgDeleteIfEquals(key: string, expected: string): Promise<number>;
  npgExtendIfEquals(key: string, expected: string, ttlMs: number): Promise<number>;
  npgSetIfNewer(key: string, value: string, ttlMs: number): Promise<number>;
  npgIncrement(key: string, ttlMs: number): Promise<number>;
  npgAcquireRate(
    key: string,
    limit: number,
    windowMs: number,
    member: string,
    burst: number,
    burstWindowMs: number,
  ): Promise<number>;
  npgTakeRate(
    key: string,
    limit: number,
    windowMs: number,
    divisor: number,
    backStart: number,
    backCount: number,
  ): Promise<unknown>;
};

/**
 * A {@link Store} on a Redis client made by `main.ts` (standalone, Sentinel or Cluster). Every
 * command and script names exactly one key, so each touches one hash slot and runs unchanged
 * on a Cluster; a script that ever needs several keys must give them one hash tag
 * (`{account}:...`), and `REDIS_KEY_PREFIX` may hold no brace for that reason.
 */
export function createRedisStore(redis: RedisClient, prefix: string): Store {
  const client = redis as RedisWithScripts;
  if (typeof client.npgDeleteIfEquals !== 'function') {
    redis.defineCommand('npgDeleteIfEquals', { numberOfKeys: 1, lua: DELETE_IF_EQUALS });
    redis.defineCommand('npgExtendIfEquals', { numberOfKeys: 1, lua: EXTEND_IF_EQUALS });
    redis.defineCommand('npgSetIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
  }
  if (typeof client.npgIncrement !== 'function') {
    redis.defineCommand('npgIncrement', { numberOfKeys: 1, lua: INCREMENT });
  }
  if (typeof client.npgAcquireRate !== 'function') {
    redis.defineCommand('npgAcquireRate', { numberOfKeys: 1, lua: ACQUIRE_RATE });
  }
  if (typeof client.npgTakeRate !== 'function') {
    redis.defineCommand('npgTakeRate', { numberOfKeys: 1, lua: TAKE_RATE });
  }
  const k = (key: string) => prefix + key;
  // Pub/sub needs a connection of its own; made on first subscribe, shared by all channels.
  let subscriber: RedisClient | undefined;
  const listeners = new Map<string, Set<(message: string) => void>>();

  function subscriberConnection(): RedisClient {
    if (subscriber) return subscriber;
    // It queues while it (re)connects, so that ioredis can subscribe again by itself after a
    // failover; callers bound their wait. A Cluster's copy subscribes through one node: classic
    // PUBLISH reaches every node of a Cluster.
    subscriber = duplicateRedis(redis, true);
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
    getMany: (keys) => (keys.length === 0 ? Promise.resolve([]) : redis.mget(keys.map(k))),
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
      const first = set.size === 0;
      set.add(listener);
      listeners.set(name, set);
      if (first) {
        // The subscriber queues commands while it reconnects (ioredis then re-subscribes by
        // itself), so bound the wait here: a caller must never hang on a Redis that is down.
        try {
          await boundedWait(connection.subscribe(name), SUBSCRIBE_TIMEOUT_MS);
        } catch (error) {
          set.delete(listener);
          throw error;
        }
      }
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
    async extendIfEquals(key, expected, ttlMs) {
      return (
        (await client.npgExtendIfEquals(k(key), expected, Math.max(1, Math.ceil(ttlMs)))) === 1
      );
    },
    async remainingMs(key) {
      return Math.max(0, await redis.pttl(k(key)));
    },
    increment: (key, ttlMs) => client.npgIncrement(k(key), Math.max(1, Math.ceil(ttlMs))),
    async setIfNewer(key, value, ttlMs) {
      return (await client.npgSetIfNewer(k(key), value, Math.max(1, Math.ceil(ttlMs)))) === 1;
    },
    async hashSet(key, fields) {
      await redis.hset(k(key), fields);
    },
    hashGetAll: (key) => redis.hgetall(k(key)),
    async setAdd(key, member) {
      await redis.sadd(k(key), member);
    },
    setMembers: (key) => redis.smembers(k(key)),
    acquireRate(key, slot, rule) {
      const burst = burstOf(rule);
      return client.npgAcquireRate(
        k(key),
        rule.limit,
        Math.ceil(rule.windowMs),
        slot,
        burst.limit,
        burst.windowMs,
      );
    },
    async releaseRate(key, slot) {
      await redis.zrem(k(key), slot);
    },
    async takeRate(key, quota, request) {
      const back = request.giveBack;
      const answer = await client.npgTakeRate(
        k(key),
        quota.limit,
        quota.windowMs,
        // Lua reads an infinite divisor as a number too large to divide by: one place.
        Number.isFinite(request.divisor) ? request.divisor : Number.MAX_SAFE_INTEGER,
        back?.windowStart ?? 0,
        back?.count ?? 0,
      );
      return rateGrantOf(answer);
    },
  };
}

/** The script's answer, checked like any value read back from Redis. */
function rateGrantOf(answer: unknown): RateGrant {
  if (
    Array.isArray(answer) &&
    answer.length === 4 &&
    answer.every((value) => Number.isInteger(value) && (value as number) >= 0)
  ) {
    const [granted, remaining, resetMs, windowStart] = answer as [number, number, number, number];
    return { granted, remaining, resetMs: Math.max(1, resetMs), windowStart };
  }
  throw new Error('unexpected answer of the client rate limit script');
}
