import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

let h: Harness;
const get = (path: string) => h.http.get(path).set('X-API-Key', h.key);

beforeAll(async () => {
  h = await startHarness({ name: 'resources' });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('GET /v1/dealer', () => {
  it('returns the dealer in camelCase, with no envelope, hash or upstream secret', async () => {
    const res = await get('/v1/dealer').expect(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({ id: 20410, features: expect.any(Array) });
    expect(res.body).not.toHaveProperty('success');
    expect(res.body).not.toHaveProperty('hash');
    expect(res.body).not.toHaveProperty('standaloneToken');
    expect(Object.keys(res.body).every((k) => !k.includes('_'))).toBe(true);
    expectDocumented(res, 'get', '/v1/dealer');
  });
});

describe('GET /v1/users', () => {
  it('pages with limit and offset and reports the total', async () => {
    const first = await get('/v1/users?limit=5').expect(200);
    expect(first.body).toMatchObject({ total: 50, limit: 5, offset: 0 });
    expect(first.body.items).toHaveLength(5);
    const second = await get('/v1/users?limit=5&offset=5').expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(first.body.items[0].creationDate).toMatch(isoDateTime);
    expectDocumented(first, 'get', '/v1/users');
    expect(h.sim.control.callLog().at(-1)).toMatchObject({
      action: 'user/list',
      params: { limit: 5, offset: 5, order_by: 'id', ascending: true },
    });
  });

  it('defaults to 20 items and sorts as asked', async () => {
    const res = await get('/v1/users?sort=lastName&order=desc').expect(200);
    expect(res.body.items).toHaveLength(20);
    const names = res.body.items.map((u: { lastName: string }) => u.lastName.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    expect(h.sim.control.callLog().at(-1)?.params).toMatchObject({
      order_by: 'last_name',
      ascending: false,
    });
  });

  it('passes q to Navixy as filter', async () => {
    const all = await get('/v1/users?limit=1').expect(200);
    const login: string = all.body.items[0].login;
    const res = await get(`/v1/users?q=${encodeURIComponent(login)}`).expect(200);
    expect(res.body.items.map((u: { login: string }) => u.login)).toContain(login);
    expect(res.body.total).toBeLessThan(50);
    expect(h.sim.control.callLog().at(-1)?.params).toMatchObject({ filter: login });
  });

  it('rejects bad input with 400 listing every bad field, and sends nothing upstream', async () => {
    const res = await get('/v1/users?limit=0&offset=-1&sort=password&order=up&color=red').expect(
      400,
    );
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const names = res.body.errors.map((e: { name: string }) => e.name).sort();
    expect(names).toEqual(['color', 'limit', 'offset', 'order', 'sort']);
    expect(res.body.errors.every((e: { in: string }) => e.in === 'query')).toBe(true);
    expectDocumented(res, 'get', '/v1/users');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('rejects a repeated parameter and a limit over 100', async () => {
    await get('/v1/users?limit=1&limit=2').expect(400);
    await get('/v1/users?limit=101').expect(400);
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe('GET /v1/users/{id}', () => {
  it('returns the user with discount, default plan and MFA settings', async () => {
    const list = await get('/v1/users?limit=1').expect(200);
    const id: number = list.body.items[0].id;
    const res = await get(`/v1/users/${id}`).expect(200);
    expect(res.body).toMatchObject({ id, login: list.body.items[0].login });
    expect(res.body).toHaveProperty('discount');
    expect(res.body).toHaveProperty('defaultPlanId');
    expectDocumented(res, 'get', '/v1/users/{id}');
  });

  it('answers 404 for an id Navixy does not know (its code 201)', async () => {
    const res = await get('/v1/users/999999').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    expectDocumented(res, 'get', '/v1/users/{id}');
  });

  it('rejects an id that is not a positive integer without calling upstream', async () => {
    for (const id of ['abc', '0', '-5', '1.5', '99999999999']) {
      const res = await get(`/v1/users/${id}`).expect(400);
      expect(res.body.errors[0]).toMatchObject({ in: 'path', name: 'id' });
    }
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe('GET /v1/trackers', () => {
  it('lists trackers with ISO dates and the plan naming', async () => {
    const res = await get('/v1/trackers?limit=100').expect(200);
    expect(res.body.total).toBe(200);
    expect(res.body.items).toHaveLength(100);
    const tracker = res.body.items[0];
    expect(tracker.source).toHaveProperty('planId');
    expect(tracker.source).not.toHaveProperty('tariffId');
    expect(tracker.creationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const connected = res.body.items.find(
      (t: { lastConnection: string | null }) => t.lastConnection,
    );
    expect(connected.lastConnection).toMatch(isoDateTime);
    expectDocumented(res, 'get', '/v1/trackers');
  });

  it('filters by userId', async () => {
    const all = await get('/v1/trackers?limit=1').expect(200);
    const userId: number = all.body.items[0].userId;
    const res = await get(`/v1/trackers?userId=${userId}&limit=100`).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((t: { userId: number }) => t.userId === userId)).toBe(true);
    expect(h.sim.control.callLog().at(-1)?.params).toMatchObject({ user_id: userId });
  });

  it('answers 404 for an unknown userId', async () => {
    const res = await get('/v1/trackers?userId=999999').expect(404);
    expect(res.body.upstream).toEqual({ code: 201, description: expect.any(String) });
  });
});

describe('GET /v1/trackers/{id}', () => {
  it('returns one tracker', async () => {
    const all = await get('/v1/trackers?limit=1').expect(200);
    const id: number = all.body.items[0].id;
    const res = await get(`/v1/trackers/${id}`).expect(200);
    expect(res.body).toEqual(all.body.items[0]);
    expectDocumented(res, 'get', '/v1/trackers/{id}');
  });

  it('answers 404 for an unknown tracker', async () => {
    await get('/v1/trackers/999999').expect(404);
  });
});

describe('list filters', () => {
  it('passes activeOnly to Navixy as hide_inactive', async () => {
    const all = await get('/v1/users?limit=100').expect(200);
    const active = await get('/v1/users?limit=100&activeOnly=true').expect(200);
    expect(active.body.total).toBeLessThan(all.body.total);
    expect(active.body.items.every((u: { activated: boolean }) => u.activated)).toBe(true);
    await get('/v1/users?activeOnly=yes').expect(400);
  });

  it('filters trackers by plan and by clone status', async () => {
    const clones = await get('/v1/trackers?clones=only&limit=100').expect(200);
    expect(clones.body.items.length).toBeGreaterThan(0);
    expect(clones.body.items.every((t: { clone: boolean }) => t.clone)).toBe(true);
    expect(h.sim.control.callLog().at(-1)?.params).toMatchObject({
      clones_filter: 'include_clones_only',
    });
    const planId: number = clones.body.items[0].source.planId;
    const onPlan = await get(`/v1/trackers?planId=${planId}&limit=100`).expect(200);
    expect(
      onPlan.body.items.every((t: { source: { planId: number } }) => t.source.planId === planId),
    ).toBe(true);
  });
});
