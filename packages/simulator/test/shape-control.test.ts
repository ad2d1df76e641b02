import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_CASES, startSimulator } from '../src/index.js';
import type { ShapeCase, Simulator } from '../src/index.js';
import { call, login, raw } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

afterAll(() => simulator.close());

/** The two shapes of `user/read`'s discount tell which mode the `discount` case is in. */
async function discountKeys(target: Simulator = simulator, token = hash): Promise<string[]> {
  const read = await call(target, 'user/read', { hash: token, user_id: 400001 });
  return Object.keys(read.body.discount as object).sort();
}

const PUBLISHED = ['device_limit', 'end_date', 'percent'];
const OLDER = ['end_date', 'min_trackers', 'strategy', 'value'];

beforeAll(async () => {
  // A user with a discount of every field, so both shapes show all their keys.
  const created = await call(simulator, 'user/create', {
    hash,
    user: {
      legal_type: 'individual',
      login: 'shapes@example.com',
      first_name: 'Mode',
      middle_name: '',
      last_name: 'Switch',
      phone: '',
      post_country: '',
      post_index: '',
      post_region: '',
      post_city: '',
      post_street_address: '',
    },
    password: 'Shapes-Pa55word!',
    locale: 'en_US',
    time_zone: 'Europe/London',
    discount: { percent: 3, end_date: '2030-01-01', device_limit: 2 },
  });
  expect(created.body).toEqual({ success: true, id: 400001 });
});

describe('choosing the answer shapes', () => {
  it('answers the published shapes by default and reports no older case', async () => {
    expect(await discountKeys()).toEqual(PUBLISHED);
    const shapes = await raw(simulator, '/__control/shapes');
    expect(shapes).toMatchObject({ status: 200, body: { legacy: [], cases: SHAPE_CASES } });
  });

  it('switches cases with control.setLegacyShapes, "all" included, and back with []', async () => {
    simulator.control.setLegacyShapes(['discount']);
    expect(await discountKeys()).toEqual(OLDER);
    expect((await raw(simulator, '/__control/shapes')).body.legacy).toEqual(['discount']);
    simulator.control.setLegacyShapes(['transaction']);
    expect(await discountKeys()).toEqual(PUBLISHED);
    simulator.control.setLegacyShapes('all');
    expect(await discountKeys()).toEqual(OLDER);
    expect((await raw(simulator, '/__control/shapes')).body.legacy).toBe('all');
    simulator.control.setLegacyShapes([]);
    expect(await discountKeys()).toEqual(PUBLISHED);
  });

  it('refuses an unknown case from code with a RangeError naming it', async () => {
    // What plain JavaScript (or a cast) can pass despite the types.
    const unknownCases = JSON.parse('["discount", "colour"]') as ShapeCase[];
    expect(() => simulator.control.setLegacyShapes(unknownCases)).toThrow(
      /unknown shape case "colour"/,
    );
    await expect(startSimulator({ legacyShapes: unknownCases })).rejects.toThrow(RangeError);
    expect((await raw(simulator, '/__control/shapes')).body.legacy).toEqual([]);
  });

  it('POST /__control/shapes replaces the choice; GET reports it', async () => {
    const set = await raw(simulator, '/__control/shapes', {
      method: 'POST',
      body: { legacy: ['discount', 'order-lines'] },
    });
    expect(set.status).toBe(204);
    expect(await discountKeys()).toEqual(OLDER);
    const order = await call(simulator, 'order/read', { hash, order_id: 5101 });
    expect(order.body.value).toHaveProperty('bundles');
    expect((await raw(simulator, '/__control/shapes')).body).toEqual({
      legacy: ['discount', 'order-lines'],
      cases: SHAPE_CASES,
    });
    await raw(simulator, '/__control/shapes', { method: 'POST', body: { legacy: 'all' } });
    expect((await raw(simulator, '/__control/shapes')).body.legacy).toBe('all');
    await raw(simulator, '/__control/shapes', { method: 'POST', body: { legacy: [] } });
    expect(await discountKeys()).toEqual(PUBLISHED);
  });

  it('answers 400 for an unknown case or a bad body, and keeps the choice', async () => {
    await raw(simulator, '/__control/shapes', { method: 'POST', body: { legacy: ['discount'] } });
    for (const body of [
      { legacy: ['discount', 'colour'] },
      { legacy: 'some' },
      {},
      { legacy: 3 },
    ]) {
      const answer = await raw(simulator, '/__control/shapes', { method: 'POST', body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual(expect.any(String));
    }
    const unknown = await raw(simulator, '/__control/shapes', {
      method: 'POST',
      body: { legacy: ['colour'] },
    });
    expect(unknown.body.error).toContain('"colour"');
    expect((await raw(simulator, '/__control/shapes')).body.legacy).toEqual(['discount']);
    await raw(simulator, '/__control/shapes', { method: 'POST', body: { legacy: [] } });
  });

  it('keeps the choice across POST /__control/reset, which clears faults only', async () => {
    simulator.control.setLegacyShapes(['discount']);
    expect((await raw(simulator, '/__control/reset', { method: 'POST' })).status).toBe(204);
    expect(await discountKeys()).toEqual(OLDER);
    simulator.control.setLegacyShapes([]);
  });
});

describe('the legacyShapes option', () => {
  it('starts a simulator with the chosen cases answered the older way', async () => {
    const older = await startSimulator({ legacyShapes: ['transaction'] });
    try {
      const token = await login(older);
      const list = await call(older, 'user/transaction/list', {
        hash: token,
        user_id: 371321,
        from: '2026-01-01 00:00:00',
        to: '2026-12-31 00:00:00',
      });
      expect(list.body.list[0]).toHaveProperty('description');
      expect(list.body.list[0]).not.toHaveProperty('text');
      expect((await raw(older, '/__control/shapes')).body.legacy).toEqual(['transaction']);
    } finally {
      await older.close();
    }
  });
});
