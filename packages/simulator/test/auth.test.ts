import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, FULL_PERMISSIONS, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

const BLOCKED = { login: '31000', password: 'Blocked-Pa55word!', dealerId: 31000, blocked: true };

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, BLOCKED] });
});

afterAll(async () => {
  await simulator.close();
});

describe('account/auth', () => {
  it('returns a 32-hex hash and the full permission set for the right credentials', async () => {
    const answer = await call(simulator, 'account/auth', {
      login: DEFAULT_ACCOUNT.login,
      password: DEFAULT_ACCOUNT.password,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      permissions: FULL_PERMISSIONS,
    });
    expect(simulator.control.sessionHashes()).toContain(answer.body.hash);
  });

  it('issues a different hash for every login', async () => {
    const first = await login(simulator);
    const second = await login(simulator);
    expect(first).not.toBe(second);
  });

  it('answers 12 Dealer not found with HTTP 400 for a wrong password', async () => {
    const answer = await call(simulator, 'account/auth', { login: '20410', password: 'wrong' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(12, 'Dealer not found'));
  });

  it('answers 12 for an unknown login', async () => {
    const answer = await call(simulator, 'account/auth', { login: '99999', password: 'x' });
    expect(answer.body).toEqual(navixyError(12, 'Dealer not found'));
  });

  it('answers 11 Access denied with HTTP 403 for a blocked dealer', async () => {
    const answer = await call(simulator, 'account/auth', {
      login: BLOCKED.login,
      password: BLOCKED.password,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(navixyError(11, 'Access denied'));
  });

  it('answers 7 naming both parameters when login and password are missing', async () => {
    const answer = await call(simulator, 'account/auth', {});
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject(navixyError(7, 'Invalid parameters'));
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'login',
      'password',
    ]);
  });
});

describe('hash transport', () => {
  it('accepts the hash in the JSON body', async () => {
    const hash = await login(simulator);
    const answer = await call(simulator, 'account/get_permissions', { hash });
    expect(answer).toMatchObject({ status: 200, body: { success: true } });
  });

  it('accepts the hash in the query string', async () => {
    const hash = await login(simulator);
    const answer = await call(
      simulator,
      'account/get_permissions',
      { hash },
      { transport: 'query' },
    );
    expect(answer).toMatchObject({ status: 200, body: { success: true } });
  });

  it('accepts the hash in an Authorization: NVX header', async () => {
    const hash = await login(simulator);
    const answer = await call(
      simulator,
      'account/get_permissions',
      {},
      { headers: { authorization: `NVX ${hash}` } },
    );
    expect(answer.body).toEqual({ success: true, permissions: FULL_PERMISSIONS });
  });

  it('answers 3 Wrong hash when no hash is sent', async () => {
    const answer = await call(simulator, 'account/get_permissions', {});
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(3, 'Wrong hash'));
  });

  it('answers 3 for a malformed hash', async () => {
    for (const hash of ['abc', 'A'.repeat(32), 42]) {
      const answer = await call(simulator, 'user/list', { hash });
      expect(answer.body).toEqual(navixyError(3, 'Wrong hash'));
    }
  });

  it('answers 4 for a well-formed hash it never issued', async () => {
    const answer = await call(simulator, 'user/list', { hash: '0123456789abcdef0123456789abcdef' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(4, 'User or API key not found or session ended'));
  });
});

describe('account/logout', () => {
  it('ends the session: the hash answers 4 afterwards, even to a second logout', async () => {
    const hash = await login(simulator);
    expect((await call(simulator, 'account/logout', { hash })).body).toEqual({ success: true });
    const after = await call(simulator, 'user/list', { hash });
    expect(after.body.status.code).toBe(4);
    const again = await call(simulator, 'account/logout', { hash });
    expect(again.body.status.code).toBe(4);
  });

  it('leaves the other sessions of the same account alive', async () => {
    const kept = await login(simulator);
    const ended = await login(simulator);
    await call(simulator, 'account/logout', { hash: ended });
    expect((await call(simulator, 'user/list', { hash: kept, limit: 1 })).status).toBe(200);
  });
});
