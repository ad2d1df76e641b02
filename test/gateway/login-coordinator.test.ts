import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPanelClient } from '../../src/panel/client.js';
import { dealerKeys, createLoginCoordinator } from '../../src/panel/login-coordinator.js';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogs } from '../helpers/logs.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { openStoredSession, testCipher } from '../helpers/sessions.js';
import { until } from '../helpers/wait.js';

/**
 * The cross-instance login protocol against a real Redis and the simulator: each coordinator
 * stands for one gateway instance (its own Redis connections), all logging in to one account.
 */
let sim: Simulator;
let pool: Pool;
const redis = testRedis();
const prefixes: string[] = [];
const stores: Store[] = [];
const ACCOUNT = 'dealer@sim';

beforeAll(async () => {
  sim = await startSimulator();
  pool = new Pool(new URL(sim.url).origin, { connections: 8 });
});

afterEach(async () => {
  sim.control.reset();
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
});

afterAll(async () => {
  await pool.close();
  await sim.close();
  redis.disconnect();
});

interface Counted {
  store: Store;
  /** Store commands by name, to tell waking up on an announcement from polling. */
  counts: Record<string, number>;
}

/** A store on its own Redis connection that counts the commands it is sent. */
function instanceStore(prefix: string): Counted {
  const counts: Record<string, number> = {};
  const store = createRedisStore(testRedis(), prefix);
  stores.push(store);
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        counts[name] = (counts[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, counts };
}

function coordinator(store: Store, leaseMs: number) {
  const client = createPanelClient({ baseUrl: sim.url, dispatcher: pool, timeoutMs: 10_000 });
  return createLoginCoordinator({
    dealerId: ACCOUNT,
    store,
    logger: captureLogs().logger,
    authenticate: () =>
      client.call('account/auth', {
        login: DEFAULT_ACCOUNT.login,
        password: DEFAULT_ACCOUNT.password,
      }),
    sessionTtlMs: 60_000,
    lockLeaseMs: leaseMs,
    waitMs: 15_000,
    initialBackoffMs: 1_000,
    maxBackoffMs: 2_000,
    cipher: testCipher,
  });
}

function newPrefix(): string {
  const prefix = uniquePrefix('login');
  prefixes.push(prefix);
  return prefix;
}

const keys = (prefix: string) => {
  const k = dealerKeys(ACCOUNT);
  return { session: prefix + k.session, lock: prefix + k.lock };
};

describe('cross-instance login', () => {
  it('renews the lease while a slow login runs: one login for everyone, though it outlasts the lease', async () => {
    const prefix = newPrefix();
    const instances = [1, 2, 3].map(() => coordinator(instanceStore(prefix).store, 300));
    sim.control.setLatency(1_200, 'account/auth'); // four leases long

    const sessions = await Promise.all(
      instances.flatMap((instance) => [instance.obtain(), instance.obtain()]),
    );

    expect(sim.control.calls('account/auth')).toBe(1);
    expect(new Set(sessions.map((s) => s.hash)).size).toBe(1);
    expect(sim.control.sessionHashes()).toContain(sessions[0]!.hash);
  });

  it('wakes waiters when the session is stored, instead of polling the store', async () => {
    const prefix = newPrefix();
    const holder = coordinator(instanceStore(prefix).store, 10_000);
    const waiting = instanceStore(prefix);
    const waiter = coordinator(waiting.store, 10_000);
    sim.control.setLatency(800, 'account/auth');

    const held = holder.obtain();
    await until(async () => (await redis.exists(keys(prefix).lock)) === 1);
    const started = Date.now();
    const [a, b] = await Promise.all([held, waiter.obtain()]);

    expect(b.hash).toBe(a.hash);
    // Woken by the announcement, long before the holder's 10 s lease would have run out...
    expect(Date.now() - started).toBeLessThan(5_000);
    // ...and with a handful of store reads, where polling every 20 ms would make dozens.
    expect(waiting.counts.get ?? 0).toBeLessThanOrEqual(4);
    expect(sim.control.calls('account/auth')).toBe(1);
  });

  it('replaces a holder that died: another instance logs in once its lease ran out', async () => {
    const prefix = newPrefix();
    // A holder that took the lock and vanished: nobody renews or releases it.
    await redis.set(keys(prefix).lock, 'a-dead-instance', 'PX', 700);
    const instance = coordinator(instanceStore(prefix).store, 700);

    const started = Date.now();
    const session = await instance.obtain();

    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(sim.control.calls('account/auth')).toBe(1);
    expect(openStoredSession(ACCOUNT, await redis.get(keys(prefix).session))?.hash).toBe(
      session.hash,
    );
  });

  it('fences a slow login that lost its lock: the newer session stays, and the slow one uses it', async () => {
    const prefix = newPrefix();
    // The slow instance cannot renew its lease (as if its process stalled), so it loses the lock.
    const stalled = instanceStore(prefix).store;
    const slow = coordinator(
      new Proxy(stalled, {
        get: (target, name, receiver) =>
          name === 'extendIfEquals'
            ? () => Promise.resolve(true)
            : (Reflect.get(target, name, receiver) as unknown),
      }),
      300,
    );
    const fast = coordinator(instanceStore(prefix).store, 300);

    sim.control.setLatency(1_500, 'account/auth');
    const slowLogin = slow.obtain();
    await until(() => Promise.resolve(sim.control.calls('account/auth') === 1));
    sim.control.setLatency(0, 'account/auth');
    // After the slow holder's lease ran out, the other instance logs in (generation 2).
    await new Promise((resolve) => setTimeout(resolve, 400));
    const newer = await fast.obtain();
    expect(sim.control.calls('account/auth')).toBe(2);

    const late = await slowLogin;
    const stored = openStoredSession(ACCOUNT, await redis.get(keys(prefix).session));
    expect(stored?.hash).toBe(newer.hash);
    expect(stored?.generation).toBe(2);
    expect(late.hash).toBe(newer.hash);
  });
});
