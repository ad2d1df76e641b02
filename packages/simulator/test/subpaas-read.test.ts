import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

describe('subpaas/list and subpaas/read', () => {
  it('lists the three seeded sub-dealers with counts from their own data', async () => {
    const answer = await call(simulator, 'subpaas/list', { hash });
    expect(answer.body.count).toBe(3);
    expect(answer.body.list[0]).toEqual({
      subpaas_id: 20501,
      title: 'North Fleet',
      jur_name: 'North Fleet Ltd.',
      login: '20501',
      creation_date: '2025-01-15',
      block_type: 'NOT_BLOCKED',
      users_count: 3,
      active_users_count: 2,
      trackers_count: 3,
      active_trackers_count: 3,
    });
    const ordered = await call(simulator, 'subpaas/list', { hash, order_by: 'title', filter: 'e' });
    expect(ordered.body.list.map((s: { title: string }) => s.title)).toEqual([
      'Blue Routes',
      'Fresh Start',
      'North Fleet',
    ]);
  });

  it('reads one with its contact fields; 201 for another dealer’s or unknown ID', async () => {
    const answer = await call(simulator, 'subpaas/read', { hash, subpaas_id: 20502 });
    expect(answer.body.value).toMatchObject({
      subpaas_id: 20502,
      block_type: 'CLIENTS_BLOCKED',
      email: 'admin@blue-routes.example.com',
      users_count: 1,
    });
    expect((await call(simulator, 'subpaas/read', { hash, subpaas_id: 20410 })).body).toEqual(
      navixyError(201, 'Not found in database'),
    );
  });

  it('answers 7 for a bad order_by and 13 without subpaas: read', async () => {
    const bad = await call(simulator, 'subpaas/list', { hash, order_by: 'email' });
    expect(bad.body.errors).toEqual([
      {
        parameter: 'order_by',
        error: 'Should be one of [subpaas_id, title, jur_name, login, block_type, creation_date]',
      },
    ]);
    const limited = await startSimulator({
      accounts: [{ ...READ_ONLY, permissions: { users: ['read'] } }],
    });
    try {
      const h = await login(limited, READ_ONLY);
      expect((await call(limited, 'subpaas/list', { hash: h })).body).toEqual(
        navixyError(13, 'Operation not permitted'),
      );
    } finally {
      await limited.close();
    }
  });
});
