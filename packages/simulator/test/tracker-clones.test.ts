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

describe('tracker/clone', () => {
  it('clones a tracker to another user: same source, new owner, counted', async () => {
    const answer = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 371322,
      label: 'Shared bus',
    });
    expect(answer.body).toEqual({ success: true, id: expect.any(Number) });
    const clone = await read(answer.body.id);
    const original = await read(3234903);
    expect(clone.value).toMatchObject({
      clone: true,
      user_id: 371322,
      label: 'Shared bus',
      deleted: false,
    });
    expect(clone.value.source).toEqual(original.value.source);
    const user = await call(simulator, 'user/read', { hash, user_id: 371322 });
    expect(user.body.value.trackers_count).toBe(1);
  });

  it('clones to a user of a sub-dealer (cross-hierarchy, §5.11)', async () => {
    const answer = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 380001,
      label: 'To sub',
    });
    expect(answer.body.success).toBe(true);
  });

  it('answers 219, 201, 246, 247 and 7 as §4.9 lists', async () => {
    const clone = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234929,
      user_id: 371322,
      label: 'x',
    });
    expect(clone.body).toEqual(navixyError(219, 'Not allowed for clones of the device'));
    expect(clone.status).toBe(403);
    const unknown = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 7,
      user_id: 371322,
      label: 'x',
    });
    expect(unknown.body).toEqual(navixyError(201, 'Not found in database'));
    const owner = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 371326,
      label: 'x',
    });
    expect(owner.body).toEqual(navixyError(246, 'Invalid user ID'));
    const stranger = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 5,
      label: 'x',
    });
    expect(stranger.body.status.code).toBe(246);
    const again = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 371322,
      label: 'x',
    });
    expect(again.body).toEqual(navixyError(247, 'Entity already exists'));
    expect(again.status).toBe(409);
    const invalid = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234903,
      user_id: 371322,
      label: 'x'.repeat(61),
    });
    expect(invalid.body.errors).toEqual([{ parameter: 'label', error: expect.any(String) }]);
  });

  it('answers 13 without trackers: create', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'tracker/clone', {
      hash: readOnly,
      tracker_id: 3234903,
      user_id: 371322,
      label: 'x',
    });
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});

describe('tracker/batch_clone', () => {
  it('clones several trackers keeping their labels, one outcome object each ([SPEC])', async () => {
    const answer = await call(
      simulator,
      'tracker/batch_clone',
      { hash, user_id: 371334, tracker_ids: [3234904, 3234906] },
      { transport: 'form' },
    );
    expect(answer.body).toEqual({
      success: true,
      list: [
        { tracker_id: 3234904, id: expect.any(Number) },
        { tracker_id: 3234906, id: expect.any(Number) },
      ],
    });
    const first = await read(answer.body.list[0].id);
    expect(first.value).toMatchObject({
      clone: true,
      user_id: 371334,
      label: (await read(3234904)).value.label,
    });
  });

  it('lists the clone IDs with batch-clone-list older ([MD], §7)', async () => {
    simulator.control.setLegacyShapes(['batch-clone-list']);
    const answer = await call(simulator, 'tracker/batch_clone', {
      hash,
      user_id: 371335,
      tracker_ids: [3234904],
    });
    simulator.control.setLegacyShapes([]);
    expect(answer.body).toEqual({ success: true, list: [expect.any(Number)] });
    expect((await read(answer.body.list[0])).value).toMatchObject({ clone: true, user_id: 371335 });
  });

  it('answers 247 with the conflicting trackers, or skips them with ignore_existing', async () => {
    const conflict = await call(simulator, 'tracker/batch_clone', {
      hash,
      user_id: 371334,
      tracker_ids: [3234904, 3234907],
    });
    expect(conflict.body).toEqual({
      ...navixyError(247, 'Entity already exists'),
      list: [3234904],
    });
    const ignored = await call(simulator, 'tracker/batch_clone', {
      hash,
      user_id: 371334,
      tracker_ids: [3234904, 3234907],
      ignore_existing: true,
    });
    expect(ignored.body).toEqual({
      success: true,
      list: [{ tracker_id: 3234907, id: expect.any(Number) }],
      ignored_trackers: [3234904],
    });
  });

  it('answers 217 for an unknown tracker, 219 for a clone, 7 for 0 or 1001 IDs', async () => {
    const unknown = await call(simulator, 'tracker/batch_clone', {
      hash,
      user_id: 371339,
      tracker_ids: [3234908, 1],
    });
    expect(unknown.body).toEqual(navixyError(217, 'List contains nonexistent entities'));
    const clone = await call(simulator, 'tracker/batch_clone', {
      hash,
      user_id: 371339,
      tracker_ids: [3234929],
    });
    expect(clone.body.status.code).toBe(219);
    for (const ids of [[], Array.from({ length: 1001 }, (_, i) => 3234901 + (i % 200))]) {
      const answer = await call(simulator, 'tracker/batch_clone', {
        hash,
        user_id: 371339,
        tracker_ids: ids,
      });
      expect(answer.body.errors).toEqual([
        { parameter: 'tracker_ids', error: 'Size must be between 1 and 1000' },
      ]);
    }
  });
});
