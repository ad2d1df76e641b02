import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dealerKeys } from '../../src/panel/login-coordinator.js';
import { panelAccountId } from '../../src/wiring/gateway.js';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { dumpPrefix } from '../helpers/redis.js';
import { openStoredSession } from '../helpers/sessions.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { uniquePrefix } from '../helpers/redis.js';

let sim: Simulator;
const open: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  sim.control.reset();
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function harness(options: Partial<Parameters<typeof startHarness>[0]> = {}) {
  const h = await startHarness({ name: 'session', simulator: sim, ...options });
  open.push(h);
  return h;
}

const sessionKey = (h: Harness) =>
  h.prefix + dealerKeys(panelAccountId(sim.url, h.config.panel.login)).session;

/** The session Redis holds for the harness's account (decoded like the gateway does). */
async function storedSession(h: Harness) {
  const session = openStoredSession(
    panelAccountId(sim.url, h.config.panel.login),
    await h.redis.get(sessionKey(h)),
  );
  if (!session) throw new Error('no session stored');
  return session;
}

describe('panel session', () => {
  it('logs in once and keeps the hash in Redis with the configured TTL', async () => {
    const h = await harness({ sessionTtlSeconds: 600 });
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
    expect(sim.control.calls('account/auth')).toBe(1);
    expect(sim.control.calls('dealer/get_info')).toBe(2);

    const stored = await storedSession(h);
    expect(sim.control.sessionHashes()).toContain(stored.hash);
    // Sealed at rest: no key or value under the prefix holds the hash in clear.
    const dump = await dumpPrefix(h.redis, h.prefix);
    expect(dump).toContain(sessionKey(h));
    expect(dump).not.toContain(stored.hash);
    const ttl = await h.redis.ttl(sessionKey(h));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('logs in again transparently when the session ended: the client sees 200, exactly one extra login', async () => {
    const h = await harness();
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
    const before = await storedSession(h);
    sim.control.expireSessions();

    const res = await h.http.get('/v1/dealer').set('X-API-Key', h.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 20410 });
    expect(sim.control.calls('account/auth')).toBe(2);
    expect(sim.control.calls('dealer/get_info')).toBe(3); // first, rejected, replayed
    const after = await storedSession(h);
    expect(after.hash).not.toBe(before.hash);
  });

  it('answers 502 when the newer sessions are rejected too, after at most two re-logins', async () => {
    const h = await harness();
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
    sim.control.resetCounters();
    sim.control.failNext(3, 4, 'dealer/get_info');
    const res = await h.http.get('/v1/dealer').set('X-API-Key', h.key);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_SESSION_REJECTED', upstream: { code: 4 } });
    expect(sim.control.calls('dealer/get_info')).toBe(3);
    expect(sim.control.calls('account/auth')).toBe(2);
  });

  it('drops only the hash that failed, never a newer one another instance stored', async () => {
    const prefix = uniquePrefix('cad');
    const a = await harness({ prefix });
    const b = await harness({ prefix });
    await a.http.get('/v1/dealer').set('X-API-Key', a.key).expect(200);
    await b.http.get('/v1/dealer').set('X-API-Key', b.key).expect(200); // b reuses a's hash
    expect(sim.control.calls('account/auth')).toBe(1);

    sim.control.expireSessions();
    await a.http.get('/v1/dealer').set('X-API-Key', a.key).expect(200); // a stores a newer hash
    const newer = await a.redis.get(sessionKey(a));
    await b.http.get('/v1/dealer').set('X-API-Key', b.key).expect(200); // b's old hash fails: must not drop a's
    expect(await b.redis.get(sessionKey(b))).toBe(newer);
    expect(sim.control.calls('account/auth')).toBe(2);
  });

  it('logs in exactly once for 200 concurrent requests on an ended session through two instances', async () => {
    const prefix = uniquePrefix('storm');
    const a = await harness({ prefix });
    const b = await harness({ prefix });
    await a.http.get('/v1/dealer').set('X-API-Key', a.key).expect(200);
    await b.http.get('/v1/dealer').set('X-API-Key', b.key).expect(200);
    sim.control.expireSessions();
    sim.control.setLatency(30, 'account/auth');
    sim.control.resetCounters();

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const h = i % 2 === 0 ? a : b;
        return h.http.get('/v1/dealer').set('X-API-Key', h.key);
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(sim.control.calls('account/auth')).toBe(1);
  });

  it('answers 502 with Retry-After for wrong credentials and logs in at most once per back-off window', async () => {
    const h = await harness({
      password: 'wrong-password-123',
      backoff: { initialMs: 400, maxMs: 10_000 },
    });
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => h.http.get('/v1/dealer').set('X-API-Key', h.key)),
    );
    for (const res of burst) {
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', upstream: { code: 12 } });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(sim.control.calls('account/auth')).toBe(1);
    expect(sim.control.calls('dealer/get_info')).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 450));
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(502);
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(502);
    expect(sim.control.calls('account/auth')).toBe(2); // one per window, and the window doubled
    const failure = JSON.parse(
      (await h.redis.get(`${h.prefix}${dealerKeys(panelAccountId(sim.url, '20410')).failure}`))!,
    );
    expect(failure).toMatchObject({ failures: 2, code: 12 });
  });

  it('shares the back-off between instances through Redis', async () => {
    const prefix = uniquePrefix('backoff');
    const a = await harness({ prefix, password: 'wrong-password-123' });
    const b = await harness({ prefix, password: 'wrong-password-123' });
    await a.http.get('/v1/dealer').set('X-API-Key', a.key).expect(502);
    await b.http.get('/v1/dealer').set('X-API-Key', b.key).expect(502);
    expect(sim.control.calls('account/auth')).toBe(1);
  });
});

describe('panel session with a blocked account', () => {
  it('answers 502 UPSTREAM_AUTH_FAILED carrying Navixy code 11', async () => {
    const blocked = await startSimulator({
      accounts: [{ login: '20410', password: 'Blocked-Pa55!', dealerId: 20410, blocked: true }],
    });
    const h = await startHarness({
      name: 'blocked',
      simulator: blocked,
      password: 'Blocked-Pa55!',
    });
    try {
      const res = await h.http.get('/v1/dealer').set('X-API-Key', h.key);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', upstream: { code: 11 } });
    } finally {
      await h.close();
      await blocked.close();
    }
  });
});
