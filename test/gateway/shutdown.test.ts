import { Pool, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { startGatewayProcess, statusOf, type GatewayProcess } from '../helpers/gateway-process.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/** SIGTERM sent to a real gateway process (`src/main.ts`) while it serves slow requests. */
let sim: Simulator;
const redis = testRedis();
const prefix = uniquePrefix('shutdown');
const running: GatewayProcess[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  sim.control.reset();
});

afterAll(async () => {
  await sim.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function start(shutdownTimeoutMs: number) {
  const gateway = await startGatewayProcess({
    sim,
    prefix,
    env: { SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) },
    // Signals reach the process as `npm start`'s node would get them: through tsx, not a bundle.
    tsx: true,
  });
  running.push(gateway);
  const pool = new Pool(gateway.url, { connections: 40 });
  const get = (path: string) => statusOf(pool, gateway, path);
  expect(await get('/v1/dealer')).toBe(200); // logged in, warm
  return { gateway, pool, get };
}

const records = (gateway: GatewayProcess) =>
  gateway.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, refuses new connections, then exits 0', async () => {
    const { gateway, pool, get } = await start(20_000);
    sim.control.setLatency(1_500, 'user/read');
    const before = sim.control.calls('user/read');

    // Thirty different users, so that no two reads are coalesced into one upstream call.
    const inFlight = Array.from({ length: 30 }, (_, i) => get(`/v1/users/${371321 + i}`));
    // Every request has reached Navixy (the simulator), so all 30 are in flight at SIGTERM.
    await until(() => sim.control.calls('user/read') - before === 30);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));

    // The listener is closed: a new connection is refused.
    await expect(request(`${gateway.url}/healthz`)).rejects.toThrow();
    expect(await Promise.all(inFlight)).toEqual(Array(30).fill(200));
    expect(await gateway.exited).toBe(0);
    // It did not wait for the 20 s timeout: it left as soon as the work was done.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const messages = records(gateway).map((r) => r.msg);
    expect(messages).toContain('shutting down');
    expect(messages).toContain('shutdown complete');
    await pool.close();
  }, 60_000);

  it('cuts what is still running at SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const { gateway, pool, get } = await start(500);
    sim.control.setLatency(5_000, 'dealer/get_info');

    const before = sim.control.calls('dealer/get_info');
    const slow = get('/v1/dealer');
    await until(() => sim.control.calls('dealer/get_info') > before);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');

    expect(await slow).toBe(0);
    expect(await gateway.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    expect(records(gateway).map((r) => r.msg)).toContain(
      'shutdown timeout reached: closing the connections still busy',
    );
    // The cut request is logged as what it was: aborted, no answer (499), never a 200.
    const cut = records(gateway).filter((r) => r.msg === 'request' && r.route === '/v1/dealer');
    expect(cut.at(-1)).toMatchObject({ status: 499, aborted: true });
    await pool.close();
  }, 60_000);

  it('closes the connection of every answer finished while draining', async () => {
    const { gateway, pool } = await start(20_000);
    sim.control.setLatency(1_000, 'user/read');
    const before = sim.control.calls('user/read');
    // Already in flight at SIGTERM, on a keep-alive connection.
    const inFlight = pool.request({
      method: 'GET',
      path: '/v1/users/371321',
      headers: { 'x-api-key': gateway.key },
    });
    await until(() => sim.control.calls('user/read') > before);
    gateway.child.kill('SIGTERM');
    const res = await inFlight;
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(await gateway.exited).toBe(0);
    await pool.close();
  }, 60_000);
});
