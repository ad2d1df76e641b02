import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { startGatewayProcess, statusOf, type GatewayProcess } from '../helpers/gateway-process.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * Several gateway processes (real `src/main.ts` children) sharing one real Redis, in front of
 * one simulator: the login protocol as it runs in production, processes and all.
 */
let sim: Simulator;
const redis = testRedis();
const running: GatewayProcess[] = [];
const pools: Pool[] = [];
const prefixes: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  for (const prefix of prefixes.splice(0)) await deletePrefix(redis, prefix);
  sim.control.reset();
});

afterAll(async () => {
  await sim.close();
  redis.disconnect();
});

async function startInstances(count: number, env: Record<string, string> = {}) {
  const prefix = uniquePrefix('multi');
  prefixes.push(prefix);
  const instances = await Promise.all(
    Array.from({ length: count }, () => startGatewayProcess({ sim, prefix, env })),
  );
  running.push(...instances);
  return instances;
}

/** GET `path` on one instance; answers the status (0 when the request itself failed). */
function get(gateway: GatewayProcess, path: string, pool?: Pool): Promise<number> {
  const dispatcher = pool ?? new Pool(gateway.url, { connections: 4 });
  if (!pool) pools.push(dispatcher);
  return statusOf(dispatcher, gateway, path);
}

const getDealer = (gateway: GatewayProcess, pool?: Pool) => get(gateway, '/v1/dealer', pool);

describe('several gateway processes on one Redis', () => {
  it('logs in exactly once for 1000 concurrent requests over four processes after the session ended', async () => {
    // A high outbound limit: this test is about the login, not about the rate limiter.
    const instances = await startInstances(4, { PANEL_RATE_LIMIT_PER_SECOND: '1000' });
    const byInstance = instances.map((gateway) => {
      const pool = new Pool(gateway.url, { connections: 250 });
      pools.push(pool);
      return { gateway, pool };
    });
    // Warm: every process holds the shared session in memory.
    for (const { gateway, pool } of byInstance) expect(await getDealer(gateway, pool)).toBe(200);
    expect(sim.control.calls('account/auth')).toBe(1);

    sim.control.expireSessions();
    sim.control.reset();
    // Fifty different users, so that most calls are distinct upstream calls, not coalesced.
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const { gateway, pool } = byInstance[i % byInstance.length]!;
        return get(gateway, `/v1/users/${371321 + (i % 50)}`, pool);
      }),
    );

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(sim.control.calls('account/auth')).toBe(1);
  }, 120_000);

  it('logs in once when account/auth takes longer than the lock lease', async () => {
    const instances = await startInstances(3, { LOGIN_LOCK_LEASE_MS: '600' });
    sim.control.setLatency(2_000, 'account/auth');

    const statuses = await Promise.all(
      instances.flatMap((gateway) => [getDealer(gateway), getDealer(gateway)]),
    );

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(sim.control.calls('account/auth')).toBe(1);
  }, 60_000);

  it('replaces a holder killed mid-login: another process logs in after the lease', async () => {
    const [holder, other] = await startInstances(2, { LOGIN_LOCK_LEASE_MS: '1000' });
    sim.control.setLatency(10_000, 'account/auth');

    void getDealer(holder!); // takes the lock and starts a login that will never finish
    await until(() => sim.control.calls('account/auth') === 1);
    sim.control.setLatency(0, 'account/auth');
    const waiting = getDealer(other!); // waits for the holder's login
    await new Promise((resolve) => setTimeout(resolve, 200));
    holder!.child.kill('SIGKILL');
    const killedAt = Date.now();

    expect(await waiting).toBe(200);
    const waited = Date.now() - killedAt;
    expect(sim.control.calls('account/auth')).toBe(2);
    // The survivor took over once the dead holder's lease ran out, not after its 10 s login.
    expect(waited).toBeLessThan(8_000);
  }, 60_000);
});
