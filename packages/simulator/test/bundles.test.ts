import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, FULL_PERMISSIONS, startSimulator } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { OTHER_DEALER, READ_ONLY } from './fixtures.js';
import { call, login, navixyError } from './helpers.js';
import type { Json } from './helpers.js';

/** §3.2: `tracker_bundles: create` (for import) is in no documented permission set. */
const WAREHOUSE: SimulatorAccount = {
  login: 'warehouse',
  password: 'Ware-House-Pa55!',
  dealerId: 20410,
  permissions: { ...FULL_PERMISSIONS, tracker_bundles: ['create', 'read', 'update'] },
};

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({
    accounts: [DEFAULT_ACCOUNT, READ_ONLY, OTHER_DEALER, WAREHOUSE],
  });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

const bundles = async (): Promise<Json[]> => {
  const list: Json[] = (await call(simulator, 'tracker/bundle/list', { hash })).body.list;
  return list;
};
const bundle = async (id: number): Promise<Json> => {
  const found: unknown = (await bundles()).find((b) => b.id === id);
  return found;
};

describe('tracker/bundle/* and equipment/list', () => {
  it('lists, filters, orders and reads bundles', async () => {
    const all = await bundles();
    expect(all.map((b) => b.id as number)).toEqual([7001, 7002, 7003, 7004, 7005, 7006]);
    const filtered = await call(simulator, 'tracker/bundle/list', {
      hash,
      filter: 'qlgv300',
      order_by: 'imei',
      ascending: false,
    });
    expect(filtered.body).toMatchObject({ count: 2, list: [{ id: 7006 }, { id: 7005 }] });
    const read = await call(simulator, 'tracker/bundle/read', { hash, imei: '352091090000011' });
    expect(read.body.value).toMatchObject({
      id: 7001,
      sim_card: { iccid: '89441000000007001', registered: true },
    });
    expect(
      (await call(simulator, 'tracker/bundle/read', { hash, imei: '1' })).body.status.code,
    ).toBe(201);
  });

  it('assigns a free SIM, then un-assigns it without iccid', async () => {
    expect(
      (
        await call(simulator, 'tracker/bundle/assign', {
          hash,
          bundle_id: 7004,
          iccid: '89441000000007101',
        })
      ).body,
    ).toEqual({ success: true });
    expect(await bundle(7004)).toMatchObject({
      iccid: '89441000000007101',
      sim_card: { phone: '44770007101' },
      assign_time: expect.any(String),
    });
    await call(simulator, 'tracker/bundle/assign', { hash, bundle_id: 7004 });
    expect((await bundle(7004)).iccid).toBeUndefined();
  });

  it('answers 226, 250, 208, 223, 247 and 201 on assign', async () => {
    const assign = async (bundleId: number, iccid: string): Promise<Json> => {
      const answer = await call(simulator, 'tracker/bundle/assign', {
        hash,
        bundle_id: bundleId,
        iccid,
      });
      return answer.body as unknown;
    };
    expect(await assign(7005, '000')).toEqual(navixyError(226, 'Wrong ICCID'));
    expect((await assign(7005, '89441000000007104')).status.code).toBe(250);
    expect((await assign(7005, '89441000000007103')).status.code).toBe(208);
    expect(await assign(7005, '89441000000007001')).toEqual(
      navixyError(223, 'Phone number already in use'),
    );
    expect((await assign(7001, '89441000000007102')).status.code).toBe(247);
    expect((await assign(9999, '89441000000007102')).status.code).toBe(201);
  });

  it('attaches a bundle to an order and detaches it with null', async () => {
    await call(
      simulator,
      'tracker/bundle/order/assign',
      { hash, bundle_id: 7005, order_id: 5102 },
      { transport: 'form' },
    );
    // The order's bundles show in its older shape (§7 `order-lines`).
    simulator.control.setLegacyShapes(['order-lines']);
    const order = await call(simulator, 'order/read', { hash, order_id: 5102 });
    simulator.control.setLegacyShapes([]);
    expect(order.body.value.bundles.map((b: Json) => b.id as number)).toEqual([7003, 7005]);
    await call(simulator, 'tracker/bundle/order/assign', { hash, bundle_id: 7005, order_id: null });
    expect((await bundle(7005)).order_id).toBeUndefined();
    expect(
      (
        await call(simulator, 'tracker/bundle/order/assign', {
          hash,
          bundle_id: 7005,
          order_id: 77,
        })
      ).body.status.code,
    ).toBe(201);
  });

  it('changes the equipment of a bundle; 204 for unknown equipment', async () => {
    expect(
      (await call(simulator, 'tracker/bundle/update', { hash, bundle_id: 7006, equip_id: 11 }))
        .body,
    ).toEqual({ success: true });
    expect(await bundle(7006)).toMatchObject({ equip_id: 11, model_code: 'telfmb120' });
    const unknown = await call(simulator, 'tracker/bundle/update', {
      hash,
      bundle_id: 7006,
      equip_id: 99,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(navixyError(204, 'Entity not found'));
  });

  it('imports IMEIs as bundles with tracker_bundles: create; 247 for a known IMEI, 204, 7', async () => {
    const denied = await call(simulator, 'tracker/bundle/import', {
      hash,
      imeis: ['352091090009999'],
      equip_id: 11,
    });
    expect(denied.body).toEqual(navixyError(13, 'Operation not permitted'));
    const warehouse = await login(simulator, WAREHOUSE);
    const imported = await call(
      simulator,
      'tracker/bundle/import',
      { hash: warehouse, imeis: ['352091090009999'], equip_id: 12, factory_preset: true },
      { transport: 'form' },
    );
    expect(imported.body).toEqual({ success: true });
    const read = await call(simulator, 'tracker/bundle/read', { hash, imei: '352091090009999' });
    expect(read.body.value).toEqual({
      id: expect.any(Number),
      imei: '352091090009999',
      equip_id: 12,
      model_code: 'telfmb920',
    });
    const again = await call(simulator, 'tracker/bundle/import', {
      hash: warehouse,
      imeis: ['352091090009999'],
      equip_id: 12,
    });
    expect(again.body.status.code).toBe(247);
    expect(
      (
        await call(simulator, 'tracker/bundle/import', {
          hash: warehouse,
          imeis: ['352091090008888'],
          equip_id: 5,
        })
      ).body.status.code,
    ).toBe(204);
    const bad = await call(simulator, 'tracker/bundle/import', { hash: warehouse, imeis: ['abc'] });
    expect(bad.body.errors.map((e: Json) => e.parameter as string)).toEqual(['equip_id', 'imeis']);
  });

  it('lists the equipment catalogue', async () => {
    const answer = await call(simulator, 'equipment/list', { hash });
    expect(answer.body.list[0]).toEqual({
      equip_id: 11,
      model_name: 'Teltonika FMB120',
      model_code: 'telfmb120',
      vendor: 'Teltonika',
      name: 'FMB120',
    });
  });

  it('answers 13 for bundle changes without tracker_bundles: update', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    expect((await call(simulator, 'tracker/bundle/list', { hash: readOnly })).status).toBe(200);
    for (const action of [
      'tracker/bundle/assign',
      'tracker/bundle/order/assign',
      'tracker/bundle/update',
    ]) {
      expect(
        (await call(simulator, action, { hash: readOnly, bundle_id: 7001 })).body.status.code,
      ).toBe(13);
    }
  });
});
