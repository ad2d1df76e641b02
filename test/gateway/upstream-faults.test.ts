import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness.js';

const USER = '/v1/users/371321';
const PASSWORD = `${USER}/password`;
const NEW_PASSWORD = { password: 'Fresh-Pa55word' };

let open: Harness[] = [];
let sims: Simulator[] = [];

afterEach(async () => {
  await Promise.all(open.map((h) => h.close()));
  await Promise.all(sims.map((s) => s.close()));
  open = [];
  sims = [];
});

/** A gateway with a warm session and a clean call log. */
async function harness(name: string, options: Partial<HarnessOptions> = {}): Promise<Harness> {
  const h = await startHarness({ name, ...options });
  open.push(h);
  await h.client(h.key).get(USER).expect(200);
  h.sim.control.resetCounters();
  return h;
}

const arrivals = (sim: Simulator, action: string) =>
  sim.control.callLog().filter((call) => call.action === action);

describe('random session expiry (error 4 on 10% of calls)', () => {
  it('never reaches the client: every one of 300 requests succeeds', async () => {
    const h = await harness('faults-expiry');
    // Short grace, so that many sessions end during the run; a replay right after a re-login
    // still falls inside it.
    h.sim.control.expireSessionsAtRandom(0.1, 200);
    const client = h.client(h.key);
    const statuses: number[] = [];
    for (let batch = 0; batch < 30; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? client.get(USER) : client.get('/v1/dealer'),
        ),
      );
      statuses.push(...answers.map((r) => r.status));
      await sleep(10);
    }
    expect(statuses).toEqual(Array(300).fill(200));
    // Sessions did end along the way, and each ending cost one login, not one per request.
    const logins = h.sim.control.calls('account/auth');
    expect(logins).toBeGreaterThanOrEqual(2);
    expect(logins).toBeLessThan(100);
  });
});

describe('latency spikes beyond the attempt timeout', () => {
  it('answers 504 within the request deadline, after retrying the read', async () => {
    const deadlineMs = 700;
    const h = await harness('faults-spikes', {
      upstreamTimeoutMs: 200,
      settings: { REQUEST_DEADLINE_MS: String(deadlineMs) },
    });
    h.sim.control.setLatencySpikes(1, 2_000, 'user/read');
    const started = performance.now();
    const res = await h.client(h.key).get(USER);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504 });
    // A behaviour bound, not a speed target: the deadline holds however many attempts fit.
    expect(elapsed).toBeLessThanOrEqual(deadlineMs + 250);
    expect(arrivals(h.sim, 'user/read').length).toBeGreaterThanOrEqual(2);
  });

  it('hides a spike that only some attempts hit', async () => {
    const h = await harness('faults-spike-once', {
      upstreamTimeoutMs: 200,
      settings: { REQUEST_DEADLINE_MS: '2000' },
    });
    h.sim.control.setLatency(2_000, 'user/read');
    const first = h
      .client(h.key)
      .get(USER)
      .then((r) => r); // sent now, not when awaited
    await sleep(100);
    h.sim.control.setLatency(0); // the spike is over before the first attempt times out
    const res = await first;
    expect(res.status).toBe(200);
    expect(arrivals(h.sim, 'user/read')).toHaveLength(2);
  });
});

describe('connection resets', () => {
  it('retries a read whose connection was reset, and succeeds', async () => {
    const h = await harness('faults-reset-read');
    h.sim.control.resetNextConnections(2, 'reads');
    const res = await h.client(h.key).get(USER).expect(200);
    expect(res.body).toMatchObject({ id: 371321 });
    expect(arrivals(h.sim, 'user/read')).toHaveLength(3); // two resets, then the answer
  });

  it('never sends a write again after a reset: 502, and Navixy saw it exactly once', async () => {
    const h = await harness('faults-reset-write');
    h.sim.control.resetNextConnections(1, 'writes');
    const res = await h.client(h.key).put(PASSWORD, NEW_PASSWORD);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(arrivals(h.sim, 'user/change_password')).toHaveLength(1);
  });
});

describe('Navixy code 15 (rate limited)', () => {
  it('retries after a back-off and succeeds, for reads and for writes', async () => {
    const h = await harness('faults-15');
    h.sim.control.failNext(2, 15, 'user/read');
    await h.client(h.key).get(USER).expect(200);
    expect(arrivals(h.sim, 'user/read')).toHaveLength(3);

    // Refused by Navixy, so not executed: sending the write again is safe.
    h.sim.control.failNext(1, 15, 'user/change_password');
    await h.client(h.key).put(PASSWORD, NEW_PASSWORD).expect(204);
    expect(arrivals(h.sim, 'user/change_password')).toHaveLength(2);
  });

  it('answers 429 with Retry-After when Navixy keeps refusing', async () => {
    const h = await harness('faults-15-persistent');
    h.sim.control.failNext(100, 15, 'user/read');
    const res = await h.client(h.key).get(USER).expect(429);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', upstream: { code: 15 } });
    expect(arrivals(h.sim, 'user/read')).toHaveLength(3);
  });
});

describe('an unreachable upstream', () => {
  it('opens the breaker, answers 503 at once without connecting, and recovers by a probe', async () => {
    const gone = await startSimulator();
    const port = Number(new URL(gone.url).port);
    await gone.close();
    const openMs = 1_500;
    const h = await startHarness({
      name: 'faults-breaker',
      simulator: gone,
      settings: { CIRCUIT_BREAKER_THRESHOLD: '3', CIRCUIT_BREAKER_OPEN_MS: String(openMs) },
    });
    open.push(h);
    const client = h.client(h.key);

    // The login's connection is refused three times (one attempt, two retries): the breaker opens.
    const refused = await client.get('/v1/dealer').expect(502);
    expect(refused.body).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });

    const back = await startSimulator({ port });
    sims.push(back);
    const paused = await client.get('/v1/dealer').expect(503);
    expect(paused.headers['content-type']).toContain('application/problem+json');
    expect(paused.body).toMatchObject({ code: 'UPSTREAM_CIRCUIT_OPEN', status: 503 });
    const retryAfter = Number(paused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(openMs / 1000));
    expect(back.control.calls()).toBe(0); // refused locally: no connection was made

    await sleep(openMs + 50);
    const recovered = await client.get('/v1/dealer').expect(200);
    expect(recovered.body).toMatchObject({ id: 20410 });
    await client.get(USER).expect(200);
    expect(back.control.calls('account/auth')).toBe(1);
    const changes = h.logs
      .records()
      .filter((r) => r.msg === 'panel circuit breaker changed state')
      .map((r) => r.state);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });
});
