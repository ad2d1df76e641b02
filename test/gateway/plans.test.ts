import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';

const readOnly = makeKey('plans-read-only', ['tariffs:read']);
let h: Harness;
const as = (key: string) => h.client(key);
let api: ReturnType<typeof as>;

beforeAll(async () => {
  h = await startHarness({
    name: 'plans',
    keys: [readOnly],
  });
  api = as(h.key);
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

let seq = 0;
const newPlan = (extra: object = {}) => ({
  name: `Plan ${Date.now()} ${seq++}`,
  type: 'monthly',
  price: 9.5,
  deviceType: 'tracker',
  groupId: 1,
  earlyChangePrice: 4,
  deviceLimit: 25,
  hasReports: true,
  storePeriod: '3m',
  features: ['api'],
  servicePrices: { incomingSms: 0.1, outgoingSms: 0.2, serviceSms: 0.1, traffic: 0.05 },
  ...extra,
});

async function createPlan(extra: object = {}) {
  const res = await api.post('/v1/plans', newPlan(extra)).expect(201);
  return res.body as { id: number; name: string };
}

const upstreamActions = () =>
  h.sim.control
    .callLog()
    .map((c) => c.action)
    .filter((action) => action !== 'account/auth');
const sent = (action: string) =>
  h.sim.control.callLog().findLast((c) => c.action === action)?.params;

describe.each(SHAPE_MODES)('GET /v1/plans, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('answers a page of plans with the wholesale prices', async () => {
    const res = await api
      .get('/v1/plans?limit=2&sort=price&order=desc&deviceType=tracker')
      .expect(200);
    expect(res.body).toMatchObject({
      limit: 2,
      offset: 0,
      items: [{ deviceType: 'tracker' }, { deviceType: 'tracker' }],
      // §7 `phone-call-price`: only the older sources price phone calls.
      wholesaleServicePrices: {
        incomingSms: 0.3,
        traffic: 0.09,
        phoneCall: older(legacy) ? 0.55 : null,
      },
    });
    expect(res.body.items[0]).toMatchObject({ id: 12163, name: 'Premium', earlyChangePrice: 23 });
    expect(res.body.items[1]).toMatchObject({
      earlyChangePrice: null,
      mapFilter: { exclusion: true, values: [] },
    });
    expectDocumented(res, 'get', '/v1/plans');
    expect(sent('tariff/list')).toMatchObject({
      limit: 2,
      order_by: 'price',
      ascending: false,
      device_type: 'tracker',
    });
  });
});

describe('GET /v1/plans', () => {
  it('refuses unknown query parameters before anything goes upstream', async () => {
    const res = await api.get('/v1/plans?deviceType=boat&colour=red').expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name).sort()).toEqual([
      'colour',
      'deviceType',
    ]);
    expect(upstreamActions()).toEqual([]);
  });
});

describe('GET /v1/plans/{id}', () => {
  it('answers one plan', async () => {
    const res = await api.get('/v1/plans/21968').expect(200);
    expect(res.body).toMatchObject({ id: 21968, name: 'Dashcam', deviceType: 'camera' });
    expectDocumented(res, 'get', '/v1/plans/{id}');
  });

  it('answers 404 NOT_FOUND for an unknown plan', async () => {
    const res = await api.get('/v1/plans/5').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    expectDocumented(res, 'get', '/v1/plans/{id}');
  });
});

describe('POST /v1/plans', () => {
  it('creates a plan, sending Navixy its tariff form, and answers it read back', async () => {
    const input = newPlan({ mapFilter: { exclusion: true, values: ['yandex'] } });
    const res = await api.post('/v1/plans', input).expect(201);
    const { servicePrices, ...rest } = input;
    expect(res.body).toMatchObject({
      ...rest,
      servicePrices: { ...servicePrices, phoneCall: null },
    });
    expectDocumented(res, 'post', '/v1/plans');
    expect(upstreamActions()).toEqual(['tariff/create', 'tariff/read']);
    expect(sent('tariff/create')).toMatchObject({
      tariff: {
        name: input.name,
        device_type: 'tracker',
        early_change_price: 4,
        map_filter: { exclusion: true, values: ['yandex'] },
        service_prices: { incoming_sms: 0.1 },
      },
    });
  });

  it('answers 409 DUPLICATE_LABEL for a name another plan has', async () => {
    const res = await api.post('/v1/plans', newPlan({ name: 'Premium' })).expect(409);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_LABEL', upstream: { code: 244 } });
    expectDocumented(res, 'post', '/v1/plans');
  });

  it('answers 400 NOT_SUPPORTED_BY_DEVICE for a daily camera plan', async () => {
    const res = await api
      .post('/v1/plans', newPlan({ type: 'activeday', deviceType: 'camera' }))
      .expect(400);
    expect(res.body).toMatchObject({ code: 'NOT_SUPPORTED_BY_DEVICE', upstream: { code: 214 } });
  });

  it('validates the body before anything goes upstream', async () => {
    const res = await api
      .post('/v1/plans', { type: 'weekly', price: -1, storePeriod: '1w', extra: true })
      .expect(400);
    const names = res.body.errors.map((e: { name: string }) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['name', 'type', 'price', 'storePeriod', 'deviceType', 'extra']),
    );
    expect(upstreamActions()).toEqual([]);
  });

  it('needs tariffs:create (403, nothing upstream)', async () => {
    const res = await as(readOnly.key).post('/v1/plans', newPlan()).expect(403);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['tariffs:create'],
    });
    expect(upstreamActions()).toEqual([]);
  });
});

describe('PUT /v1/plans/{id}', () => {
  it('replaces the plan: fields left out are reset', async () => {
    const plan = await createPlan();
    const res = await api
      .put(`/v1/plans/${plan.id}`, { name: plan.name, type: 'monthly', price: 1 })
      .expect(200);
    expect(res.body).toMatchObject({
      price: 1,
      earlyChangePrice: null,
      hasReports: false,
      features: [],
    });
    expectDocumented(res, 'put', '/v1/plans/{id}');
    expect(sent('tariff/update')).toEqual({
      tariff: { id: plan.id, name: plan.name, type: 'monthly', price: 1 },
    });
  });

  it('answers 404 for an unknown plan and refuses a device type change', async () => {
    await api.put('/v1/plans/5', { name: 'X', type: 'monthly', price: 1 }).expect(404);
    const res = await api
      .put('/v1/plans/12163', { name: 'X', type: 'monthly', price: 1, deviceType: 'camera' })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ name: 'deviceType' })]);
  });

  it('needs tariffs:update (403)', async () => {
    await as(readOnly.key)
      .put('/v1/plans/12163', { name: 'X', type: 'monthly', price: 1 })
      .expect(403);
  });
});

describe('PATCH /v1/plans/{id}', () => {
  it('changes what it names and keeps the rest', async () => {
    const plan = await createPlan();
    h.sim.control.resetCounters();
    const res = await api
      .patch(`/v1/plans/${plan.id}`, { price: 11, earlyChangePrice: null })
      .expect(200);
    expect(res.body).toMatchObject({
      name: plan.name,
      price: 11,
      earlyChangePrice: null,
      deviceLimit: 25,
      hasReports: true,
      storePeriod: '3m',
      features: ['api'],
      servicePrices: { outgoingSms: 0.2 },
    });
    expectDocumented(res, 'patch', '/v1/plans/{id}');
    expect(upstreamActions()).toEqual(['tariff/read', 'tariff/update', 'tariff/read']);
  });

  it('keeps both of two concurrent patches', async () => {
    const plan = await createPlan();
    h.sim.control.setLatency(30, 'tariff/read');
    await Promise.all([
      api.patch(`/v1/plans/${plan.id}`, { price: 42 }).expect(200),
      api.patch(`/v1/plans/${plan.id}`, { deviceLimit: 7 }).expect(200),
    ]);
    h.sim.control.setLatency(0);
    const res = await api.get(`/v1/plans/${plan.id}`).expect(200);
    expect(res.body).toMatchObject({ price: 42, deviceLimit: 7 });
  });

  it('answers 409 for a name another plan has, and 404 for an unknown plan', async () => {
    const plan = await createPlan();
    const res = await api.patch(`/v1/plans/${plan.id}`, { name: 'Standard' }).expect(409);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_LABEL' });
    await api.patch('/v1/plans/5', { price: 1 }).expect(404);
  });
});
