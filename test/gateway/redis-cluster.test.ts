import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { loadKeyStoreConfig } from '../../src/config/load.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startCluster, type TestCluster } from '../helpers/redis-cluster.js';
import {
  requestsAfterSessionEnded,
  startGateways,
  type GatewayGroup,
} from '../helpers/redis-gateways.js';
import { storeContract } from '../helpers/redis-store-contract.js';
import { uniquePrefix } from '../helpers/redis.js';

/**
 * The gateway on a Redis Cluster of three masters (real `redis-server` processes joined by
 * `redis-cli --cluster create`), reached through REDIS_CLUSTER_NODES and REDIS_PASSWORD.
 */
const PASSWORD = 'cluster-secret-4f1d9a';
let cluster: TestCluster;
let sim: Simulator;
let group: GatewayGroup;
const contractPrefix = uniquePrefix('cluster-contract');
const contractStores: Store[] = [];

/** A store on the cluster as the settings describe it, for the contract's two instances. */
function storeOnCluster(): Store {
  const config = loadKeyStoreConfig(cluster.env, () => '');
  const store = createRedisStore(
    openRedis(config.redis!, () => undefined),
    contractPrefix,
  );
  contractStores.push(store);
  return store;
}

beforeAll(async () => {
  [cluster, sim] = await Promise.all([startCluster(PASSWORD), startSimulator()]);
  group = await startGateways({
    sim,
    env: cluster.env,
    prefix: uniquePrefix('cluster'),
    count: 2,
    secrets: [PASSWORD],
  });
}, 60_000);

afterAll(async () => {
  await group?.close();
  await Promise.all(contractStores.map((store) => store.close()));
  await sim?.close();
  await cluster?.stop();
}, 30_000);

describe('the store on a Redis Cluster', () => {
  let stores: [Store, Store];
  beforeAll(async () => {
    stores = [storeOnCluster(), storeOnCluster()];
    // No offline queue: wait until both know the slots.
    for (const store of stores) {
      for (let tries = 0; ; tries += 1) {
        try {
          await store.ping();
          break;
        } catch (error) {
          if (tries > 200) throw error;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    }
  }, 20_000);

  storeContract(() => stores);

  it('spreads the keys over all three masters (each command in one slot, no CROSSSLOT)', async () => {
    const perNode = await cluster.keysPerNode(`${contractPrefix}*`);
    expect([...perNode.values()].every((count) => count > 0)).toBe(true);
  });
});

describe('two gateway instances on the Cluster', () => {
  it('logs in once for 200 concurrent requests after the session ended, with no failure', async () => {
    expect(await group.get(0, '/v1/dealer')).toBe(200);
    expect(await group.get(1, '/v1/dealer')).toBe(200);
    expect(sim.control.calls('account/auth')).toBe(1);

    const { statuses, logins } = await requestsAfterSessionEnded(group, sim);

    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    expect(logins).toBe(1);
  }, 30_000);
});
