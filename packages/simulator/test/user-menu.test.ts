import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const PRESET = {
  title: 'Couriers',
  main: [
    {
      title: null,
      items: [
        {
          title: 'common.menu.tasks',
          icon: 'task',
          tabs: [{ title: 'common.menu.tasks', destination: 'tasks' }],
        },
      ],
    },
  ],
  footer: { items: [] },
};

const entry = async (id: number): Promise<Json> => {
  const list: Json[] = (await call(simulator, 'user/menu/preset/list', { hash })).body.list;
  return list.find((e) => e.preset.id === id);
};

describe('user/menu/preset/*', () => {
  it('lists the platform default and the dealer preset 346 with its users', async () => {
    const answer = await call(simulator, 'user/menu/preset/list', { hash });
    expect(answer.body.list[0]).toMatchObject({
      owner: 'platform',
      assignments: [{ type: 'default' }],
    });
    expect(answer.body.list[1]).toMatchObject({
      preset: { id: 346, title: 'User Apps', footer: { items: expect.any(Array) } },
      owner: 'dealer',
      assignments: [{ type: 'users', ids: expect.arrayContaining([371326]) }],
    });
  });

  it('creates, updates (overwrite), assigns and deletes a preset', async () => {
    const created = await call(
      simulator,
      'user/menu/preset/create',
      { hash, preset: PRESET },
      { transport: 'form' },
    );
    const id = created.body.id as number;
    expect(created.body).toEqual({ success: true, id: expect.any(Number) });
    expect((await entry(id)).preset).toEqual({
      ...PRESET,
      id,
      main: [{ items: PRESET.main[0]!.items }],
    });
    const updated = await call(simulator, 'user/menu/preset/update', {
      hash,
      preset: { id, title: 'Renamed', main: [], footer: { items: [] } },
    });
    expect(updated.body).toEqual({ success: true });
    expect((await entry(id)).preset).toEqual({
      id,
      title: 'Renamed',
      main: [],
      footer: { items: [] },
    });
    await call(simulator, 'user/menu/preset/assign', {
      hash,
      preset_id: id,
      target: { type: 'users', ids: [371321, 371322] },
    });
    expect((await entry(id)).assignments).toEqual([{ type: 'users', ids: [371321, 371322] }]);
    const user = await call(simulator, 'user/read', { hash, user_id: 371321 });
    expect(user.body.value.menu_preset_id).toBe(id);
    await call(simulator, 'user/menu/preset/assign', {
      hash,
      preset_id: id,
      target: { type: 'default' },
    });
    expect((await entry(id)).assignments).toEqual([
      { type: 'default' },
      { type: 'users', ids: [371321, 371322] },
    ]);
    expect((await entry(1)).assignments).toEqual([]);
    expect(
      (await call(simulator, 'user/menu/preset/delete', { hash, preset_id: id })).body,
    ).toEqual({ success: true });
    expect(await entry(id)).toBeUndefined();
    const after = await call(simulator, 'user/read', { hash, user_id: 371321 });
    expect(after.body.value.menu_preset_id).toBeUndefined();
  });

  it('answers 201 for unknown or platform presets, unknown destinations and unknown users', async () => {
    const notFound = navixyError(201, 'Not found in database');
    expect((await call(simulator, 'user/menu/preset/delete', { hash, preset_id: 1 })).body).toEqual(
      notFound,
    );
    expect(
      (await call(simulator, 'user/menu/preset/update', { hash, preset: { ...PRESET, id: 999 } }))
        .body,
    ).toEqual(notFound);
    const badTab = {
      ...PRESET,
      main: [{ items: [{ title: 'x', tabs: [{ title: 'x', destination: 'nowhere' }] }] }],
    };
    expect(
      (await call(simulator, 'user/menu/preset/create', { hash, preset: badTab })).body,
    ).toEqual(notFound);
    const assign = await call(simulator, 'user/menu/preset/assign', {
      hash,
      preset_id: 346,
      target: { type: 'users', ids: [7] },
    });
    expect(assign.body).toEqual(notFound);
  });

  it('answers 7 for a bad structure, a missing title and more than 10000 users', async () => {
    const bad = await call(simulator, 'user/menu/preset/create', {
      hash,
      preset: { main: {}, footer: 3 },
    });
    expect(bad.body.errors).toEqual([
      { parameter: 'preset.title', error: 'Required parameter is missing' },
      { parameter: 'preset.main', error: 'Invalid menu structure' },
      { parameter: 'preset.footer', error: 'Invalid menu structure' },
    ]);
    const ids = Array.from({ length: 10_001 }, (_, i) => i + 1);
    const many = await call(simulator, 'user/menu/preset/assign', {
      hash,
      preset_id: 346,
      target: { type: 'users', ids },
    });
    expect(many.body.errors).toEqual([
      { parameter: 'target.ids', error: 'Size must be between 0 and 10000' },
    ]);
  });

  it('lists menu items in the [SPEC] envelope', async () => {
    const answer = await call(simulator, 'user/menu/item/list', { hash });
    expect(answer.body.list).toContainEqual({
      title: 'common.menu.dashboard',
      destination: 'dashboard',
    });
  });

  it('answers 13 for changes without users: create/update/delete', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    expect((await call(simulator, 'user/menu/preset/list', { hash: readOnly })).status).toBe(200);
    for (const action of ['create', 'update', 'delete', 'assign']) {
      const answer = await call(simulator, `user/menu/preset/${action}`, { hash: readOnly });
      expect(answer.body.status.code).toBe(13);
    }
  });
});
