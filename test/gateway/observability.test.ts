import { Redis } from 'ioredis';
import supertest from 'supertest';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/wiring/gateway.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ name: 'observability' });
});
afterAll(() => h.close());

describe('request logs', () => {
  it('writes one line per request with id, route, status, duration and upstream action', async () => {
    await h.http
      .get('/v1/users/999999')
      .set('X-API-Key', h.key)
      .set('X-Request-Id', 'trace-abc-123')
      .expect(404);
    const line = h.logs.requests().find((r) => r.requestId === 'trace-abc-123');
    expect(line).toMatchObject({
      method: 'GET',
      route: '/v1/users/{id}',
      status: 404,
      durationMs: expect.any(Number),
      principal: 'file:full',
      code: 'NOT_FOUND',
      upstreamAction: 'user/read',
      upstreamCode: 201,
    });
    expect(h.logs.requests().filter((r) => r.requestId === 'trace-abc-123')).toHaveLength(1);
  });

  it('echoes a valid X-Request-Id and replaces an unsafe one', async () => {
    const ok = await h.http.get('/healthz').set('X-Request-Id', 'abc-123');
    expect(ok.headers['x-request-id']).toBe('abc-123');
    const bad = await h.http.get('/healthz').set('X-Request-Id', 'x'.repeat(300));
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs the API key, even when it is wrong or sent in odd places', async () => {
    await h.http.get('/v1/dealer').set('Authorization', 'Bearer npg_wrong-key-that-must-not-leak');
    await h.http.get('/v1/dealer?api_key=npg_query-key-that-must-not-leak').set('X-API-Key', h.key);
    const text = h.logs.lines.join('\n');
    expect(text).not.toContain('npg_wrong-key-that-must-not-leak');
    expect(text).not.toContain('npg_query-key-that-must-not-leak');
    expect(text).not.toContain(h.key);
  });
});

describe('security headers', () => {
  it('sends a locked-down CSP, nosniff and no-referrer, and no X-Powered-By', async () => {
    const res = await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers).not.toHaveProperty('x-powered-by');
  });
});

describe('health', () => {
  it('answers /healthz without auth', async () => {
    const res = await h.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expectDocumented(res, 'get', '/healthz');
  });

  it('answers /readyz 200 when Redis answers and a session can be had', async () => {
    const res = await h.http.get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { store: 'ok', panelSession: 'ok' } });
    expectDocumented(res, 'get', '/readyz');
  });

  it('answers /readyz 503 SHUTTING_DOWN once shutdown began', async () => {
    const pool = new Pool(new URL(h.sim.url).origin);
    const draining = createGateway({
      config: h.config,
      logger: h.logs.logger,
      store: h.store,
      dispatcher: pool,
      isAccepting: () => false,
    });
    try {
      const res = await supertest(draining.app).get('/readyz').expect(503);
      expect(res.body).toMatchObject({
        code: 'SHUTTING_DOWN',
        checks: { shutdown: 'in progress' },
      });
      expectDocumented(res, 'get', '/readyz');
    } finally {
      await pool.close();
    }
  });

  it('answers /readyz 503 problem when the Panel login is refused', async () => {
    const g = await startHarness({
      name: 'ready-auth',
      simulator: h.sim,
      password: 'wrong-password-123',
    });
    try {
      const res = await g.http.get('/readyz').expect(503);
      expect(res.body).toMatchObject({
        code: 'NOT_READY',
        checks: { store: 'ok', panelSession: 'UPSTREAM_AUTH_FAILED' },
      });
      expectDocumented(res, 'get', '/readyz');
    } finally {
      await g.close();
    }
  });

  it('answers /readyz 503 when Redis does not answer', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const pool = new Pool(new URL(h.sim.url).origin);
    const broken = createGateway({
      config: h.config,
      logger: h.logs.logger,
      store: createRedisStore(dead, 'unused:'),
      dispatcher: pool,
    });
    try {
      const res = await supertest(broken.app).get('/readyz').expect(503);
      expect(res.body).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        checks: { store: 'unavailable' },
      });
    } finally {
      await pool.close();
      dead.disconnect();
    }
  });
});
