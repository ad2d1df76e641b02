import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { GOOD_PASSWORD, READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

describe('user/change_password', () => {
  it('accepts a policy-compliant password, then 294 for the same one again', async () => {
    const params = { hash, user_id: 371321, password: GOOD_PASSWORD };
    expect((await call(simulator, 'user/change_password', params)).body).toEqual({ success: true });
    const again = await call(simulator, 'user/change_password', params);
    expect(again.body).toEqual(navixyError(294, 'Password was recently used'));
  });

  it('answers 7 for a weak password or new_password instead of password, 201 for a stranger', async () => {
    const weak = await call(simulator, 'user/change_password', {
      hash,
      user_id: 371321,
      password: 'alllowercase',
    });
    expect(weak.body.errors).toEqual([{ parameter: 'password', error: expect.any(String) }]);
    const renamed = await call(simulator, 'user/change_password', {
      hash,
      user_id: 371321,
      new_password: GOOD_PASSWORD,
    });
    expect(renamed.body.errors).toEqual([
      { parameter: 'password', error: 'Required parameter is missing' },
    ]);
    const stranger = await call(simulator, 'user/change_password', {
      hash,
      user_id: 1,
      password: GOOD_PASSWORD,
    });
    expect(stranger.body).toEqual(navixyError(201, 'Not found in database'));
  });
});

describe('user/corrupt', () => {
  it('answers 7 when login does not confirm the user', async () => {
    const answer = await call(simulator, 'user/corrupt', {
      hash,
      user_id: 371347,
      login: 'someone@else',
    });
    expect(answer.body.errors).toEqual([{ parameter: 'login', error: expect.any(String) }]);
  });

  it('answers 253 with the clone IDs when corrupt_clones is false', async () => {
    const user = (await call(simulator, 'user/read', { hash, user_id: 371347 })).body.value;
    const answer = await call(simulator, 'user/corrupt', {
      hash,
      user_id: 371347,
      login: user.login,
      corrupt_clones: false,
    });
    expect(answer.body).toEqual({
      ...navixyError(253, 'Device has clones'),
      list: [3234958, 3235016],
    });
  });

  it('removes the user and deletes and corrupts its trackers and their clones', async () => {
    const user = (await call(simulator, 'user/read', { hash, user_id: 371347 })).body.value;
    const answer = await call(simulator, 'user/corrupt', {
      hash,
      user_id: 371347,
      login: user.login,
    });
    expect(answer.body).toEqual({ success: true });
    const read = await call(simulator, 'user/read', { hash, user_id: 371347 });
    expect(read.body).toEqual(navixyError(201, 'Not found in database'));
    for (const id of [3234915, 3235016]) {
      const listed = await call(simulator, 'tracker/list', { hash, filter: String(id) });
      expect(listed.body.list).toEqual([
        expect.objectContaining({
          id,
          deleted: true,
          source: expect.objectContaining({ device_id: expect.stringMatching(/^corrupted_/) }),
        }),
      ]);
      const read = await call(simulator, 'tracker/read', { hash, tracker_id: id });
      expect(read.body).toEqual(navixyError(252, 'Device already corrupted'));
    }
  });

  it('answers 13 without users: corrupt', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'user/corrupt', { hash: readOnly, user_id: 371321 });
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});

describe('user/session/create', () => {
  it('answers a user-API hash the panel does not accept', async () => {
    const answer = await call(simulator, 'user/session/create', { hash, user_id: 371321 });
    expect(answer.body).toEqual({ success: true, hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const panel = await call(simulator, 'dealer/get_info', { hash: answer.body.hash });
    expect(panel.body.status.code).toBe(4);
  });

  it('answers 201 for an unknown user and 7 without user_id', async () => {
    const missing = await call(simulator, 'user/session/create', { hash, user_id: 5 });
    expect(missing.body).toEqual(navixyError(201, 'Not found in database'));
    const invalid = await call(simulator, 'user/session/create', { hash });
    expect(invalid.body.errors).toEqual([
      { parameter: 'user_id', error: 'Required parameter is missing' },
    ]);
  });

  it('answers 13 without user_sessions: create', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'user/session/create', {
      hash: readOnly,
      user_id: 371321,
    });
    expect(answer.status).toBe(403);
  });
});
