import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { uniquePrefix } from '../helpers/redis.js';

let sim: Simulator;
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  await sim.close();
});

async function harness(options: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness({ simulator: sim, ...options });
  harnesses.push(h);
  return h;
}

/** Starts `h`'s app on 127.0.0.1:0, as a deployed instance would listen. */
async function listen(h: Harness): Promise<{ pool: Pool; close: () => Promise<void> }> {
  const server: Server = createServer(h.gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    connections: 128,
  });
  return {
    pool,
    async close() {
      await pool.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('client rate limits across two gateway instances on one Redis', () => {
  it('lets exactly the limit of 200 concurrent requests through; the rest get 429 with Retry-After and the fields', async () => {
    sim.control.reset();
    const client = makeKey('exact-client', ALL_SCOPES);
    const prefix = uniquePrefix('client-rate-exact');
    // The outbound Panel limit is raised so that only the client limit refuses anything.
    const settings = { CLIENT_RATE_LIMIT: '50/1h', PANEL_RATE_LIMIT_PER_SECOND: '1000' };
    const instances = await Promise.all(
      [0, 1].map(() => harness({ name: 'client-rate-exact', prefix, keys: [client], settings })),
    );
    const servers = await Promise.all(instances.map(listen));
    try {
      // Distinct pages, so that no two requests share (coalesce) one upstream call.
      const answers = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const res = await servers[i % 2]!.pool.request({
            method: 'GET',
            path: `/v1/users?limit=1&offset=${i}`,
            headers: { 'x-api-key': client.key },
          });
          return { status: res.statusCode, headers: res.headers, body: await res.body.json() };
        }),
      );
      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(ok).toHaveLength(50);
      expect(refused).toHaveLength(150);
      expect(sim.control.calls('user/list')).toBe(50);
      const remaining = ok.map((a) => Number(/;r=(\d+);/.exec(String(a.headers.ratelimit))?.[1]));
      expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      for (const answer of ok) {
        expect(answer.headers['ratelimit-policy']).toBe('"default";q=50;w=3600');
      }
      for (const answer of refused) {
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 429, code: 'CLIENT_RATE_LIMITED' });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // All 50 counted in the client's first window: one place frees as they fade, in the next.
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(3600);
        expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(2 * 3600);
        expect(answer.headers['ratelimit-policy']).toBe('"default";q=50;w=3600');
        expect(answer.headers.ratelimit).toBe(
          `"default";r=0;t=${String(answer.headers['retry-after'])}`,
        );
      }
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  }, 60_000);
});

describe('which client rate limit applies', () => {
  const own = makeKey('own-limit', ALL_SCOPES);
  const ruled = makeKey('ruled', ['users:read', 'trackers:read']);
  const plain = makeKey('plain', ['users:read']);
  const unlimited = makeKey('unlimited', ['users:read']);
  const admin = makeKey('admin', ['gateway:admin']);
  /** Issues keys; unlimited, so the test of the admin limit leaves it usable. */
  const issuer = makeKey('issuer', ['gateway:admin', 'users:read']);
  let h: Harness;

  beforeAll(async () => {
    own.entry.rateLimit = '2/1h';
    unlimited.entry.rateLimit = 'off';
    issuer.entry.rateLimit = 'off';
    h = await harness({
      name: 'client-rate-policy',
      keys: [own, ruled, plain, unlimited, admin, issuer],
      settings: {
        CLIENT_RATE_LIMIT: '3/1h',
        CLIENT_RATE_LIMIT_RULES: 'gateway:admin=4/1h; users:read+trackers:read=5/10m',
      },
    });
  });

  const users = (key: string) => h.client(key).get('/v1/users?limit=1');

  it("applies the key's own limit before any rule, and refuses once it is used up", async () => {
    const first = await users(own.key).expect(200);
    expect(first.headers['ratelimit-policy']).toBe('"key";q=2;w=3600');
    expect(first.headers.ratelimit).toBe('"key";r=1;t=3600');
    const second = await users(own.key).expect(200);
    expect(second.headers.ratelimit).toMatch(/^"key";r=0;t=\d+$/);
    const refused = await users(own.key).expect(429);
    expect(refused.body).toMatchObject({
      type: 'urn:problem-type:navixy-gateway:client-rate-limited',
      code: 'CLIENT_RATE_LIMITED',
      status: 429,
      detail: expect.stringContaining('2 requests per 3600 s (policy "key")'),
    });
    expectDocumented(refused, 'get', '/v1/users');
    const metric = await h.gateway.metrics.registry.getSingleMetricAsString(
      'npg_client_rate_limited_total',
    );
    expect(metric).toContain('npg_client_rate_limited_total{policy="key"} 1');
  });

  it('applies the first scope rule the principal holds, then the default; a key set off is never limited', async () => {
    const ruledAnswer = await users(ruled.key).expect(200);
    expect(ruledAnswer.headers['ratelimit-policy']).toBe('"users:read+trackers:read";q=5;w=600');
    expect(ruledAnswer.headers.ratelimit).toBe('"users:read+trackers:read";r=4;t=600');

    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await users(plain.key).expect(200);
      expect(res.headers['ratelimit-policy']).toBe('"default";q=3;w=3600');
      remaining.push(String(/r=(\d+)/.exec(String(res.headers.ratelimit))?.[1]));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    await users(plain.key).expect(429);

    for (let i = 0; i < 5; i += 1) {
      const res = await users(unlimited.key).expect(200);
      expect(res.headers['ratelimit-policy']).toBeUndefined();
      expect(res.headers.ratelimit).toBeUndefined();
    }
  });

  it('counts refused scope checks, limits /admin, and leaves unauthenticated and operational requests alone', async () => {
    const denied = await h.client(admin.key).get('/v1/users').expect(403);
    expect(denied.headers.ratelimit).toBe('"gateway:admin";r=3;t=3600');
    for (let i = 0; i < 3; i += 1) await h.client(admin.key).get('/admin/keys').expect(200);
    const refused = await h.client(admin.key).get('/admin/keys').expect(429);
    expect(refused.body).toMatchObject({ code: 'CLIENT_RATE_LIMITED' });
    expect(refused.headers['ratelimit-policy']).toBe('"gateway:admin";q=4;w=3600');

    const anonymous = await h.http.get('/v1/users').expect(401);
    expect(anonymous.headers.ratelimit).toBeUndefined();
    for (const path of ['/healthz', '/openapi.yaml']) {
      const res = await h.http.get(path).set('X-API-Key', admin.key).expect(200);
      expect(res.headers.ratelimit).toBeUndefined();
    }
  });

  it('keeps a managed key\u2019s own limit in its record, lists it, and applies it', async () => {
    const created = await h
      .client(issuer.key)
      .post('/admin/keys', { name: 'managed-limited', scopes: ['users:read'], rateLimit: '1/1m' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'managed-limited', rateLimit: '1/1m' });
    const key = String(created.body.key);
    const first = await users(key).expect(200);
    expect(first.headers['ratelimit-policy']).toBe('"key";q=1;w=60');
    await users(key).expect(429);
    const listed = await h.client(issuer.key).get(`/admin/keys/${String(created.body.id)}`);
    expect(listed.body).toMatchObject({ rateLimit: '1/1m', status: 'active' });
    const rotated = await h
      .client(issuer.key)
      .post(`/admin/keys/${String(created.body.id)}/rotations`)
      .expect(201);
    expect(rotated.body).toMatchObject({ rateLimit: '1/1m' });
    // Its successor is the same client (same lineage): the place it used is still taken.
    await users(String(rotated.body.key)).expect(429);

    const bad = await h
      .client(issuer.key)
      .post('/admin/keys', { name: 'x', scopes: ['users:read'], rateLimit: '1 per day' })
      .expect(400);
    expect(bad.body).toMatchObject({ errors: [{ in: 'body', name: 'rateLimit' }] });
  });
});

describe('client rate limits on the in-memory store (the demo)', () => {
  it('counts and refuses the same way', async () => {
    const h = await harness({
      name: 'client-rate-memory',
      store: 'memory',
      settings: { CLIENT_RATE_LIMIT: '2/1m' },
    });
    const first = await h.client(h.key).get('/v1/dealer').expect(200);
    expect(first.headers.ratelimit).toBe('"default";r=1;t=60');
    await h.client(h.key).get('/v1/dealer').expect(200);
    const refused = await h.client(h.key).get('/v1/dealer').expect(429);
    expect(refused.body).toMatchObject({ code: 'CLIENT_RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
