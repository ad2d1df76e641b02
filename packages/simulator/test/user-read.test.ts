import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

interface User {
  id: number;
  login: string;
  last_name: string;
  balance: number;
  activated: boolean;
  post_city: string;
  [field: string]: unknown;
}

interface UserRead {
  value: User;
  discount?: Record<string, unknown>;
  default_tariff_id?: number;
  block_parameters?: Record<string, unknown>;
}

let simulator: Simulator;
let hash: string;
let all: User[];

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
  all = (await call(simulator, 'user/list', { hash })).body.list;
});

afterAll(async () => {
  await simulator.close();
});

const ids = (users: User[]): number[] => users.map((user) => user.id);

describe('user/read', () => {
  it('answers value with the siblings of reference §4.8', async () => {
    const answer = await call(simulator, 'user/read', { hash, user_id: 371356 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      success: true,
      value: all.find((user) => user.id === 371356),
      dealer_mfa_settings: { type: 'disallowed' },
    });
  });

  it('reports a discount and block parameters where the seed has them', async () => {
    const reads: UserRead[] = [];
    for (const id of ids(all)) {
      reads.push((await call(simulator, 'user/read', { hash, user_id: id })).body as UserRead);
    }
    const discounted = reads.find((body) => body.discount !== undefined);
    expect(discounted?.discount).toMatchObject({
      percent: expect.any(Number),
      device_limit: expect.any(Number),
    });
    const blocked = reads.filter((body) => body.block_parameters !== undefined);
    expect(blocked.map((body) => body.value.activated)).not.toContain(true);
    expect(reads.some((body) => body.default_tariff_id === 13457)).toBe(true);
  });

  it('accepts user_id as text, as form and query transports send it', async () => {
    const answer = await call(
      simulator,
      'user/read',
      { hash, user_id: '371321' },
      { transport: 'form' },
    );
    expect(answer.body.value.id).toBe(371321);
  });

  it('answers 201 Not found in database for an unknown user', async () => {
    const answer = await call(simulator, 'user/read', { hash, user_id: 1 });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(201, 'Not found in database'));
  });

  it('answers 7 for a missing or non-numeric user_id', async () => {
    const missing = await call(simulator, 'user/read', { hash });
    expect(missing.body.errors).toEqual([{ parameter: 'user_id', error: expect.any(String) }]);
    const text = await call(simulator, 'user/read', { hash, user_id: 'abc' });
    expect(text.body.errors).toEqual([{ parameter: 'user_id', error: 'Should be an integer' }]);
  });
});
