import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { GOOD_PASSWORD, READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const FIELDS = {
  title: 'East Fleet',
  jur_name: 'East Fleet GmbH',
  email: 'admin@east-fleet.example.com',
  jur_country: 'Germany',
  link_monitoring: 'east-fleet.example.com',
  contact_fio: 'Max Mustermann',
};

describe('subpaas/create, update and password/change', () => {
  let created: number;

  it('creates a sub-dealer in INITIAL_BLOCK that can log in with its ID', async () => {
    const answer = await call(
      simulator,
      'subpaas/create',
      { hash, password: GOOD_PASSWORD, ...FIELDS },
      { transport: 'form' },
    );
    expect(answer.body).toEqual({ success: true, id: expect.any(Number) });
    created = answer.body.id;
    const read = await call(simulator, 'subpaas/read', { hash, subpaas_id: created });
    expect(read.body.value).toMatchObject({
      ...FIELDS,
      block_type: 'INITIAL_BLOCK',
      login: String(created),
      users_count: 0,
    });
    const own = await login(simulator, { login: String(created), password: GOOD_PASSWORD });
    const info = await call(simulator, 'dealer/get_info', { hash: own });
    expect(info.body).toMatchObject({
      id: created,
      parent_dealer_id: 20410,
      subpaas: true,
      title: 'East Fleet',
    });
  });

  it('answers 7 for a taken email or domain, a long title and a weak password', async () => {
    const answer = await call(simulator, 'subpaas/create', {
      hash,
      ...FIELDS,
      password: 'weak',
      title: 'x'.repeat(51),
      email: 'ADMIN@north-fleet.example.com',
      link_monitoring: 'north-fleet.example.com',
    });
    expect(answer.body.errors.map((e: Json) => e.parameter as string).sort()).toEqual([
      'email',
      'link_monitoring',
      'password',
      'title',
    ]);
  });

  it('replaces the profile on update: contact fields not sent are cleared', async () => {
    const answer = await call(simulator, 'subpaas/update', {
      hash,
      subpaas_id: created,
      block_type: 'INITIAL_BLOCK',
      ...FIELDS,
      title: 'East Fleet 2',
      contact_fio: undefined,
    });
    expect(answer.body).toEqual({ success: true });
    const read = await call(simulator, 'subpaas/read', { hash, subpaas_id: created });
    expect(read.body.value.title).toBe('East Fleet 2');
    expect(read.body.value.contact_fio).toBeUndefined();
  });

  it('answers 13 for DELETED and for moves out of or into INITIAL_BLOCK, 201 for unknown', async () => {
    const update = (id: number, block: string) =>
      call(simulator, 'subpaas/update', { hash, ...FIELDS, subpaas_id: id, block_type: block });
    expect((await update(created, 'NOT_BLOCKED')).body).toEqual(
      navixyError(13, 'Operation not permitted'),
    );
    expect((await update(created, 'DELETED')).body.status.code).toBe(13);
    const north = {
      ...FIELDS,
      email: 'admin@north-fleet.example.com',
      link_monitoring: 'north-fleet.example.com',
    };
    const into = await call(simulator, 'subpaas/update', {
      hash,
      ...north,
      subpaas_id: 20501,
      block_type: 'INITIAL_BLOCK',
    });
    expect(into.body.status.code).toBe(13);
    const fresh = { ...FIELDS, email: 'a@fresh.example.com', link_monitoring: 'fresh.example.com' };
    const unknown = await call(simulator, 'subpaas/update', {
      hash,
      ...fresh,
      subpaas_id: 99,
      block_type: 'NOT_BLOCKED',
    });
    expect(unknown.body.status.code).toBe(201);
  });

  it('blocks the login of a sub-dealer set to BLOCK_LOGIN', async () => {
    const blue = {
      ...FIELDS,
      email: 'admin@blue-routes.example.com',
      link_monitoring: 'blue-routes.example.com',
    };
    await call(simulator, 'subpaas/update', {
      hash,
      ...blue,
      subpaas_id: 20502,
      block_type: 'BLOCK_LOGIN',
    });
    const auth = await call(simulator, 'account/auth', {
      login: '20502',
      password: 'Blue-Routes-Pa55!',
    });
    expect(auth.body).toEqual(navixyError(11, 'Access denied'));
  });

  it('changes the password: the new one logs in, the old one no longer; 294 on reuse', async () => {
    const change = await call(simulator, 'subpaas/password/change', {
      hash,
      subpaas_id: 20501,
      new_password: ' Next-North-Pa55! ',
    });
    expect(change.body).toEqual({ success: true });
    expect(
      (await call(simulator, 'account/auth', { login: '20501', password: 'North-Fleet-Pa55!' }))
        .body.status.code,
    ).toBe(12);
    await login(simulator, { login: '20501', password: 'Next-North-Pa55!' });
    const reuse = await call(simulator, 'subpaas/password/change', {
      hash,
      subpaas_id: 20501,
      new_password: 'North-Fleet-Pa55!',
    });
    expect(reuse.body).toEqual(navixyError(294, 'Password was recently used'));
    const weak = await call(simulator, 'subpaas/password/change', {
      hash,
      subpaas_id: 20501,
      new_password: 'short',
    });
    expect(weak.body.errors).toEqual([{ parameter: 'new_password', error: expect.any(String) }]);
  });

  it('answers 13 without subpaas: create or update', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    for (const action of [
      'subpaas/create',
      'subpaas/update',
      'subpaas/password/change',
      'subpaas/session/create',
    ]) {
      expect((await call(simulator, action, { hash: readOnly })).status).toBe(403);
    }
  });
});
