import { createHmac, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../src/wiring/gateway.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { assertNoSecrets } from '../helpers/logs.js';
import { expectDocumented } from '../helpers/openapi.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';

const secret = randomBytes(32).toString('hex');
/** An administrator holding every scope, so it may grant any of them. */
const admin = makeKey('admin', [...ALL_SCOPES, 'gateway:admin']);
const prefix = uniquePrefix('managed-keys');
/** Every key issued in this file, to prove none reaches Redis or a log line. */
const issued: string[] = [];
let a: Harness;
let b: Harness;

beforeAll(async () => {
  const env = { API_KEY_HMAC_SECRET: secret };
  a = await startHarness({ name: 'managed-keys', prefix, keys: [admin], settings: env });
  b = await startHarness({
    name: 'managed-keys',
    prefix,
    keys: [admin],
    settings: env,
    simulator: a.sim,
  });
});
afterAll(async () => {
  assertNoSecrets([...a.logs.lines, ...b.logs.lines], issued);
  await b.close();
  await a.close();
});

interface Created {
  id: string;
  key: string;
  previous?: { id: string; status: string; graceUntil: string };
}

async function create(
  h: Harness,
  body: object = { name: 'app', scopes: ['base:get_dealer_info'] },
): Promise<Created> {
  const res = await h.client(admin.key).post('/admin/keys', body).expect(201);
  const created = res.body as Created;
  issued.push(created.key);
  return created;
}

const dealer = (h: Harness, key: string) => h.http.get('/v1/dealer').set('X-API-Key', key);

describe('managed API keys through /admin/keys', () => {
  it('issues a key shown once, which then works on the routes its scopes allow', async () => {
    const res = await a
      .client(admin.key)
      .post('/admin/keys', { name: 'reporting', scopes: ['base:get_dealer_info'] })
      .expect(201);
    issued.push((res.body as Created).key);
    expectDocumented(res, 'post', '/admin/keys');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'reporting',
      scopes: ['base:get_dealer_info'],
      status: 'active',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    });
    const { id, key } = res.body as Created;
    expect(key).toMatch(new RegExp(`^npg_${id}_[\\w-]{43}$`));
    await dealer(a, key).expect(200);
    await a.http.get('/v1/dealer').set('Authorization', `Bearer ${key}`).expect(200);
    const denied = await a.http.get('/v1/users').set('X-API-Key', key).expect(403);
    expect(denied.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
  });

  it('lists and reads keys without their secrets, with the last-used time', async () => {
    const { id, key } = await create(a);
    await dealer(a, key).expect(200);
    await vi.waitFor(async () => {
      const one = await a.client(admin.key).get(`/admin/keys/${id}`).expect(200);
      expect(one.body).toMatchObject({ id, lastUsedAt: expect.any(String) });
    });
    const list = await a.client(admin.key).get('/admin/keys?limit=100').expect(200);
    expectDocumented(list, 'get', '/admin/keys');
    expect(list.body).toMatchObject({ total: expect.any(Number), limit: 100, offset: 0 });
    const ids = (list.body as { items: { id: string }[] }).items.map((item) => item.id);
    expect(ids).toContain(id);
    const text = JSON.stringify(list.body);
    for (const secretKey of issued) expect(text).not.toContain(secretKey.slice(-43));
    expect(text).not.toMatch(/digest|sha256|npg_/);
    const one = await a.client(admin.key).get(`/admin/keys/${id}`);
    expectDocumented(one, 'get', '/admin/keys/{id}');
    expect(JSON.stringify(one.body)).not.toContain(key.slice(-43));
  });

  it('answers 403 without the admin scope and 401 without a key, calling nothing upstream', async () => {
    a.sim.control.resetCounters();
    const res = await a.client(a.key).get('/admin/keys').expect(403);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['gateway:admin'],
      missingScopes: ['gateway:admin'],
    });
    expectDocumented(res, 'get', '/admin/keys');
    await a
      .client(a.key)
      .post('/admin/keys', { name: 'x', scopes: ['users:read'] })
      .expect(403);
    await a.client(a.key).delete('/admin/keys/0123456789abcdef').expect(403);
    const anonymous = await a.http.post('/admin/keys').send({ name: 'x', scopes: ['users:read'] });
    expect(anonymous.status).toBe(401);
    expectDocumented(anonymous, 'post', '/admin/keys');
    expect(a.sim.control.calls()).toBe(0);
  });

  it('refuses bad input with problem+json naming each field', async () => {
    const admin_ = a.client(admin.key);
    const bad = await admin_.post('/admin/keys', { scopes: ['users'], color: 'red' }).expect(400);
    expectDocumented(bad, 'post', '/admin/keys');
    const names = (bad.body as { errors: { name: string }[] }).errors.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['name', 'scopes.0', 'color']));
    const past = await admin_
      .post('/admin/keys', { name: 'x', scopes: ['users:read'], expiresAt: '2001-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body).toMatchObject({ errors: [{ in: 'body', name: 'expiresAt' }] });
    await admin_.get('/admin/keys/not-an-id').expect(400);
    await admin_.get('/admin/keys?limit=0').expect(400);
    const missing = await admin_.delete('/admin/keys/0123456789abcdef').expect(404);
    expect(missing.body).toMatchObject({ code: 'KEY_NOT_FOUND' });
    expectDocumented(missing, 'delete', '/admin/keys/{id}');
    await a.http
      .post('/admin/keys')
      .set('X-API-Key', admin.key)
      .set('Content-Type', 'text/plain')
      .send('name=x')
      .expect(415);
    const put = await admin_.put('/admin/keys', {}).expect(405);
    expect(put.headers.allow).toBe('POST, GET, HEAD');
    const rotation = await admin_
      .post('/admin/keys/0123456789abcdef/rotations', { graceSeconds: -1 })
      .expect(400);
    expect(rotation.headers['content-type']).toContain('application/problem+json');
  });
});

describe('revocation, rotation and expiry', () => {
  it('refuses a revoked key on another instance within 5 s (pub/sub), though it had cached it', async () => {
    const { id, key } = await create(a);
    await dealer(b, key).expect(200); // instance B now holds the key in its cache
    await a.client(admin.key).delete(`/admin/keys/${id}`).expect(204);
    const started = Date.now();
    await vi.waitFor(() => dealer(b, key).expect(401), { timeout: 6_000, interval: 25 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThanOrEqual(5_000);
    // Far sooner than B's cache entry would expire: the message removed it, not the TTL.
    expect(elapsed).toBeLessThan(2_500);
    const res = await dealer(b, key);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    await dealer(a, key).expect(401);
    const record = await a.client(admin.key).get(`/admin/keys/${id}`).expect(200);
    expect(record.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
  });

  it('refuses a revoked key within the cache lifetime even when the message is lost', async () => {
    const { id, key } = await create(a);
    await dealer(b, key).expect(200);
    // Revoked in the store with no message, as if the instance missed it.
    await a.redis.hset(`${prefix}apikeys:key:${id}`, 'revokedAt', new Date().toISOString());
    const started = Date.now();
    await vi.waitFor(() => dealer(b, key).expect(401), { timeout: 7_000, interval: 100 });
    expect(Date.now() - started).toBeLessThanOrEqual(5_000 + 500);
  });

  it('keeps the old key valid beside the new one for the grace period, then refuses it', async () => {
    const old = await create(a, { name: 'mobile', scopes: ['base:get_dealer_info'] });
    await dealer(b, old.key).expect(200);
    const res = await a
      .client(admin.key)
      .post(`/admin/keys/${old.id}/rotations`, { graceSeconds: 1 })
      .expect(201);
    expectDocumented(res, 'post', '/admin/keys/{id}/rotations');
    const rotated = res.body as Created;
    issued.push(rotated.key);
    expect(res.body).toMatchObject({
      name: 'mobile',
      scopes: ['base:get_dealer_info'],
      rotatedFrom: old.id,
      status: 'active',
      previous: { id: old.id, status: 'rotating' },
    });
    const graceUntil = Date.parse(rotated.previous!.graceUntil);
    expect(graceUntil - Date.now()).toBeLessThanOrEqual(1_000);
    for (const h of [a, b]) {
      await dealer(h, old.key).expect(200);
      await dealer(h, rotated.key).expect(200);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceUntil - Date.now() + 50)));
    for (const h of [a, b]) {
      const refused = await dealer(h, old.key).expect(401);
      expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
      await dealer(h, rotated.key).expect(200);
    }
    const again = await a.client(admin.key).post(`/admin/keys/${old.id}/rotations`).expect(409);
    expect(again.body).toMatchObject({ code: 'KEY_NOT_ROTATABLE' });
  });

  it('refuses an expired key with the same answer as an unknown one', async () => {
    const expiresAt = new Date(Date.now() + 1_000).toISOString();
    const { id, key } = await create(a, {
      name: 'temp',
      scopes: ['base:get_dealer_info'],
      expiresAt,
    });
    await dealer(a, key).expect(200);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 50));
    const expired = await dealer(a, key).expect(401);
    const unknown = await dealer(a, `npg_${id.replace(/^./, 'f')}_${'A'.repeat(43)}`).expect(401);
    expect(expired.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: unknown.body.detail });
    expect(expired.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);
    const record = await a.client(admin.key).get(`/admin/keys/${id}`).expect(200);
    expect(record.body).toMatchObject({ status: 'expired', expiresAt });
  });

  it('keeps file keys working beside managed ones', async () => {
    await dealer(a, a.key).expect(200);
    await a.client(admin.key).get('/admin/keys').expect(200);
  });
});

describe('what Redis holds', () => {
  it('holds only HMAC digests: no key name or value contains any issued key', async () => {
    const { id, key } = await create(a);
    const names: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await a.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
      cursor = next;
      names.push(...batch);
    } while (cursor !== '0');
    const dump: string[] = [];
    for (const name of names) {
      const type = await a.redis.type(name);
      if (type === 'string') dump.push(name, String(await a.redis.get(name)));
      if (type === 'hash') dump.push(name, JSON.stringify(await a.redis.hgetall(name)));
      if (type === 'set') dump.push(name, ...(await a.redis.smembers(name)));
    }
    expect(names).toContain(`${prefix}apikeys:key:${id}`);
    for (const value of issued) {
      const secretPart = value.slice(-43);
      for (const text of dump) expect(text).not.toContain(secretPart);
    }
    const stored = await a.redis.hget(`${prefix}apikeys:key:${id}`, 'digest');
    expect(stored).toBe(createHmac('sha256', secret).update(key).digest('hex'));
  });
});

describe('with Redis down', () => {
  it('keeps serving a cached key and answers 503, never 401, for one it cannot check', async () => {
    const cached = await create(a);
    const unchecked = await create(a);
    const client = testRedis();
    const store = createRedisStore(client, prefix);
    const pool = new Pool(new URL(a.sim.url).origin);
    // No fresh cache at all: every request asks Redis, so the first answer below is stale-if-error.
    const managedKeys = { ...a.config.managedKeys, cacheTtlMs: 0 };
    const c = createGateway({
      config: { ...a.config, managedKeys },
      logger: a.logs.logger,
      store,
      dispatcher: pool,
    });
    try {
      await supertest(c.app).get('/v1/dealer').set('X-API-Key', cached.key).expect(200);
      client.disconnect();
      await supertest(c.app).get('/v1/dealer').set('X-API-Key', cached.key).expect(200);
      const res = await supertest(c.app).get('/v1/dealer').set('X-API-Key', unchecked.key);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: 'AUTH_UNAVAILABLE', status: 503 });
      expectDocumented(res, 'get', '/v1/dealer');
    } finally {
      await pool.close();
      await store.close();
    }
  });
});

describe('with the in-memory store', () => {
  it('issues and accepts managed keys with a per-run secret', async () => {
    const m = await startHarness({
      name: 'managed-keys-memory',
      store: 'memory',
      keys: [admin],
      settings: { API_KEY_HMAC_SECRET: '' },
    });
    try {
      const created = await create(m);
      await dealer(m, created.key).expect(200);
      await m.client(admin.key).delete(`/admin/keys/${created.id}`).expect(204);
      await dealer(m, created.key).expect(401);
    } finally {
      await m.close();
    }
  });
});
