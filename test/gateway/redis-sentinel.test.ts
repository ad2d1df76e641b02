import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { loadKeyStoreConfig } from '../../src/config/load.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startGateways, type GatewayGroup } from '../helpers/redis-gateways.js';
import { MASTER_NAME, startSentinel, type TestSentinel } from '../helpers/redis-sentinel.js';
import { storeContract } from '../helpers/redis-store-contract.js';
import { uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * The gateway on a primary with a replica, watched by a Sentinel (real `redis-server`
 * processes), reached through REDIS_SENTINELS, REDIS_SENTINEL_MASTER, REDIS_PASSWORD and
 * REDIS_SENTINEL_PASSWORD; then the Sentinel fails the primary over while requests run.
 */
const PASSWORD = 'data-secret-7c2e41';
const SENTINEL_PASSWORD = 'sentinel-secret-93ab0d';
let topology: TestSentinel;
let sim: Simulator;
let group: GatewayGroup;
const prefix = uniquePrefix('sentinel');
const contractPrefix = uniquePrefix('sentinel-contract');
const contractStores: Store[] = [];

beforeAll(async () => {
  [topology, sim] = await Promise.all([
    startSentinel(PASSWORD, SENTINEL_PASSWORD),
    startSimulator(),
  ]);
  group = await startGateways({
    sim,
    env: topology.env,
    prefix,
    count: 2,
    secrets: [PASSWORD, SENTINEL_PASSWORD],
  });
}, 60_000);

afterAll(async () => {
  await group?.close();
  await Promise.all(contractStores.map((store) => store.close()));
  await sim?.close();
  await topology?.stop();
}, 30_000);

describe('the store through a Sentinel', () => {
  let stores: [Store, Store];
  beforeAll(async () => {
    const { redis } = loadKeyStoreConfig(topology.env, () => '');
    stores = [0, 1].map(() =>
      createRedisStore(
        openRedis(redis!, () => undefined),
        contractPrefix,
      ),
    ) as [Store, Store];
    contractStores.push(...stores);
    await until(async () => {
      const answers = await Promise.allSettled(stores.map((store) => store.ping()));
      return answers.every((answer) => answer.status === 'fulfilled');
    });
  }, 20_000);

  storeContract(() => stores);
});

/** Requests kept running on both instances until `stop()`: every status, with its time. */
function steadyLoad(workers: number) {
  const statuses: { status: number; at: number }[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (running) statuses.push({ status: await group.get(w, '/v1/dealer'), at: Date.now() });
  });
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('two gateway instances through the Sentinel', () => {
  it('logs in once for 200 concurrent requests after the session ended, with no failure', async () => {
    expect(await group.get(0, '/v1/dealer')).toBe(200);
    expect(await group.get(1, '/v1/dealer')).toBe(200);
    expect(sim.control.calls('account/auth')).toBe(1);

    sim.control.expireSessions();
    sim.control.reset();
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => group.get(i, `/v1/users/${371321 + (i % 20)}`)),
    );

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(sim.control.calls('account/auth')).toBe(1);
  }, 30_000);

  it('keeps serving a warm session while the primary fails over, then shares one login again', async () => {
    const before = await topology.primary();
    const load = steadyLoad(8);
    await until(() => load.statuses.length >= 50); // under load before the failover starts

    const started = Date.now();
    await topology.sentinel.call('SENTINEL', 'FAILOVER', MASTER_NAME);
    await until(async () => (await topology.primary()).port !== before.port, 15_000);
    const switched = Date.now();
    // Each instance writes to the new primary again: what it writes is read back there (the old
    // primary accepts writes until the Sentinel turns it into a replica, seconds later).
    const primary = topology.server((await topology.primary()).port);
    await until(async () => {
      const landed = await Promise.all(
        group.instances.map(async (instance, i) => {
          const value = String(Date.now());
          await instance.store.set(`failover-probe-${i}`, value, 10_000).catch(() => undefined);
          return (await primary.get(`${prefix}failover-probe-${i}`)) === value;
        }),
      );
      return landed.every(Boolean);
    }, 20_000);
    const writable = Date.now();
    // Some load on the new primary too, before the load stops.
    await until(() => load.statuses.filter(({ at }) => at > writable).length >= 20);
    await load.stop();

    const failed = load.statuses.filter(({ status }) => status !== 200);
    const during = load.statuses.filter(({ at }) => at >= started && at <= writable).length;
    console.info(
      `sentinel failover under load: primary switched after ${switched - started} ms, both ` +
        `instances writing to it after ${writable - started} ms; ${load.statuses.length} ` +
        `requests (${during} during the failover), ${failed.length} not 200`,
    );
    expect(failed).toEqual([]);
    expect(during).toBeGreaterThan(0);

    // Sharing resumed: the session ends, 200 requests over both instances, one login.
    sim.control.expireSessions();
    sim.control.reset();
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => group.get(i, `/v1/users/${371321 + (i % 20)}`)),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(sim.control.calls('account/auth')).toBe(1);
  }, 60_000);
});
