import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';

const noBundles = makeKey('no-bundles', ['users:read']);
let h: Harness;
const get = (path: string, key = h.key) => h.http.get(path).set('X-API-Key', key);
const put = (path: string, body: object) => h.http.put(path).set('X-API-Key', h.key).send(body);

beforeAll(async () => {
  h = await startHarness({
    name: 'bundles',
    keys: [noBundles],
  });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

describe('orders, bundles and equipment', () => {
  it('lists bundles and reads one by IMEI', async () => {
    const list = await get('/v1/bundles?limit=10').expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(6);
    expectDocumented(list, 'get', '/v1/bundles');
    const one = await get('/v1/bundles/by-imei/352091090000011').expect(200);
    expect(one.body).toMatchObject({ id: 7001, imei: '352091090000011' });
  });

  it('maps a blocked SIM to 403 DEVICE_BLOCKED', async () => {
    const res = await put('/v1/bundles/7005/sim', { iccid: '89441000000007103' }).expect(403);
    expect(res.body.upstream.code).toBe(208);
  });

  it('lists equipment, and needs tracker_bundles scopes', async () => {
    const res = await get('/v1/equipment').expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    await get('/v1/equipment', noBundles.key).expect(403);
    expect(h.sim.control.calls('equipment/list')).toBe(1);
  });
});

describe.each(SHAPE_MODES)('Orders, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('reads an order with its line items or its bundles, in camelCase', async () => {
    const res = await get('/v1/orders/5101').expect(200);
    // §7 `order-lines`: [SPEC] lists line items (`positions`), [MD]/[UI] the bundles.
    const lines = older(legacy) ? 'bundles' : 'positions';
    expect(res.body).toMatchObject({
      id: 5101,
      positions: expect.any(Array),
      bundles: expect.any(Array),
    });
    expect(res.body[lines].length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/"[a-z]+_[a-z_]+":/); // no snake_case keys
    expectDocumented(res, 'get', '/v1/orders/{id}');
    await get('/v1/orders/999999').expect(404);
  });
  it('puts a free SIM into a bundle and attaches it to an order', async () => {
    await put('/v1/bundles/7004/sim', { iccid: '89441000000007101' }).expect(204);
    await put('/v1/bundles/7004/order', { orderId: 5102 }).expect(204);
    const bundles = await get('/v1/bundles?limit=100').expect(200);
    expect(bundles.body.items).toContainEqual(expect.objectContaining({ id: 7004, orderId: 5102 }));
    // [MD]/[UI] orders list their bundles; [SPEC]'s list line items instead (§7).
    const order = await get('/v1/orders/5102').expect(200);
    const ids = order.body.bundles.map((b: { id: number }) => b.id);
    if (older(legacy)) expect(ids).toContain(7004);
    else expect(ids).toEqual([]);
  });
});
