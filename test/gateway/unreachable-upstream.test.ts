import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * A PANEL_API_URL nothing listens on (a typo, a firewall): the log says why, with the errno and
 * the address, and readiness probes, which load balancers send all the time, never open the
 * circuit breaker that clients would then meet instead of the real reason.
 */
let h: Harness;
let port: number;

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve)); // now nothing listens there
  h = await startHarness({
    name: 'unreachable',
    settings: {
      PANEL_API_URL: `http://127.0.0.1:${port}/v2/panel`,
      CIRCUIT_BREAKER_THRESHOLD: '2',
      UPSTREAM_RETRIES: '0',
    },
  });
});
afterAll(() => h.close());

describe('an unreachable Panel API', () => {
  it('keeps readiness telling why, never opening the breaker clients meet', async () => {
    for (let probe = 0; probe < 5; probe += 1) {
      const res = await h.http.get('/readyz').expect(503);
      expect(res.body).toMatchObject({
        code: 'NOT_READY',
        checks: { panelSession: 'UPSTREAM_UNREACHABLE' },
      });
    }
    const res = await h.client(h.key).get('/v1/dealer').expect(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
  });

  it('logs the errno and the address of every failed login', () => {
    const failed = h.logs.records().filter((r) => r.msg === 'panel login failed');
    expect(failed.length).toBeGreaterThanOrEqual(6);
    expect(failed[0]).toMatchObject({
      dealer: expect.stringContaining(`@127.0.0.1:${port}`),
      err: {
        code: 'UPSTREAM_UNREACHABLE',
        causedBy: { code: 'ECONNREFUSED', message: expect.stringContaining(`127.0.0.1:${port}`) },
      },
    });
  });
});
