import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { describeFailover, failoverUnderLoad } from '../helpers/redis-failover.js';
import {
  requestsAfterSessionEnded,
  startGateways,
  type GatewayGroup,
} from '../helpers/redis-gateways.js';
import { startSentinel, type TestSentinel } from '../helpers/redis-sentinel.js';
import { uniquePrefix } from '../helpers/redis.js';

/**
 * The primary watched by a Sentinel dies (SIGKILL) while two gateway instances serve requests:
 * the Sentinel promotes the replica after `down-after-milliseconds` (1 s), and the instances,
 * reconnecting meanwhile, follow it. (Before the Sentinel watch, the failover announcement
 * aborted the reconnection under way and left the store closed for good.)
 */
const PASSWORD = 'crash-data-secret-1b9f';
const SENTINEL_PASSWORD = 'crash-sentinel-secret-6e02';
const prefix = uniquePrefix('sentinel-crash');
let topology: TestSentinel;
let sim: Simulator;
let group: GatewayGroup;

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
  await sim?.close();
  await topology?.stop();
}, 30_000);

describe('the Sentinel primary crashing under load', () => {
  it('keeps serving a warm session, follows the new primary, then shares one login again', async () => {
    expect(await group.get(0, '/v1/dealer')).toBe(200);
    expect(await group.get(1, '/v1/dealer')).toBe(200);

    const record = await failoverUnderLoad(group, topology, prefix, (port) => topology.crash(port));
    console.info(describeFailover('primary killed', record));
    expect(record.failed).toEqual([]);
    expect(record.during).toBeGreaterThan(0);

    const { statuses, logins } = await requestsAfterSessionEnded(group, sim);

    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    expect(logins).toBe(1);
  }, 60_000);
});
