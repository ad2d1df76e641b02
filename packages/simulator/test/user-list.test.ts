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

/** Reference §4.8: the fields `filter` matches. */
const SEARCHED = [
  'id',
  'login',
  'last_name',
  'first_name',
  'middle_name',
  'phone',
  'post_city',
  'post_region',
  'post_country',
  'post_index',
  'post_street_address',
  'registered_country',
  'registered_index',
  'registered_region',
  'registered_city',
  'registered_street_address',
  'tin',
  'iec',
  'legal_name',
];

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

describe('user/list', () => {
  it('lists all 50 seeded users in ID order by default, with count', async () => {
    const answer = await call(simulator, 'user/list', { hash });
    expect(answer.status).toBe(200);
    expect(answer.body.count).toBe(50);
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => a - b));
  });

  it('pages with offset and limit while count stays the total', async () => {
    const answer = await call(simulator, 'user/list', { hash, offset: 10, limit: 5 });
    expect(answer.body.count).toBe(50);
    expect(ids(answer.body.list)).toEqual(ids(all.slice(10, 15)));
  });

  it('answers an empty page past the end', async () => {
    const answer = await call(simulator, 'user/list', { hash, offset: 60, limit: 5 });
    expect(answer.body).toEqual({ success: true, list: [], count: 50 });
  });

  it('orders by balance, descending when ascending=false, ties by ID', async () => {
    const answer = await call(simulator, 'user/list', {
      hash,
      order_by: 'balance',
      ascending: false,
    });
    const expected = [...all].sort((a, b) => b.balance - a.balance || a.id - b.id);
    expect(ids(answer.body.list)).toEqual(ids(expected));
  });

  it('orders by login case-insensitively', async () => {
    const answer = await call(simulator, 'user/list', { hash, order_by: 'login' });
    const logins = answer.body.list.map((user: User) => user.login.toLowerCase());
    expect(logins).toEqual([...logins].sort());
  });

  it('filters case-insensitively on the documented fields and counts the matches', async () => {
    const city = all[0]!.post_city;
    const answer = await call(simulator, 'user/list', {
      hash,
      filter: city.toUpperCase(),
      limit: 2,
    });
    const matching = all.filter((user) =>
      SEARCHED.some((field) => String(user[field]).toLowerCase().includes(city.toLowerCase())),
    );
    expect(answer.body.count).toBe(matching.length);
    expect(ids(answer.body.list)).toEqual(ids(matching.slice(0, 2)));
  });

  it('matches the filter against the user ID', async () => {
    const answer = await call(simulator, 'user/list', { hash, filter: '371356' });
    expect(ids(answer.body.list)).toEqual([371356]);
  });

  it('ignores a filter of spaces only', async () => {
    const answer = await call(simulator, 'user/list', { hash, filter: '   ' });
    expect(answer.body.count).toBe(50);
  });

  it('hides users that are not activated when hide_inactive=true', async () => {
    const answer = await call(simulator, 'user/list', { hash, hide_inactive: true });
    const active = all.filter((user) => user.activated);
    expect(active.length).toBeLessThan(50);
    expect(answer.body.count).toBe(active.length);
    expect(ids(answer.body.list)).toEqual(ids(active));
  });

  it('keeps the ID order for an order_by it does not know ([SPEC] leaves it untyped)', async () => {
    const answer = await call(simulator, 'user/list', { hash, order_by: 'shoe_size', limit: 2 });
    expect(answer.status).toBe(200);
    expect(answer.body.list.map((u: { id: number }) => u.id)).toEqual([371321, 371322]);
  });

  it('answers 7 with the allowed values for an unknown order_by with list-order-by older', async () => {
    simulator.control.setLegacyShapes(['list-order-by']);
    const answer = await call(simulator, 'user/list', { hash, order_by: 'shoe_size' });
    simulator.control.setLegacyShapes([]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      ...navixyError(7, 'Invalid parameters'),
      errors: [
        {
          parameter: 'order_by',
          error: 'Should be one of [id, login, last_name, balance, bonus, phone, post_city]',
        },
      ],
    });
  });

  it('answers 7 naming every parameter with a bad type', async () => {
    const answer = await call(simulator, 'user/list', {
      hash,
      limit: -1,
      offset: 'abc',
      ascending: 'maybe',
    });
    expect(answer.body.status.code).toBe(7);
    expect(answer.body.errors).toEqual([
      { parameter: 'offset', error: 'Should be an integer' },
      { parameter: 'limit', error: 'Should be greater than or equal to 0' },
      { parameter: 'ascending', error: 'Should be a boolean' },
    ]);
  });

  it('omits null fields from users (reference §1.5)', () => {
    const text = JSON.stringify(all);
    expect(text).not.toContain('null');
    for (const user of all) {
      expect(user.creation_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  });
});
