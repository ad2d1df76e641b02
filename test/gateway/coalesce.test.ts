import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/panel/coalesce.js';
import type { UpstreamTrace } from '../../src/observability/upstream-trace.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const USER = 371321;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'coalesce' });
  // Log in first, so the calls below overlap on their own action, not on the login.
  await h.client(h.key).get('/v1/dealer').expect(200);
});
afterEach(() => {
  h.sim.control.reset();
});
afterAll(async () => {
  await h.close();
});

/** Sends `count` requests at once while Navixy takes 200 ms per `action`, so they overlap. */
async function concurrently<T>(count: number, action: string, send: (i: number) => PromiseLike<T>) {
  h.sim.control.setLatency(200, action);
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

describe('read coalescing', () => {
  it('sends 50 concurrent identical reads to Navixy as one user/read, and answers all alike', async () => {
    const answers = await concurrently(50, 'user/read', () =>
      h.client(h.key).get(`/v1/users/${USER}`),
    );
    expect(h.sim.control.calls('user/read')).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body).toMatchObject({ id: USER });
    const logged = h.logs.requests().filter((r) => r.route === '/v1/users/{id}');
    expect(logged).toHaveLength(50);
    for (const line of logged) expect(line.upstreamAction).toBe('user/read');
  });

  it('never merges reads with different parameters', async () => {
    await concurrently(10, 'user/list', (i) =>
      h.client(h.key).get(`/v1/users?limit=1&offset=${i}`).expect(200),
    );
    expect(h.sim.control.calls('user/list')).toBe(10);
  });

  it('gives every joiner the same error when the shared call fails', async () => {
    h.sim.control.failNext(1, 201, 'user/read');
    const answers = await concurrently(20, 'user/read', () =>
      h.client(h.key).get(`/v1/users/${USER}`),
    );
    expect(h.sim.control.calls('user/read')).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    }
  });

  it('never merges concurrent writes, even identical ones', async () => {
    const panel = h.gateway.sessions.main;
    const params = { user_id: USER };
    await concurrently(5, 'user/session/create', () => panel.call('user/session/create', params));
    expect(h.sim.control.calls('user/session/create')).toBe(5);
  });

  it('records the action in each request trace, marking the calls that joined another', async () => {
    const traces: UpstreamTrace[] = [0, 1, 2].map(() => ({ arrivedAt: Date.now(), calls: [] }));
    await concurrently(3, 'user/read', (i) =>
      h.gateway.sessions.main.call('user/read', { user_id: USER }, traces[i]),
    );
    const calls = traces.flatMap((trace) => trace.calls);
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.action === 'user/read')).toBe(true);
    expect(calls.filter((call) => 'coalesced' in call)).toHaveLength(2);
  });

  it('shares nothing once the answer is in: a later identical read goes upstream again', async () => {
    await h.client(h.key).get(`/v1/users/${USER}`).expect(200);
    await h.client(h.key).get(`/v1/users/${USER}`).expect(200);
    expect(h.sim.control.calls('user/read')).toBe(2);
  });

  it('never lets a read made after a write join a read from before it', async () => {
    h.sim.control.setLatency(200, 'user/read');
    const panel = h.gateway.sessions.main;
    const params = { user_id: USER };
    const before = panel.call('user/read', params);
    await panel.call('user/session/create', params);
    const after = panel.call('user/read', params);
    await Promise.all([before, after]);
    expect(h.sim.control.calls('user/read')).toBe(2);
  });

  it('gives a client that asks for a fresh read (Cache-Control: no-cache) a call of its own', async () => {
    await concurrently(5, 'user/read', () =>
      h.client(h.key).get(`/v1/users/${USER}`).set('Cache-Control', 'no-cache').expect(200),
    );
    expect(h.sim.control.calls('user/read')).toBe(5);
  });

  it('reads afresh for a write: a PATCH never merges into a read already in flight', async () => {
    h.sim.control.setLatency(200, 'user/read');
    const read = h.client(h.key).get(`/v1/users/${USER}`);
    const patch = h.client(h.key).patch(`/v1/users/${USER}`, { phone: '999' });
    const [got, patched] = await Promise.all([read, patch]);
    expect(got.status).toBe(200);
    expect(patched.status).toBe(200);
    // The GET's read, the PATCH's own read to merge into, and its read of the result.
    expect(h.sim.control.calls('user/read')).toBe(3);
  });

  it('keys reads without parameters like any other: {} is one key', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson(Object.create(null) as object)).toBe('{}');
    expect(canonicalJson({ a: undefined })).toBe('{}');
  });

  it('keys calls by canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
