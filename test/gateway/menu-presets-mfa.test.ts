import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';
import { expectDocumented } from '../helpers/openapi.js';

let h: Harness;
const send = (method: 'post' | 'put' | 'delete', path: string, body?: object) =>
  h.http[method](path).set('X-API-Key', h.key).send(body);
const get = (path: string) => h.http.get(path).set('X-API-Key', h.key);

beforeAll(async () => {
  h = await startHarness({ name: 'menu-mfa' });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const preset = (title: string) => ({
  title,
  main: [
    {
      title: null,
      items: [
        {
          title: 'common.menu.dashboard',
          tabs: [{ title: 'common.menu.dashboard', destination: 'dashboard' }],
        },
      ],
    },
  ],
  footer: { title: null, items: [] },
});

describe('menu presets', () => {
  it('validates the preset structure before calling Navixy', async () => {
    const res = await send('post', '/v1/menu-presets', { title: '', main: 'x' }).expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name).sort()).toEqual([
      'footer',
      'main',
      'title',
    ]);
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe('MFA settings', () => {
  it('sets and reads the default, and sets it for selected users', async () => {
    await send('put', '/v1/mfa-settings/default', {
      settings: { type: 'allowed', factorTypes: ['email'] },
    }).expect(204);
    const res = await get('/v1/mfa-settings/default').expect(200);
    expect(res.body).toEqual({ settings: { type: 'allowed', factorTypes: ['email'] } });
    expectDocumented(res, 'get', '/v1/mfa-settings/default');
    const users = await get('/v1/users?limit=1').expect(200);
    await send('put', '/v1/mfa-settings', {
      target: { type: 'selected', userIds: [users.body.items[0].id] },
      settings: { type: 'disallowed' },
    }).expect(204);
    expect(h.sim.control.callLog().at(-1)?.params).toMatchObject({
      target: { type: 'selected' },
      settings: { type: 'disallowed' },
    });
  });

  it('refuses more than 100 selected users', async () => {
    const userIds = Array.from({ length: 101 }, (_, i) => i + 1);
    await send('put', '/v1/mfa-settings', {
      target: { type: 'selected', userIds },
      settings: { type: 'disallowed' },
    }).expect(400);
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe.each(SHAPE_MODES)('Menu items and presets, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('lists the destinations, and creates, replaces, assigns and deletes a preset', async () => {
    const items = await get('/v1/menu-items').expect(200);
    expect(items.body.items).toContainEqual(expect.objectContaining({ destination: 'dashboard' }));
    expectDocumented(items, 'get', '/v1/menu-items');
    // §7 `menu-items`: where Navixy has no user/menu/item/list (112), [MD]'s older path.
    const called = h.sim.control.callLog().map((c) => c.action);
    expect(called.filter((a) => a !== 'account/auth')).toEqual(
      older(legacy)
        ? ['user/menu/item/list', 'user/menu/preset/items/list']
        : ['user/menu/item/list'],
    );
    const created = await send('post', '/v1/menu-presets', preset('Field team')).expect(201);
    expect(created.body).toMatchObject({ title: 'Field team', owner: 'dealer' });
    expectDocumented(created, 'post', '/v1/menu-presets');
    const id: number = created.body.id;
    const replaced = await send('put', `/v1/menu-presets/${id}`, preset('Field team 2')).expect(
      200,
    );
    expect(replaced.body.title).toBe('Field team 2');
    const users = await get('/v1/users?limit=2').expect(200);
    const userIds = users.body.items.map((u: { id: number }) => u.id);
    await send('put', `/v1/menu-presets/${id}/assignment`, { type: 'users', userIds }).expect(204);
    const list = await get('/v1/menu-presets').expect(200);
    expect(list.body.items.find((p: { id: number }) => p.id === id).assignments).toEqual([
      { type: 'users', userIds },
    ]);
    expectDocumented(list, 'get', '/v1/menu-presets');
    await send('delete', `/v1/menu-presets/${id}`).expect(204);
    await send('put', `/v1/menu-presets/${id}`, preset('gone')).expect(404);
  });
  it('answers the footer as one group, however Navixy describes it', async () => {
    const item = {
      title: 'common.menu.feedback',
      tabs: [{ title: 'common.menu.feedback', destination: 'feedback' }],
    };
    const footer = { title: null, items: [item] };
    const created = await send('post', '/v1/menu-presets', {
      ...preset('With footer'),
      footer,
    }).expect(201);
    // §7 `preset-footer`: [SPEC] one group, [MD] an array of items (an untitled group here).
    expect(created.body.footer).toEqual(footer);
    expectDocumented(created, 'post', '/v1/menu-presets');
    await send('delete', `/v1/menu-presets/${created.body.id}`).expect(204);
  });
});
