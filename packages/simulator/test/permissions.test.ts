import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

/** A technical account of the seeded dealer that may read trackers only. */
const TRACKERS_ONLY: SimulatorAccount = {
  login: 'trackers-reader',
  password: 'Reader-Pa55word!',
  dealerId: 20410,
  permissions: { trackers: ['read'] },
};

/** Another dealer: full permissions, but none of the seeded data is its own. */
const OTHER_DEALER: SimulatorAccount = {
  login: '30500',
  password: 'Other-Dealer-Pa55!',
  dealerId: 30500,
};

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, TRACKERS_ONLY, OTHER_DEALER] });
});

afterAll(async () => {
  await simulator.close();
});

describe('permissions (reference §3.3)', () => {
  it('returns the reduced permission set on auth and get_permissions', async () => {
    const auth = await call(simulator, 'account/auth', {
      login: TRACKERS_ONLY.login,
      password: TRACKERS_ONLY.password,
    });
    expect(auth.body.permissions).toEqual({ trackers: ['read'] });
    const answer = await call(simulator, 'account/get_permissions', { hash: auth.body.hash });
    expect(answer.body).toEqual({ success: true, permissions: { trackers: ['read'] } });
  });

  it('answers 13 Operation not permitted with HTTP 403 for each action lacking its permission', async () => {
    const hash = await login(simulator, TRACKERS_ONLY);
    for (const [action, params] of [
      ['dealer/get_info', {}],
      ['user/list', {}],
      ['user/read', { user_id: 371321 }],
    ] as const) {
      const answer = await call(simulator, action, { hash, ...params });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
    }
  });

  it('runs the actions the reduced account is allowed', async () => {
    const hash = await login(simulator, TRACKERS_ONLY);
    expect((await call(simulator, 'tracker/list', { hash, limit: 1 })).status).toBe(200);
    expect((await call(simulator, 'tracker/read', { hash, tracker_id: 3234901 })).status).toBe(200);
  });

  it('checks permissions before validating parameters', async () => {
    const hash = await login(simulator, TRACKERS_ONLY);
    const answer = await call(simulator, 'user/list', { hash, order_by: 'nope' });
    expect(answer.body.status.code).toBe(13);
  });
});

describe('dealer isolation (reference §5.5)', () => {
  it('answers 201 to another dealer asking for the seeded user and tracker', async () => {
    const hash = await login(simulator, OTHER_DEALER);
    const user = await call(simulator, 'user/read', { hash, user_id: 371321 });
    const tracker = await call(simulator, 'tracker/read', { hash, tracker_id: 3234901 });
    expect(user.body).toEqual(navixyError(201, 'Not found in database'));
    expect(tracker.body).toEqual(navixyError(201, 'Not found in database'));
  });

  it('gives another dealer its own get_info and empty lists', async () => {
    const hash = await login(simulator, OTHER_DEALER);
    const info = await call(simulator, 'dealer/get_info', { hash });
    expect(info.body).toMatchObject({ success: true, id: 30500 });
    const users = await call(simulator, 'user/list', { hash });
    expect(users.body).toEqual({ success: true, list: [], count: 0 });
  });
});
