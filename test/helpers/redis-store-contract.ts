import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createRecordLock } from '../../src/store/record-lock.js';
import type { Store } from '../../src/store/store.js';
import { captureLogs } from './logs.js';
import { until } from './wait.js';

/**
 * What every feature asks of a Redis store, checked on one topology: the values, locks and
 * fencing of sessions and the login lock, the hashes and sets of managed keys, revocation
 * messages between instances, both rate limit scripts, the read cache's multi-key reads and the
 * record lock. Keys are spread over
 * many names, so that on a Cluster they land in every slot range. `stores()` gives two stores
 * on two connections with one prefix: two gateway instances.
 */
export function storeContract(stores: () => [Store, Store]): void {
  const name = (label: string) => `${label}:${randomUUID()}`;

  it('stores, replaces and deletes values with a lifetime, across instances', async () => {
    const [a, b] = stores();
    const keys = Array.from({ length: 30 }, () => name('value'));
    await Promise.all(keys.map((key, i) => a.set(key, `v${i}`, 60_000)));
    expect(await Promise.all(keys.map((key) => b.get(key)))).toEqual(keys.map((_, i) => `v${i}`));
    const [first] = keys as [string];
    expect(await b.remainingMs(first)).toBeGreaterThan(50_000);
    await b.delete(first);
    expect(await a.get(first)).toBeNull();
    expect(await a.remainingMs(first)).toBe(0);
  });

  it('reads several keys of one hash tag at once (the read cache lookup), absent ones as null', async () => {
    const [a, b] = stores();
    // One tag per lookup, as the read cache names its keys (`cache:{dealer}:…`): one slot.
    const tag = `{${randomUUID()}}`;
    const keys = ['a', 'g:users', 'g:trackers'].map((part) => `cache:${tag}:${part}`);
    await a.set(keys[0]!, 'answer', 60_000);
    await a.set(keys[2]!, '3', 60_000);
    expect(await b.getMany(keys)).toEqual(['answer', null, '3']);
    expect(await b.getMany([])).toEqual([]);
  });

  it('grants a lock to one of two instances racing, and only its owner renews or frees it', async () => {
    const [a, b] = stores();
    const lock = name('login-lock');
    const won = await Promise.all([
      a.setIfAbsent(lock, 'a', 5_000),
      b.setIfAbsent(lock, 'b', 5_000),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const owner = won[0] ? 'a' : 'b';
    const other = owner === 'a' ? 'b' : 'a';
    expect(await a.extendIfEquals(lock, other, 60_000)).toBe(false);
    expect(await b.extendIfEquals(lock, owner, 60_000)).toBe(true);
    expect(await a.remainingMs(lock)).toBeGreaterThan(5_000);
    expect(await a.deleteIfEquals(lock, other)).toBe(false);
    expect(await b.deleteIfEquals(lock, owner)).toBe(true);
    expect(await a.get(lock)).toBeNull();
  });

  it('fences: counts generations and keeps the newest session record', async () => {
    const [a, b] = stores();
    const generation = name('generation');
    const counted = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).increment(generation, 60_000)),
    );
    expect([...counted].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const session = name('session');
    expect(await a.setIfNewer(session, '2.new', 60_000)).toBe(true);
    expect(await b.setIfNewer(session, '1.old', 60_000)).toBe(false);
    expect(await b.setIfNewer(session, '3.newer', 60_000)).toBe(true);
    expect(await a.get(session)).toBe('3.newer');
  });

  it('keeps hashes and sets (managed key records and their index)', async () => {
    const [a, b] = stores();
    const record = name('apikeys:key');
    const index = name('apikeys:index');
    await a.hashSet(record, { name: 'mobile', scopes: 'users:read' });
    await b.hashSet(record, { revokedAt: '2026-01-01T00:00:00Z' });
    await Promise.all(['k1', 'k2', 'k3'].map((id) => a.setAdd(index, id)));
    expect(await b.hashGetAll(record)).toEqual({
      name: 'mobile',
      scopes: 'users:read',
      revokedAt: '2026-01-01T00:00:00Z',
    });
    expect((await b.setMembers(index)).sort()).toEqual(['k1', 'k2', 'k3']);
  });

  it('delivers a message one instance publishes to the other (revocation, login outcome)', async () => {
    const [a, b] = stores();
    const channel = name('changes');
    const heard: string[] = [];
    const off = await b.subscribe(channel, (message) => heard.push(message));
    await a.publish(channel, 'key-1');
    await until(() => heard.length === 1, 5_000);
    await off();
    await a.publish(channel, 'key-2');
    await a.ping(); // a round trip after the publish: a message still coming would be here
    expect(heard).toEqual(['key-1']);
  });

  it('shares the outbound rate limit between instances, and a released slot frees at once', async () => {
    const [a, b] = stores();
    const key = name('panel:rate');
    const rule = { limit: 3, windowMs: 60_000 };
    const waits = await Promise.all(
      Array.from({ length: 5 }, (_, i) => (i % 2 ? a : b).acquireRate(key, `slot-${i}`, rule)),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    expect(Math.min(...waits.filter((wait) => wait > 0))).toBeGreaterThan(50_000);
    const taken = waits.findIndex((wait) => wait === 0);
    await a.releaseRate(key, `slot-${taken}`);
    expect(await b.acquireRate(key, 'slot-after', rule)).toBe(0);
  });

  it('counts client requests atomically: of many at once, exactly the free places pass', async () => {
    const [a, b] = stores();
    // One client's counter: one hash, one slot (`{…}` as the client limiter names it).
    const key = `ratelimit:client:{${randomUUID()}}`;
    const grants = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).takeRate(key, { limit: 5, windowMs: 60_000 }, { divisor: 5 }),
      ),
    );
    expect(grants.reduce((sum, grant) => sum + grant.granted, 0)).toBe(5);
    expect(grants.filter((grant) => grant.granted === 0)).toHaveLength(7);
    expect(grants.every((grant) => grant.resetMs > 0)).toBe(true);
  });

  it('serialises read-merge-writes of one record across instances with the record lock', async () => {
    const [a, b] = stores();
    const logs = captureLogs();
    const record = name('record');
    const counter = name('counter');
    const locks = [a, b].map((store) =>
      createRecordLock({ store, logger: logs.logger, leaseMs: 5_000, waitMs: 10_000, pollMs: 5 }),
    );
    await a.set(counter, '0', 60_000);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        locks[i % 2]!(record, async () => {
          const value = Number(await a.get(counter));
          await b.set(counter, String(value + 1), 60_000);
        }),
      ),
    );
    expect(await a.get(counter)).toBe('10');
    // Had the store failed, the lock would have fallen back to this process alone, and said so.
    expect(logs.lines.join('\n')).not.toContain('session store unavailable');
  });
}
