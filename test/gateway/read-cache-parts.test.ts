import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/panel/lru.js';
import { createRateLimiter } from '../../src/panel/outbound-limiter.js';
import { cacheKey, createCacheLevels } from '../../src/panel/read-cache-levels.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { startHarness } from '../helpers/harness.js';
import { captureLogs } from '../helpers/logs.js';
import { until } from '../helpers/wait.js';

describe('the read cache\u2019s memory level', () => {
  const levelsWith = (maxEntries: number, maxEntryBytes = 1_000, maxBytes = 1_048_576) =>
    createCacheLevels({
      store: createMemoryStore(),
      logger: captureLogs().logger,
      maxEntries,
      maxEntryBytes,
      maxBytes,
      entryTtlMs: () => 60_000,
      genTtlMs: 120_000,
      now: () => 0,
    });
  const key = (id: number) =>
    cacheKey('d@host', 'user/read', { user_id: id }, ['user', `user#${id}`]);

  it('keeps at most its bound of answers, dropping the least recently used', async () => {
    const levels = levelsWith(2);
    for (const id of [1, 2, 3]) {
      await levels.put(key(id), { json: `{"id":${id}}`, storedAt: 0, gens: {} });
    }
    expect(levels.size()).toBe(2);
  });

  it('keeps at most its bound of bytes, whatever the count allows', async () => {
    // Each answer weighs its key (~40), its JSON (~510) and 200 for the rest: 3 fit in 2 500.
    const levels = levelsWith(1_000, 1_000, 2_500);
    const answer = (id: number) => ({
      json: JSON.stringify({ id, text: 'x'.repeat(490) }),
      storedAt: 0,
      gens: {},
    });
    for (let id = 1; id <= 50; id += 1) await levels.put(key(id), answer(id));
    expect(levels.size()).toBe(3);
  });

  it('counts an entry\u2019s bytes once however often it is replaced, and frees them when dropped', () => {
    const lru = new Lru<string>(10, { max: 100, weigh: (_key, value) => value.length });
    lru.set('a', 'x'.repeat(40));
    lru.set('a', 'x'.repeat(30));
    lru.set('b', 'x'.repeat(30));
    expect(lru.weight).toBe(60);
    lru.set('c', 'x'.repeat(50));
    expect([lru.size, lru.weight]).toEqual([2, 80]);
    expect(lru.get('a')).toBeUndefined();
    lru.set('d', 'x'.repeat(101));
    expect([lru.size, lru.weight]).toEqual([2, 80]);
    lru.delete('b');
    expect(lru.weight).toBe(50);
  });

  it('never keeps an answer bigger than the bound of one', async () => {
    const levels = levelsWith(10, 16);
    await levels.put(key(1), {
      json: JSON.stringify({ text: 'x'.repeat(20) }),
      storedAt: 0,
      gens: {},
    });
    expect(levels.size()).toBe(0);
    expect((await levels.lookup(key(1), () => true)).answer).toBeUndefined();
  });

  it('keys answers by canonical params, never by anything secret', () => {
    const one = cacheKey('d@host', 'user/list', { limit: 1, offset: 0 }, ['user', 'user#*']);
    const same = cacheKey('d@host', 'user/list', { offset: 0, limit: 1 }, ['user', 'user#*']);
    expect(one.entry).toBe(same.entry);
    expect(one.entry).toMatch(/^cache:\{d@host\}:a:user\/list:[\w-]{22}$/);
  });
});

describe('lanes of the outbound limit', () => {
  it('serves writes and forced reads first, and drops a refresh while others wait', async () => {
    const limiter = createRateLimiter({
      dealerId: 'lanes',
      store: createMemoryStore(),
      logger: captureLogs().logger,
      // One slot per 110 ms: the second call already waits (a fraction of a second).
      perSecond: 10,
      queueSize: 10,
      maxWaitMs: 60_000,
    });
    await limiter.acquire();
    const order: string[] = [];
    const normal = limiter.acquire(undefined, 'normal').then(() => order.push('normal'));
    await until(() => limiter.queueLength() === 1);
    const priority = limiter.acquire(undefined, 'priority').then(() => order.push('priority'));
    await expect(limiter.acquire(undefined, 'background')).rejects.toMatchObject({
      code: 'UPSTREAM_LOAD_LIMITED',
    });
    await Promise.all([normal, priority]);
    expect(order).toEqual(['priority', 'normal']);
  });
});

describe('READ_CACHE=off', () => {
  it('sends every read to Navixy and adds no ETag or Age', async () => {
    const h = await startHarness({ name: 'read-cache-off', settings: { READ_CACHE: 'off' } });
    try {
      const first = await h.client(h.key).get('/v1/users/371321').expect(200);
      await h.client(h.key).get('/v1/users/371321').expect(200);
      expect(h.sim.control.calls('user/read')).toBe(2);
      expect(first.headers.etag).toBeUndefined();
      expect(first.headers.age).toBeUndefined();
      expect(first.headers['cache-control']).toBe('no-store');
      await h.client(h.key).get('/v1/users/371321').set('If-None-Match', '*').expect(200);
    } finally {
      await h.close();
    }
  });
});
