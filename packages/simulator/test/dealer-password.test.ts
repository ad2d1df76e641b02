import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

const FIRST = DEFAULT_ACCOUNT.password;
const SECOND = 'Second-Pa55word!';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator();
});

afterAll(async () => {
  await simulator.close();
});

async function change(hash: string, oldPassword: string, newPassword: string) {
  return call(simulator, 'dealer/password/update', {
    hash,
    old_password: oldPassword,
    new_password: newPassword,
  });
}

describe('dealer/password/update', () => {
  it('answers 248 for a wrong old password and 245 for the same password', async () => {
    const hash = await login(simulator);
    expect((await change(hash, 'Wrong-Pa55word!', SECOND)).body).toEqual(
      navixyError(248, 'Wrong password'),
    );
    expect((await change(hash, FIRST, ` ${FIRST} `)).body).toEqual(
      navixyError(245, 'New password must be different'),
    );
  });

  it('checks the password policy and printable characters (7)', async () => {
    const hash = await login(simulator);
    const weak = await change(hash, FIRST, 'short');
    expect(weak.body.errors).toEqual([
      { parameter: 'new_password', error: 'Length should be 12..20' },
    ]);
    const missing = await call(simulator, 'dealer/password/update', { hash });
    expect(missing.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'old_password',
      'new_password',
    ]);
  });

  it('ends every session of the dealer, the caller\u2019s included, and takes the new password', async () => {
    const caller = await login(simulator);
    const other = await login(simulator);
    expect((await change(caller, FIRST, SECOND)).body).toEqual({ success: true });
    for (const hash of [caller, other]) {
      const answer = await call(simulator, 'dealer/get_info', { hash });
      expect(answer.body.status.code).toBe(4);
    }
    const old = await call(simulator, 'account/auth', { login: '20410', password: FIRST });
    expect(old.body.status.code).toBe(12);
    const fresh = await login(simulator, { login: '20410', password: SECOND });
    expect((await call(simulator, 'dealer/get_info', { hash: fresh })).status).toBe(200);
  });

  it('answers 294 for a recently used password', async () => {
    const hash = await login(simulator, { login: '20410', password: SECOND });
    expect((await change(hash, SECOND, FIRST)).body).toEqual(
      navixyError(294, 'Password was recently used'),
    );
  });

  it('needs password:update (13)', async () => {
    const sim = await startSimulator({
      accounts: [{ ...DEFAULT_ACCOUNT, permissions: { base: ['get_dealer_info'] } }],
    });
    try {
      const hash = await login(sim);
      const answer = await call(sim, 'dealer/password/update', {
        hash,
        old_password: FIRST,
        new_password: SECOND,
      });
      expect(answer.status).toBe(403);
    } finally {
      await sim.close();
    }
  });
});
