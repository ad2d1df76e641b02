import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

const subSession = async (id = 20501): Promise<string> =>
  (await call(simulator, 'subpaas/session/create', { hash, subpaas_id: id })).body.hash as string;

describe('subpaas/session/create', () => {
  it('answers a panel hash that works on the sub-dealer’s own data', async () => {
    const sub = await subSession();
    expect(sub).toMatch(/^[0-9a-f]{32}$/);
    const info = await call(simulator, 'dealer/get_info', { hash: sub });
    expect(info.body).toMatchObject({ id: 20501, subpaas: true, parent_dealer_id: 20410 });
    const users = await call(simulator, 'user/list', { hash: sub });
    expect(users.body.list.map((u: Json) => u.id as number)).toEqual([380001, 380002, 380003]);
    const trackers = await call(simulator, 'tracker/list', { hash: sub });
    expect(trackers.body.count).toBe(3);
    expect(
      (await call(simulator, 'user/read', { hash: sub, user_id: 371321 })).body.status.code,
    ).toBe(201);
    const permissions = await call(simulator, 'account/get_permissions', { hash: sub });
    expect(permissions.body.permissions.users).toContain('create');
  });

  it('sees what the master panel cloned to one of its users', async () => {
    const clone = await call(simulator, 'tracker/clone', {
      hash,
      tracker_id: 3234904,
      user_id: 380002,
      label: 'Loaned',
    });
    const sub = await subSession();
    const read = await call(simulator, 'tracker/read', { hash: sub, tracker_id: clone.body.id });
    expect(read.body.value).toMatchObject({ clone: true, user_id: 380002, dealer_id: 20501 });
  });

  it('answers 221 when the sub-dealer’s one-device plan is below the owner’s trackers', async () => {
    const sub = await subSession();
    const answer = await call(simulator, 'tracker/tariff/change', {
      hash: sub,
      tracker_id: 3300001,
      tariff_id: 205012,
      repay: false,
      charge: false,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(navixyError(221, 'Device limit exceeded'));
  });

  it('answers 13 to the sub-dealer for sub-dealer actions: its plan allows no sub-PaaS', async () => {
    const sub = await subSession();
    expect((await call(simulator, 'subpaas/list', { hash: sub })).body).toEqual(
      navixyError(13, 'Operation not permitted'),
    );
  });

  it('ends like any session: logout, or expiry', async () => {
    const first = await subSession();
    await call(simulator, 'account/logout', { hash: first });
    expect((await call(simulator, 'user/list', { hash: first })).body.status.code).toBe(4);
    const second = await subSession();
    simulator.control.expireSessions();
    expect((await call(simulator, 'user/list', { hash: second })).body.status.code).toBe(4);
    hash = await login(simulator);
  });

  it('answers 13 for a sub-dealer that is not NOT_BLOCKED, 201 for an unknown one, 7 without id', async () => {
    expect(
      (await call(simulator, 'subpaas/session/create', { hash, subpaas_id: 20502 })).body.status
        .code,
    ).toBe(13);
    expect(
      (await call(simulator, 'subpaas/session/create', { hash, subpaas_id: 20503 })).body.status
        .code,
    ).toBe(13);
    expect(
      (await call(simulator, 'subpaas/session/create', { hash, subpaas_id: 1 })).body.status.code,
    ).toBe(201);
    const missing = await call(simulator, 'subpaas/session/create', { hash });
    expect(missing.body.errors).toEqual([
      { parameter: 'subpaas_id', error: 'Required parameter is missing' },
    ]);
  });
});
