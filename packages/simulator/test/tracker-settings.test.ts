import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, plainTrackers, readTracker, startLoggedIn } from './helpers.js';
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

describe('tracker/settings/update and tracker/source/update', () => {
  it('changes label, comment and deleted; omitted fields stay', async () => {
    const id = plain()[6].id;
    await call(simulator, 'tracker/settings/update', {
      hash,
      tracker_id: id,
      label: 'Renamed',
      comment: 'Checked',
    });
    await call(
      simulator,
      'tracker/settings/update',
      { hash, tracker_id: id, deleted: true },
      { transport: 'form' },
    );
    // [SPEC]'s Tracker has no `comment`: it shows with tracker-extras older (§7).
    const published = (await read(id)).value;
    expect(published).toMatchObject({ label: 'Renamed', deleted: true });
    expect(published).not.toHaveProperty('comment');
    simulator.control.setLegacyShapes(['tracker-extras']);
    const older = (await read(id)).value;
    simulator.control.setLegacyShapes([]);
    expect(older).toMatchObject({ label: 'Renamed', comment: 'Checked', deleted: true });
  });

  it('answers 7 for a label with < or > and a long comment, 252 when corrupted', async () => {
    const bad = await call(simulator, 'tracker/settings/update', {
      hash,
      tracker_id: 3234904,
      label: '<b>',
      comment: 'x'.repeat(3001),
    });
    expect(bad.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'label',
      'comment',
    ]);
    await call(simulator, 'tracker/corrupt', { hash, tracker_id: 3234941 });
    const corrupted = await call(simulator, 'tracker/settings/update', {
      hash,
      tracker_id: 3234941,
      label: 'x',
    });
    expect(corrupted.body.status.code).toBe(252);
  });

  it('blocks a source, which its clones share; blocked may be omitted', async () => {
    expect(
      (await call(simulator, 'tracker/source/update', { hash, tracker_id: 3234924, blocked: true }))
        .body,
    ).toEqual({ success: true });
    expect((await read(3234929)).value.source.blocked).toBe(true);
    // [SPEC]: `blocked` is optional; without it nothing changes. A null answers 7.
    const missing = await call(simulator, 'tracker/source/update', { hash, tracker_id: 3234924 });
    expect(missing.body).toEqual({ success: true });
    expect((await read(3234924)).value.source.blocked).toBe(true);
    const nulled = await call(simulator, 'tracker/source/update', {
      hash,
      tracker_id: 3234924,
      blocked: null,
    });
    expect(nulled.body.errors).toEqual([{ parameter: 'blocked', error: 'Should not be null' }]);
    const readOnly = await login(simulator, READ_ONLY);
    expect(
      (
        await call(simulator, 'tracker/source/update', {
          hash: readOnly,
          tracker_id: 3234924,
          blocked: false,
        })
      ).body.status.code,
    ).toBe(13);
  });
});
