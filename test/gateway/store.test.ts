import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('store');

afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** Resolves with the next message `store` delivers on `channel`, or rejects after 2 s. */
function nextMessage(received: string[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (received.length >= count) resolve();
      else if (Date.now() - started > 2000) reject(new Error(`got ${received.length} messages`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe.each([
  ['redis', () => createRedisStore(testRedis(), prefix)],
  ['memory', () => createMemoryStore()],
] as const)('%s store pub/sub', (_kind, make) => {
  it('delivers to every subscriber of a channel until it unsubscribes', async () => {
    const a = make();
    const b: Store = make();
    const gotA: string[] = [];
    const gotB: string[] = [];
    const offA = await a.subscribe('wake', (m) => gotA.push(m));
    const offB = await a.subscribe('wake', (m) => gotB.push(m));
    const other: string[] = [];
    const offOther = await a.subscribe('other', (m) => other.push(m));

    // A Redis store hears what another connection publishes; a memory store only itself.
    await (a.kind === 'redis' ? b : a).publish('wake', 'one');
    await nextMessage(gotA, 1);
    await nextMessage(gotB, 1);
    expect(gotA).toEqual(['one']);
    expect(gotB).toEqual(['one']);

    await offA();
    await a.publish('wake', 'two');
    await nextMessage(gotB, 2);
    expect(gotA).toEqual(['one']);
    expect(gotB).toEqual(['one', 'two']);
    expect(other).toEqual([]);

    await offB();
    await offOther();
    await a.close();
    await b.close();
  });
});
