import { connect } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsApp } from '../../src/wiring/app.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { captureLogs } from '../helpers/logs.js';
import { listenApp } from '../helpers/raw-http.js';
import { until } from '../helpers/wait.js';

const TOKEN = 'metrics-token-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'metrics', settings: { METRICS_TOKEN: TOKEN } });
});
afterAll(() => h.close());

const scrape = async () => {
  const res = await h.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.text;
};

describe('GET /metrics', () => {
  it('counts requests by route template and status, with latency histograms', async () => {
    await h.client(h.key).get('/v1/dealer').expect(200);
    await h.client(h.key).get('/v1/users/999999').expect(404); // Navixy 201
    const text = await scrape();
    expect(text).toContain(
      'npg_http_requests_total{route="/v1/dealer",method="GET",status="200"} 1',
    );
    expect(text).toContain(
      'npg_http_requests_total{route="/v1/users/{id}",method="GET",status="404"} 1',
    );
    // The histogram holds the request; which bucket depends on the machine's load, not on us.
    expect(text).toMatch(
      /npg_http_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/dealer",method="GET"\} 1/,
    );
    expect(text).toMatch(
      /npg_http_request_duration_seconds_count\{route="\/v1\/dealer",method="GET"\} 1/,
    );
    expect(text).toContain('npg_upstream_requests_total{action="dealer/get_info",outcome="ok"} 1');
    expect(text).toContain('npg_upstream_requests_total{action="user/read",outcome="201"} 1');
    expect(text).toMatch(/npg_upstream_request_duration_seconds_count\{action="user\/read"\} 1/);
  });

  it('counts logins, session cache levels, circuit state and process metrics', async () => {
    await h.client(h.key).get('/v1/dealer').expect(200);
    const text = await scrape();
    expect(text).toContain('npg_panel_logins_total{outcome="success"} 1');
    expect(text).toMatch(/npg_session_cache_total\{level="login"\} 1/);
    expect(text).toMatch(/npg_session_cache_total\{level="memory"\} [1-9]/);
    expect(text).toMatch(/npg_circuit_state\{account="20410@127\.0\.0\.1:\d+"\} 0/);
    expect(text).toContain('npg_upstream_limiter_queue_length{account=');
  });

  it('names transport failures, and counts a coalesced read once', async () => {
    h.sim.control.resetNextConnections(3, 'dealer/get_info'); // the first try and both retries
    await h.client(h.key).get('/v1/dealer').expect(502);
    const before = h.sim.control.calls('user/read');
    h.sim.control.setLatency(200, 'user/read'); // the five reads overlap
    await Promise.all(
      [1, 2, 3, 4, 5].map(() => h.client(h.key).get('/v1/users/371322').expect(200)),
    );
    h.sim.control.setLatency(0, 'user/read');
    const upstreamCalls = h.sim.control.calls('user/read') - before;
    const text = await scrape();
    expect(text).toContain(
      'npg_upstream_requests_total{action="dealer/get_info",outcome="unreachable"} 1',
    );
    expect(upstreamCalls).toBeLessThan(5);
    const counted = /npg_upstream_requests_total\{action="user\/read",outcome="ok"\} (\d+)/.exec(
      text,
    );
    // The 404 of the first test was outcome 201; every ok read here is one real call.
    expect(Number(counted?.[1])).toBe(upstreamCalls);
  });

  it('counts a request whose client went away as 499, not as the status it never got', async () => {
    const gateway = await listenApp(h.gateway.app);
    h.sim.control.setLatency(2_000, 'user/read');
    try {
      const before = h.sim.control.calls('user/read');
      const socket = connect(gateway.port, '127.0.0.1', () => {
        socket.write(`GET /v1/users/371323 HTTP/1.1\r\nHost: gw\r\nX-API-Key: ${h.key}\r\n\r\n`);
      });
      socket.on('error', () => undefined);
      await until(() => h.sim.control.calls('user/read') > before);
      socket.destroy();
      await until(() => h.logs.requests().some((r) => r.aborted === true));
    } finally {
      h.sim.control.setLatency(0, 'user/read');
      await gateway.close();
    }
    const text = await scrape();
    expect(text).toContain(
      'npg_http_requests_total{route="/v1/users/{id}",method="GET",status="499"} 1',
    );
    expect(h.logs.requests().find((r) => r.aborted === true)).toMatchObject({
      route: '/v1/users/{id}',
      status: 499,
      level: 'warn',
    });
  });

  it('labels unknown paths "unmatched", never with the raw path', async () => {
    await h.http.get('/no/such/path/4711').expect(404);
    const text = await scrape();
    expect(text).toContain('npg_http_requests_total{route="unmatched",method="GET",status="404"}');
    expect(text).not.toContain('4711');
  });

  it('answers 401 problem without the token or with a wrong one, and holds no secret', async () => {
    const none = await h.http.get('/metrics').expect(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    await h.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    await h.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    const text = await scrape();
    for (const secret of [
      h.key,
      h.config.panel.password,
      TOKEN,
      ...h.sim.control.sessionHashes(),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('where metrics are served', () => {
  it('is not served on the main port without METRICS_TOKEN', async () => {
    const g = await startHarness({ name: 'metrics-off', simulator: h.sim });
    try {
      await g.http.get('/metrics').expect(404);
    } finally {
      await g.close();
    }
  });

  it('serves /metrics alone on the listener of its own (METRICS_PORT)', async () => {
    const metrics = createMetrics({ processMetrics: true });
    metrics.redisError();
    metrics.limiterQueue('acct', () => 7);
    metrics.lockWait('record', 0.2);
    metrics.login('refused');
    const app = supertest(createMetricsApp(captureLogs().logger, metrics));
    const text = (await app.get('/metrics').expect(200)).text;
    expect(text).toContain('npg_redis_errors_total 1');
    expect(text).toContain('npg_process_resident_memory_bytes');
    expect(text).toContain('npg_upstream_limiter_queue_length{account="acct"} 7');
    expect(text).toMatch(/npg_lock_wait_seconds_bucket\{le="0\.25",lock="record"\} 1/);
    expect(text).toContain('npg_panel_logins_total{outcome="refused"} 1');
    const other = await app.get('/v1/dealer').expect(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
  });
});
