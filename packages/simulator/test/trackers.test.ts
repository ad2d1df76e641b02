import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

interface Tracker {
  id: number;
  label: string;
  user_id: number;
  clone: boolean;
  deleted: boolean;
  creation_date: string;
  last_connection?: string;
  source: { id: number; device_id: string; tariff_id: number; phone?: string; model: string };
}

let simulator: Simulator;
let hash: string;
let all: Tracker[];

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
  all = (await call(simulator, 'tracker/list', { hash })).body.list;
});

afterAll(async () => {
  await simulator.close();
});

const ids = (trackers: Tracker[]): number[] => trackers.map((tracker) => tracker.id);

describe('tracker/list', () => {
  it('lists the 200 seeded trackers with clones, deleted ones and well-formed fields', () => {
    expect(all).toHaveLength(200);
    expect(all.filter((tracker) => tracker.clone).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((tracker) => tracker.deleted).length).toBeGreaterThanOrEqual(3);
    for (const tracker of all) {
      expect(tracker.creation_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (tracker.last_connection !== undefined) {
        expect(tracker.last_connection).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      }
      expect(tracker.source.device_id).toMatch(/^\d{12,15}$/);
    }
    expect(JSON.stringify(all)).not.toContain('null');
  });

  it('gives a clone the same source as another user’s tracker', () => {
    const clone = all.find((tracker) => tracker.clone)!;
    const original = all.find((t) => !t.clone && t.source.id === clone.source.id)!;
    expect(original.source).toEqual(clone.source);
    expect(original.user_id).not.toBe(clone.user_id);
  });

  it('filters by user_id', async () => {
    const owner = all[0]!.user_id;
    const answer = await call(simulator, 'tracker/list', { hash, user_id: owner });
    const expected = all.filter((tracker) => tracker.user_id === owner);
    expect(answer.body.count).toBe(expected.length);
    expect(ids(answer.body.list)).toEqual(ids(expected));
  });

  it('filters by tariff_id', async () => {
    const answer = await call(simulator, 'tracker/list', { hash, tariff_id: 12163 });
    const expected = all.filter((tracker) => tracker.source.tariff_id === 12163);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(answer.body.list)).toEqual(ids(expected));
  });

  it('excludes clones or keeps only clones with clones_filter', async () => {
    const without = await call(simulator, 'tracker/list', {
      hash,
      clones_filter: 'exclude_clones',
    });
    const only = await call(simulator, 'tracker/list', {
      hash,
      clones_filter: 'include_clones_only',
    });
    expect(ids(without.body.list)).toEqual(ids(all.filter((tracker) => !tracker.clone)));
    expect(ids(only.body.list)).toEqual(ids(all.filter((tracker) => tracker.clone)));
  });

  it('filters on the device ID and returns the tracker and its clones', async () => {
    const clone = all.find((tracker) => tracker.clone)!;
    const answer = await call(simulator, 'tracker/list', { hash, filter: clone.source.device_id });
    const expected = all.filter((t) => t.source.device_id.includes(clone.source.device_id));
    expect(answer.body.count).toBeGreaterThanOrEqual(2);
    expect(ids(answer.body.list)).toEqual(ids(expected));
  });

  it('filters labels case-insensitively', async () => {
    const answer = await call(simulator, 'tracker/list', { hash, filter: 'TRUCK' });
    const expected = all.filter((t) => t.label.toLowerCase().includes('truck'));
    expect(answer.body.count).toBe(expected.length);
  });

  it('orders by last_connection with never-connected trackers first, then pages', async () => {
    const answer = await call(simulator, 'tracker/list', {
      hash,
      order_by: 'last_connection',
      offset: 0,
      limit: 200,
    });
    const keys = answer.body.list.map((tracker: Tracker) => tracker.last_connection ?? '');
    expect(keys).toEqual([...keys].sort());
    const page = await call(simulator, 'tracker/list', {
      hash,
      order_by: 'last_connection',
      offset: 20,
      limit: 10,
    });
    expect(ids(page.body.list)).toEqual(ids(answer.body.list.slice(20, 30)));
    expect(page.body.count).toBe(200);
  });

  it('orders by id descending', async () => {
    const answer = await call(simulator, 'tracker/list', { hash, ascending: false, limit: 3 });
    expect(ids(answer.body.list)).toEqual(ids(all).reverse().slice(0, 3));
  });

  it('answers 201 for a user_id or tariff_id the dealer does not have', async () => {
    const user = await call(simulator, 'tracker/list', { hash, user_id: 12345 });
    const tariff = await call(simulator, 'tracker/list', { hash, tariff_id: 999 });
    expect(user.body).toEqual(navixyError(201, 'Not found in database'));
    expect(tariff.body).toEqual(navixyError(201, 'Not found in database'));
  });

  it('answers 7 for a non-numeric user_id; takes any clones_filter and order_by text ([SPEC])', async () => {
    const bad = await call(simulator, 'tracker/list', { hash, user_id: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ parameter: 'user_id', error: 'Should be an integer' }]);
    // [SPEC] leaves both untyped: unknown values filter nothing and keep the ID order.
    const loose = await call(simulator, 'tracker/list', {
      hash,
      clones_filter: 'everything',
      order_by: 'colour',
    });
    expect(loose.body.count).toBe(200);
    expect(loose.body.list[0].id).toBe(3234901);
  });

  it('answers 7 for an unknown clones_filter and order_by with those cases older (§7)', async () => {
    simulator.control.setLegacyShapes(['clones-filter', 'list-order-by']);
    const answer = await call(simulator, 'tracker/list', {
      hash,
      clones_filter: 'everything',
      order_by: 'colour',
    });
    const known = await call(simulator, 'tracker/list', {
      hash,
      clones_filter: 'only_include_clones',
      order_by: 'label',
    });
    simulator.control.setLegacyShapes([]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        parameter: 'order_by',
        error:
          'Should be one of [id, label, status, model, device_id, phone, creation_date, last_connection, tariff_id, business_status]',
      },
      {
        parameter: 'clones_filter',
        error:
          'Should be one of [exclude_clones, include_clones_only, only_include_clones, not_set]',
      },
    ]);
    expect(known.body.list.every((t: { clone: boolean }) => t.clone)).toBe(true);
  });
});

describe('tracker/read', () => {
  it('answers the tracker as value, identical to its list entry', async () => {
    const answer = await call(simulator, 'tracker/read', { hash, tracker_id: 3234961 });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: true, value: all.find((t) => t.id === 3234961) });
  });

  it('answers 201 Not found in database for an unknown tracker', async () => {
    const answer = await call(simulator, 'tracker/read', { hash, tracker_id: 42 });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(201, 'Not found in database'));
  });
});
