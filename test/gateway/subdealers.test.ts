import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dealerKeys } from '../../src/panel/login-coordinator.js';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';
import { expectDocumented } from '../helpers/openapi.js';

const noSubdealerScope = makeKey('users-only', ['users:read']);
let h: Harness;
let subdealerId: number;
const get = (path: string, key = h.key) => h.http.get(path).set('X-API-Key', key);

beforeAll(async () => {
  h = await startHarness({
    name: 'subdealers',
    keys: [noSubdealerScope],
  });
  const list = await get('/v1/subdealers').expect(200);
  subdealerId = list.body.items[0].id;
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const input = () => ({
  title: `Sub ${Date.now() % 100000}`,
  legalName: 'Sub Dealer Ltd',
  email: `sub.${Date.now()}@example.com`,
  country: 'Germany',
  monitoringDomain: `sub${Date.now()}.example.com`,
  contactName: 'Max Mustermann',
  password: 'Sub-Passw0rd!',
});

describe('sub-dealers', () => {
  it('lists and reads sub-dealers with plain field names', async () => {
    const list = await get('/v1/subdealers').expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expectDocumented(list, 'get', '/v1/subdealers');
    const one = await get(`/v1/subdealers/${subdealerId}`).expect(200);
    expect(one.body).toMatchObject({
      id: subdealerId,
      legalName: expect.any(String),
      blockType: expect.any(String),
    });
    expectDocumented(one, 'get', '/v1/subdealers/{id}');
  });

  it('answers 404 for an unknown sub-dealer', async () => {
    await get('/v1/subdealers/999999').expect(404);
  });
});

describe('X-Subdealer-Id', () => {
  it('serves the sub-dealer\u2019s own data through a session the gateway obtains itself', async () => {
    const own = await get('/v1/users?limit=100').expect(200);
    const res = await get('/v1/users?limit=100')
      .set('X-Subdealer-Id', String(subdealerId))
      .expect(200);
    const ownIds = new Set(own.body.items.map((u: { id: number }) => u.id));
    expect(res.body.items.some((u: { id: number }) => ownIds.has(u.id))).toBe(false);
    expect(h.sim.control.calls('subpaas/session/create')).toBe(1);
    await get('/v1/users?limit=1').set('X-Subdealer-Id', String(subdealerId)).expect(200);
    expect(h.sim.control.calls('subpaas/session/create')).toBe(1); // cached
    const key = `${h.prefix}${dealerKeys(`${h.gateway.panel.dealerId}/subpaas:${subdealerId}`).session}`;
    expect(await h.redis.exists(key)).toBe(1);
  });

  it('logs the sub-dealer in again when its session ends, invisibly to the client', async () => {
    await get('/v1/dealer').set('X-Subdealer-Id', String(subdealerId)).expect(200);
    h.sim.control.expireSessions();
    h.sim.control.resetCounters();
    const res = await get('/v1/dealer').set('X-Subdealer-Id', String(subdealerId)).expect(200);
    expect(res.body.id).not.toBe(20410);
    // Both sessions ended: the sub-dealer's login is itself refused with 4 until the dealer logs
    // in again, then replayed once; each account logs in exactly once.
    expect(h.sim.control.calls('account/auth')).toBe(1);
    expect(h.sim.control.calls('subpaas/session/create')).toBe(2);
    expect(h.sim.control.callLog().map((c) => c.action)).toEqual([
      'dealer/get_info',
      'subpaas/session/create',
      'account/auth',
      'subpaas/session/create',
      'dealer/get_info',
    ]);
    for (const hash of h.sim.control.sessionHashes())
      expect(JSON.stringify(res.body)).not.toContain(hash);
  });

  it('needs the subpaas:create scope besides the route\u2019s own', async () => {
    const res = await get('/v1/users', noSubdealerScope.key)
      .set('X-Subdealer-Id', String(subdealerId))
      .expect(403);
    expect(res.body.missingScopes).toEqual(['subpaas:create']);
    expect(h.sim.control.calls()).toBe(0);
  });

  it('rejects an id that is not a positive integer', async () => {
    const res = await get('/v1/users').set('X-Subdealer-Id', 'abc').expect(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'header', name: 'X-Subdealer-Id' });
  });

  it('answers 404 for a sub-dealer the dealer does not have', async () => {
    await get('/v1/users').set('X-Subdealer-Id', '999999').expect(404);
  });
});

describe.each(SHAPE_MODES)('Creating a sub-dealer, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('creates a sub-dealer and patches one field, keeping the others', async () => {
    const created = await h.http
      .post('/v1/subdealers')
      .set('X-API-Key', h.key)
      .send(input())
      .expect(201);
    expect(created.body).toMatchObject({
      contactName: 'Max Mustermann',
      legalName: 'Sub Dealer Ltd',
    });
    // §7 `subpaas-create-id`: without an id in the answer ([MD]) it is found in the list.
    const actions = h.sim.control.callLog().map((c) => c.action);
    expect(actions.filter((a) => a.startsWith('subpaas/'))).toEqual(
      older(legacy)
        ? ['subpaas/create', 'subpaas/list', 'subpaas/read']
        : ['subpaas/create', 'subpaas/read'],
    );
    const patched = await h.http
      .patch(`/v1/subdealers/${created.body.id}`)
      .set('X-API-Key', h.key)
      .send({ contactPhone: '4930123456' })
      .expect(200);
    expect(patched.body.blockType).toBe(created.body.blockType); // not reset to a default
    expect(patched.body).toMatchObject({
      contactPhone: '4930123456',
      contactName: 'Max Mustermann',
      legalName: 'Sub Dealer Ltd',
    });
  });
});
