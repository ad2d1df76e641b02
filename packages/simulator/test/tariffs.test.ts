import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

const READ_ONLY: SimulatorAccount = {
  login: 'plans-reader',
  password: 'Reader-Pa55word!',
  dealerId: 20410,
  permissions: { tariffs: ['read'] },
};

const OTHER_DEALER: SimulatorAccount = {
  login: '30600',
  password: 'Other-Dealer-Pa55!',
  dealerId: 30600,
};

const DRAFT = {
  name: 'Fleet Pro',
  group_id: 2,
  active: true,
  type: 'monthly',
  price: 19.9,
  early_change_price: 5,
  device_limit: 50,
  has_reports: true,
  store_period: '6m',
  proportional_charge: true,
  auto_prolong: true,
  features: ['api', 'routing'],
  map_filter: { exclusion: true, values: ['yandex'] },
  service_prices: { incoming_sms: 0.1, outgoing_sms: 0.2, service_sms: 0.1, traffic: 0.05 },
  device_type: 'tracker',
};

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, READ_ONLY, OTHER_DEALER] });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

describe('tariff/list', () => {
  it('answers the seeded plans with wholesale prices and count', async () => {
    const answer = await call(simulator, 'tariff/list', { hash, limit: 2 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      success: true,
      count: 4,
      wholesale_service_prices: { incoming_sms: 0.3, traffic: 0.09 },
    });
    expect(answer.body.list.map((p: { id: number }) => p.id)).toEqual([12163, 13457]);
  });

  it('filters by device type, text, and sorts', async () => {
    const cameras = await call(simulator, 'tariff/list', { hash, device_type: 'camera' });
    expect(cameras.body.list.map((p: { id: number }) => p.id)).toEqual([21968]);
    const byName = await call(
      simulator,
      'tariff/list',
      { hash, order_by: 'price', ascending: false, filter: 'tracker' },
      { transport: 'form' },
    );
    expect(byName.body.list[0]).toMatchObject({ id: 12163, price: 12.55 });
    expect(byName.body.count).toBe(3);
  });

  it('refuses an unknown order_by and device_type with 7', async () => {
    const answer = await call(simulator, 'tariff/list', {
      hash,
      order_by: 'colour',
      device_type: 'boat',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'order_by',
      'device_type',
    ]);
  });
});

describe('tariff/read', () => {
  it('answers a plan under value, its prices without [MD]’s phone_call', async () => {
    const answer = await call(simulator, 'tariff/read', { hash, tariff_id: 12163 });
    expect(answer.body).toMatchObject({ success: true, value: { id: 12163, name: 'Premium' } });
    expect(answer.body.value.service_prices).toEqual({
      incoming_sms: 0.3,
      outgoing_sms: 0.3,
      service_sms: 0.2,
      traffic: 0.09,
    });
  });

  it('answers phone_call too with phone-call-price older (§7)', async () => {
    simulator.control.setLegacyShapes(['phone-call-price']);
    const answer = await call(simulator, 'tariff/read', { hash, tariff_id: 12163 });
    const list = await call(simulator, 'tariff/list', { hash, limit: 1 });
    simulator.control.setLegacyShapes([]);
    expect(answer.body.value.service_prices).toMatchObject({ phone_call: 0.6 });
    expect(list.body.wholesale_service_prices).toMatchObject({ phone_call: 0.55 });
  });

  it('answers 201 for another dealer\u2019s plan', async () => {
    const other = await login(simulator, OTHER_DEALER);
    const answer = await call(simulator, 'tariff/read', { hash: other, tariff_id: 12163 });
    expect(answer.body).toEqual(navixyError(201, 'Not found in database'));
  });
});

describe('tariff/create and tariff/update', () => {
  it('creates a plan that read and list then see', async () => {
    const created = await call(simulator, 'tariff/create', { hash, tariff: DRAFT });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    expect(id).toBeGreaterThan(21968);
    const read = await call(simulator, 'tariff/read', { hash, tariff_id: id });
    expect(read.body.value).toEqual({ id, ...DRAFT });
    const tracker = await call(simulator, 'tracker/list', { hash, tariff_id: id, limit: 1 });
    expect(tracker.status).toBe(200);
  });

  it('accepts the plan JSON-encoded in a form field (§1.3)', async () => {
    const answer = await call(
      simulator,
      'tariff/create',
      { hash, tariff: { ...DRAFT, name: 'Form plan' } },
      { transport: 'form' },
    );
    expect(answer.status).toBe(200);
  });

  it('answers 244 for a duplicate name and 214 for activeday cameras', async () => {
    const duplicate = await call(simulator, 'tariff/create', {
      hash,
      tariff: { ...DRAFT, name: 'premium' },
    });
    expect(duplicate.body).toEqual(navixyError(244, 'Duplicate entity label.'));
    const camera = await call(simulator, 'tariff/create', {
      hash,
      tariff: { ...DRAFT, name: 'Cam daily', type: 'activeday', device_type: 'camera' },
    });
    expect(camera.body.status.code).toBe(214);
  });

  it('names nested problems with dotted paths', async () => {
    const answer = await call(simulator, 'tariff/create', {
      hash,
      tariff: { type: 'weekly', price: -1, service_prices: { traffic: 'x' }, device_type: 'boat' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual(
      expect.arrayContaining([
        'tariff.type',
        'tariff.price',
        'tariff.service_prices.traffic',
        'tariff.device_type',
      ]),
    );
  });

  it('creates a plan from an empty draft, as [SPEC] PlanDraft requires no field', async () => {
    const created = await call(simulator, 'tariff/create', { hash, tariff: {} });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    const read = await call(simulator, 'tariff/read', { hash, tariff_id: id });
    expect(read.body.value).toMatchObject({
      id,
      name: `Plan ${id}`,
      type: 'monthly',
      price: 0,
      device_type: 'tracker',
      map_filter: { exclusion: true, values: [] },
      service_prices: { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, traffic: 0 },
    });
  });

  it('answers 7 for a null where [SPEC] admits none, and takes a null early_change_price', async () => {
    const nulls = await call(simulator, 'tariff/create', {
      hash,
      tariff: { name: 'Nulls', price: null, active: null, early_change_price: null },
    });
    expect(nulls.body.errors).toEqual([
      { parameter: 'tariff.price', error: 'Should not be null' },
      { parameter: 'tariff.active', error: 'Should not be null' },
    ]);
    const nullable = await call(simulator, 'tariff/create', {
      hash,
      tariff: { name: 'No early change', early_change_price: null },
    });
    expect(nullable.status).toBe(200);
  });

  it('replaces the whole plan on update: omitted fields reset (§5.6)', async () => {
    const created = await call(simulator, 'tariff/create', {
      hash,
      tariff: { ...DRAFT, name: 'To replace' },
    });
    const id = created.body.id as number;
    const updated = await call(simulator, 'tariff/update', {
      hash,
      tariff: { id, name: 'Replaced', type: 'monthly', price: 3 },
    });
    expect(updated.body).toEqual({ success: true });
    const read = await call(simulator, 'tariff/read', { hash, tariff_id: id });
    expect(read.body.value).toMatchObject({
      id,
      name: 'Replaced',
      price: 3,
      device_type: 'tracker',
      has_reports: false,
      features: [],
    });
    expect(read.body.value).not.toHaveProperty('early_change_price');
    expect(read.body.value.map_filter).toEqual({ exclusion: true, values: [] });
  });

  it('answers 201 for an unknown plan and 244 for a name another plan has', async () => {
    const missing = await call(simulator, 'tariff/update', {
      hash,
      tariff: { id: 99, name: 'X', type: 'monthly', price: 1 },
    });
    expect(missing.body.status.code).toBe(201);
    const clash = await call(simulator, 'tariff/update', {
      hash,
      tariff: { id: 13457, name: 'Premium', type: 'monthly', price: 1 },
    });
    expect(clash.body.status.code).toBe(244);
    const same = await call(simulator, 'tariff/update', {
      hash,
      tariff: { id: 21968, name: 'Dashcam', type: 'activeday', price: 1 },
    });
    expect(same.body.status.code).toBe(214);
  });

  it('needs tariffs:create and tariffs:update (13)', async () => {
    const reader = await login(simulator, READ_ONLY);
    const create = await call(simulator, 'tariff/create', { hash: reader, tariff: DRAFT });
    expect(create.status).toBe(403);
    expect(create.body).toEqual(navixyError(13, 'Operation not permitted'));
    const update = await call(simulator, 'tariff/update', { hash: reader, tariff: DRAFT });
    expect(update.status).toBe(403);
  });
});
