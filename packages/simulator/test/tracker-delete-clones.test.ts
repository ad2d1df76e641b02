import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, readTracker, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const read = (id: number): Promise<Json> => readTracker(simulator, hash, id);

describe('tracker/delete_clone and batch_delete_clones', () => {
  it('deletes a clone', async () => {
    expect(
      (await call(simulator, 'tracker/delete_clone', { hash, tracker_id: 3235045 })).body,
    ).toEqual({ success: true });
    expect((await read(3235045)).value.deleted).toBe(true);
  });

  it('answers 249 for a non-clone, 203 with rules or vehicles, 201 for unknown', async () => {
    const original = await call(simulator, 'tracker/delete_clone', { hash, tracker_id: 3234924 });
    expect(original.body).toEqual(navixyError(249, 'Operation available for clones only'));
    const rules = await call(simulator, 'tracker/delete_clone', { hash, tracker_id: 3234929 });
    expect(rules.body).toEqual({
      ...navixyError(203, 'Delete entity associated with'),
      rules: [10],
    });
    const vehicles = await call(simulator, 'tracker/delete_clone', { hash, tracker_id: 3234987 });
    expect(vehicles.body).toEqual({
      ...navixyError(203, 'Delete entity associated with'),
      vehicles: [501],
    });
    expect(
      (await call(simulator, 'tracker/delete_clone', { hash, tracker_id: 3 })).body.status.code,
    ).toBe(201);
  });

  it('reports partial success in the body', async () => {
    const answer = await call(simulator, 'tracker/batch_delete_clones', {
      hash,
      trackers: [3235074, 3234924, 2, 3235045],
    });
    expect(answer.body).toEqual({
      success: true,
      deleted_count: 1,
      not_deleted_count: 3,
      not_deleted_trackers: [
        { id: 3234924, error: 'Not a clone' },
        { id: 2, error: 'Entity not found' },
        { id: 3235045, error: 'Already deleted' },
      ],
    });
  });

  it('answers 7 for 501 IDs or a null, 13 without trackers: delete', async () => {
    const many = Array.from({ length: 501 }, (_, i) => i + 1);
    const big = await call(simulator, 'tracker/batch_delete_clones', { hash, trackers: many });
    expect(big.body.errors).toEqual([
      { parameter: 'trackers', error: 'Size must be between 1 and 500' },
    ]);
    const nulls = await call(simulator, 'tracker/batch_delete_clones', {
      hash,
      trackers: [3234958, null],
    });
    expect(nulls.body.status.code).toBe(7);
    const readOnly = await login(simulator, READ_ONLY);
    const denied = await call(simulator, 'tracker/batch_delete_clones', {
      hash: readOnly,
      trackers: [3234958],
    });
    expect(denied.body.status.code).toBe(13);
    const single = await call(simulator, 'tracker/delete_clone', {
      hash: readOnly,
      tracker_id: 3234958,
    });
    expect(single.body.status.code).toBe(13);
  });
});
