import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { GOOD_PASSWORD, READ_ONLY, individualForm } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const ALLOWED = { type: 'allowed', factor_types: ['email'] };

describe('user/mfa/settings/*', () => {
  it('allows MFA to selected users, which user/read reports', async () => {
    const answer = await call(simulator, 'user/mfa/settings/update', {
      hash,
      target: { type: 'selected', ids: [371321, 371322] },
      settings: ALLOWED,
    });
    expect(answer.body).toEqual({ success: true });
    const read = await call(simulator, 'user/read', { hash, user_id: 371322 });
    expect(read.body.value.mfa_allowed).toBe(true);
  });

  it('applies to all users with target all', async () => {
    await call(simulator, 'user/mfa/settings/update', {
      hash,
      target: { type: 'all' },
      settings: { type: 'disallowed' },
    });
    const list = await call(simulator, 'user/list', { hash });
    expect(list.body.list.every((u: { mfa_allowed: boolean }) => !u.mfa_allowed)).toBe(true);
  });

  it('reads and updates the dealer default, which user/read and new users follow', async () => {
    const initial = await call(simulator, 'user/mfa/settings/default/read', { hash });
    expect(initial.body).toEqual({ success: true, value: { type: 'disallowed' } });
    const update = await call(
      simulator,
      'user/mfa/settings/default/update',
      { hash, settings: ALLOWED },
      { transport: 'form' },
    );
    expect(update.body).toEqual({ success: true });
    expect((await call(simulator, 'user/mfa/settings/default/read', { hash })).body.value).toEqual(
      ALLOWED,
    );
    expect(
      (await call(simulator, 'user/read', { hash, user_id: 371321 })).body.dealer_mfa_settings,
    ).toEqual(ALLOWED);
    const created = await call(simulator, 'user/create', {
      hash,
      user: individualForm('mfa@example.com'),
      password: GOOD_PASSWORD,
      locale: 'en',
      time_zone: 'UTC',
    });
    const read = await call(simulator, 'user/read', { hash, user_id: created.body.id });
    expect(read.body.value.mfa_allowed).toBe(true);
  });

  it('answers 7 for 0 or 101 selected IDs and empty factor_types, 201 for unknown users', async () => {
    const none = await call(simulator, 'user/mfa/settings/update', {
      hash,
      target: { type: 'selected', ids: [] },
      settings: { type: 'allowed', factor_types: [] },
    });
    expect(none.body.errors).toEqual([
      { parameter: 'target.ids', error: 'Size must be between 1 and 100' },
      { parameter: 'settings.factor_types', error: 'Size must be at least 1' },
    ]);
    const many = Array.from({ length: 101 }, (_, i) => 371321 + (i % 50));
    const tooMany = await call(simulator, 'user/mfa/settings/update', {
      hash,
      target: { type: 'selected', ids: many },
      settings: ALLOWED,
    });
    expect(tooMany.body.errors[0].parameter).toBe('target.ids');
    const unknown = await call(simulator, 'user/mfa/settings/update', {
      hash,
      target: { type: 'selected', ids: [3] },
      settings: ALLOWED,
    });
    expect(unknown.body).toEqual(navixyError(201, 'Not found in database'));
  });

  it('answers 13 for updates without users: update', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    expect(
      (await call(simulator, 'user/mfa/settings/default/read', { hash: readOnly })).status,
    ).toBe(200);
    const denied = await call(simulator, 'user/mfa/settings/default/update', {
      hash: readOnly,
      settings: ALLOWED,
    });
    expect(denied.body.status.code).toBe(13);
    const update = await call(simulator, 'user/mfa/settings/update', { hash: readOnly });
    expect(update.body.status.code).toBe(13);
  });
});
