import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

/** [MD] account.md example permissions: read and update, no create. */
const noCreate = makeKey('codes-no-create', ['activation_code:read', 'activation_code:update']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'activation-codes', keys: [noCreate] });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const get = (path: string, key = h.key) => h.http.get(path).set('X-API-Key', key);
const post = (body: object, key = h.key) =>
  h.http.post('/v1/activation-codes').set('X-API-Key', key).send(body);
const patch = (body: object, key = h.key) =>
  h.http.patch('/v1/activation-codes').set('X-API-Key', key).send(body);
const upstreamActions = () =>
  h.sim.control
    .callLog()
    .map((c) => c.action)
    .filter((action) => action !== 'account/auth');
const sent = (action: string) =>
  h.sim.control.callLog().findLast((c) => c.action === action)?.params;

interface Code {
  code: string;
  activated: boolean;
  deviceType: string;
  planId: number;
}

describe('GET /v1/activation-codes', () => {
  it('answers a page of codes with ISO dates and null for unused devices', async () => {
    const res = await get('/v1/activation-codes?limit=100&sort=activated&order=desc').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(40);
    const [used] = res.body.items as Code[];
    expect(used).toMatchObject({
      activated: true,
      activationDate: '2020-11-12T20:00:08Z',
      deviceId: expect.any(Number),
    });
    const unused = (res.body.items as Code[]).find((c) => !c.activated);
    expect(unused).toMatchObject({ activationDate: null, deviceId: null });
    expectDocumented(res, 'get', '/v1/activation-codes');
    expect(sent('dealer/activation_code/list')).toMatchObject({
      order_by: 'activated',
      ascending: false,
    });
  });

  it('searches with q and refuses a bad sort before anything goes upstream', async () => {
    const res = await get('/v1/activation-codes?q=camera').expect(200);
    expect((res.body.items as Code[]).every((c) => c.deviceType === 'camera')).toBe(true);
    h.sim.control.resetCounters();
    await get('/v1/activation-codes?sort=deviceId').expect(400);
    expect(upstreamActions()).toEqual([]);
  });
});

describe('POST /v1/activation-codes', () => {
  it('creates codes and answers how many', async () => {
    const res = await post({ count: 2, planId: 13457, bonusAmount: 3, freeDays: 9 }).expect(201);
    expect(res.body).toEqual({ count: 2 });
    expectDocumented(res, 'post', '/v1/activation-codes');
    expect(sent('dealer/activation_code/create')).toEqual({
      count: 2,
      tariff_id: 13457,
      bonus_amount: 3,
      free_days: 9,
    });
  });

  it('answers 404 NOT_FOUND for a plan that is not the dealer\u2019s', async () => {
    const res = await post({ count: 1, planId: 5, bonusAmount: 0, freeDays: 0 }).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    expectDocumented(res, 'post', '/v1/activation-codes');
  });

  it('validates the body and the scope before anything goes upstream', async () => {
    const res = await post({ count: 0, planId: 'x' }).expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['count', 'planId', 'bonusAmount', 'freeDays']),
    );
    const denied = await post(
      { count: 1, planId: 13457, bonusAmount: 0, freeDays: 0 },
      noCreate.key,
    ).expect(403);
    expect(denied.body).toMatchObject({ missingScopes: ['activation_code:create'] });
    expect(upstreamActions()).toEqual([]);
  });
});

describe('PATCH /v1/activation-codes', () => {
  it('changes the unused codes of the plan\u2019s device type and answers how many', async () => {
    const list = await get('/v1/activation-codes?limit=100&q=tracker').expect(200);
    const codes = list.body.items as Code[];
    const unused = codes
      .filter((c) => !c.activated)
      .slice(0, 2)
      .map((c) => c.code);
    const used = codes.find((c) => c.activated)?.code ?? '';
    const res = await patch({
      codes: [...unused, used],
      planId: 12163,
      bonusAmount: 1,
      freeDays: 2,
    }).expect(200);
    expect(res.body).toEqual({ count: 2 });
    expectDocumented(res, 'patch', '/v1/activation-codes');
    expect(sent('dealer/activation_code/update')).toMatchObject({ codes: [...unused, used] });
  });

  it('answers 404 for an unknown plan; validates before anything goes upstream', async () => {
    const res = await patch({ codes: ['1'], planId: 5, bonusAmount: 0, freeDays: 0 }).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    h.sim.control.resetCounters();
    const bad = await patch({ codes: [], planId: 12163, bonusAmount: 0, freeDays: -1 }).expect(400);
    expect(bad.body.errors.map((e: { name: string }) => e.name)).toEqual(['codes', 'freeDays']);
    expect(upstreamActions()).toEqual([]);
  });
});
