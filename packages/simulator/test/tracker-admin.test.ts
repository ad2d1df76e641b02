import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, plainTrackers, readTracker, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;
let all: Json[];

beforeAll(async () => {
  ({ simulator, hash } = await startLoggedIn());
  all = (await call(simulator, 'tracker/list', { hash })).body.list;
});
afterAll(() => simulator.close());

const read = (id: number): Promise<Json> => readTracker(simulator, hash, id);

const plain = (): Json[] => plainTrackers(all);

describe('tracker/corrupt', () => {
  it('answers 253 with the clones when corrupt_clones is false, then corrupts both', async () => {
    const kept = await call(simulator, 'tracker/corrupt', {
      hash,
      tracker_id: 3234941,
      corrupt_clones: false,
    });
    expect(kept.body).toEqual({ ...navixyError(253, 'Device has clones'), list: [3234987] });
    expect((await call(simulator, 'tracker/corrupt', { hash, tracker_id: 3234941 })).body).toEqual({
      success: true,
    });
    const listed = async () =>
      (await call(simulator, 'tracker/list', { hash, filter: '32349' })).body.list as Record<
        string,
        Json
      >[];
    const list = await listed();
    // [SPEC] has no `source.corrupted`: the corrupted device ID and the deletion show it.
    for (const id of [3234941, 3234987]) {
      const tracker = list.find((t) => t.id === id);
      expect(tracker).toMatchObject({ deleted: true, source: { device_id: /^corrupted_/ } });
      expect(tracker?.source).not.toHaveProperty('corrupted');
      expect(tracker?.source.phone).toBeUndefined();
    }
    simulator.control.setLegacyShapes(['tracker-extras']);
    const older = await listed();
    simulator.control.setLegacyShapes([]);
    for (const id of [3234941, 3234987]) {
      expect(older.find((t) => t.id === id)).toMatchObject({ source: { corrupted: true } });
    }
  });

  it('answers 252 the second time, 219 for a clone, 201 for unknown, 13 without trackers: corrupt', async () => {
    const again = await call(simulator, 'tracker/corrupt', { hash, tracker_id: 3234941 });
    expect(again.body).toEqual(navixyError(252, 'Device already corrupted'));
    expect(
      (await call(simulator, 'tracker/corrupt', { hash, tracker_id: 3235074 })).body.status.code,
    ).toBe(219);
    expect(
      (await call(simulator, 'tracker/corrupt', { hash, tracker_id: 11 })).body.status.code,
    ).toBe(201);
    const readOnly = await login(simulator, READ_ONLY);
    expect(
      (await call(simulator, 'tracker/corrupt', { hash: readOnly, tracker_id: 3234903 })).status,
    ).toBe(403);
  });
});

describe('tracker/move', () => {
  it('moves a tracker to another user under a NEW id ([SPEC], §5.7)', async () => {
    const answer = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3234903,
      user_id: 371342,
    });
    expect(answer.body).toEqual({ success: true, id: expect.any(Number) });
    expect(answer.body.id).not.toBe(3234903);
    expect((await read(3234903)).status.code).toBe(201);
    expect((await read(answer.body.id)).value).toMatchObject({ user_id: 371342, clone: false });
    expect(
      (await call(simulator, 'user/read', { hash, user_id: 371342 })).body.value.trackers_count,
    ).toBe(1);
  });

  it('keeps the tracker ID and answers success alone with tracker-move-id older (§7)', async () => {
    simulator.control.setLegacyShapes(['tracker-move-id']);
    const answer = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3234905,
      user_id: 371343,
    });
    simulator.control.setLegacyShapes([]);
    expect(answer.body).toEqual({ success: true });
    expect((await read(3234905)).value).toMatchObject({ id: 3234905, user_id: 371343 });
    const ids = (await call(simulator, 'tracker/list', { hash })).body.list.map(
      (t: Json) => t.id as number,
    );
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('answers 219, 246, 247, 252 and 13', async () => {
    const clone = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3235074,
      user_id: 371342,
    });
    expect(clone.body.status.code).toBe(219);
    const same = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3235020,
      user_id: 371367,
    });
    expect(same.body).toEqual(navixyError(246, 'Invalid user ID'));
    const hasClone = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3235020,
      user_id: 371348,
    });
    expect(hasClone.body.status.code).toBe(247);
    const corrupted = await call(simulator, 'tracker/move', {
      hash,
      tracker_id: 3234941,
      user_id: 371342,
    });
    expect(corrupted.body.status.code).toBe(252);
    const noDelete = await startSimulator({
      accounts: [{ ...READ_ONLY, permissions: { trackers: ['read', 'create'] } }],
    });
    try {
      const h = await login(noDelete, READ_ONLY);
      expect(
        (await call(noDelete, 'tracker/move', { hash: h, tracker_id: 3234904, user_id: 371342 }))
          .body.status.code,
      ).toBe(13);
    } finally {
      await noDelete.close();
    }
  });
});

describe('tracker/register_retry', () => {
  it('accepts once, then 264 within 120 s', async () => {
    const id = plain()[5].id;
    expect(
      (await call(simulator, 'tracker/register_retry', { hash, tracker_id: id })).body,
    ).toEqual({ success: true });
    const again = await call(simulator, 'tracker/register_retry', {
      hash,
      tracker_id: id,
      send_register_commands: true,
    });
    expect(again.status).toBe(403);
    expect(again.body).toEqual(navixyError(264, 'Timeout not reached'));
  });

  it('answers 214 for a phone app, 208 for a blocked device, 219 for a clone, 7 for a bad flag', async () => {
    expect(
      (await call(simulator, 'tracker/register_retry', { hash, tracker_id: 3234901 })).body.status
        .code,
    ).toBe(214);
    const blocked = plain()[7].id;
    await call(simulator, 'tracker/source/update', { hash, tracker_id: blocked, blocked: true });
    const answer = await call(simulator, 'tracker/register_retry', { hash, tracker_id: blocked });
    expect(answer.body).toEqual(navixyError(208, 'Device blocked'));
    expect(
      (await call(simulator, 'tracker/register_retry', { hash, tracker_id: 3235074 })).body.status
        .code,
    ).toBe(219);
    const bad = await call(simulator, 'tracker/register_retry', {
      hash,
      tracker_id: 3234904,
      send_register_commands: 'yes',
    });
    expect(bad.body.errors).toEqual([
      { parameter: 'send_register_commands', error: 'Should be a boolean' },
    ]);
  });
});
