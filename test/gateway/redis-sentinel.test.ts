import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { loadKeyStoreConfig } from '../../src/config/load.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { describeFailover, failoverUnderLoad } from '../helpers/redis-failover.js';
import {
  requestsAfterSessionEnded,
  startGateways,
  type GatewayGroup,
} from '../helpers/redis-gateways.js';
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

describe('two gateway instances through the Sentinel', () => {
  it('logs in once for 200 concurrent requests after the session ended, with no failure', async () => {
    expect(await group.get(0, '/v1/dealer')).toBe(200);
    expect(await group.get(1, '/v1/dealer')).toBe(200);
    expect(sim.control.calls('account/auth')).toBe(1);

    const { statuses, logins } = await requestsAfterSessionEnded(group, sim);

    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    expect(logins).toBe(1);
  }, 30_000);

  it('keeps serving a warm session while the primary fails over, then shares one login again', async () => {
    const record = await failoverUnderLoad(group, topology, prefix, () =>
      topology.sentinel.call('SENTINEL', 'FAILOVER', MASTER_NAME),
    );
    console.info(describeFailover('SENTINEL FAILOVER', record));
    expect(record.failed).toEqual([]);
    expect(record.during).toBeGreaterThan(0);

    // Sharing resumed: the session ends, 200 requests over both instances, one login.
    const { statuses, logins } = await requestsAfterSessionEnded(group, sim);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(logins).toBe(1);
  }, 60_000);
});
