import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login } from './helpers.js';

let first: Simulator;
let second: Simulator;

beforeAll(async () => {
  [first, second] = await Promise.all([startSimulator(), startSimulator()]);
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
});

async function snapshot(simulator: Simulator): Promise<unknown[]> {
  const hash = await login(simulator);
  const bodies: unknown[] = [];
  for (const [action, params] of [
    ['dealer/get_info', {}],
    ['user/list', {}],
    ['tracker/list', {}],
    ['user/read', { user_id: 371340 }],
    ['tracker/read', { tracker_id: 3235000 }],
  ] as const) {
    bodies.push((await call(simulator, action, { hash, ...params })).body);
  }
  return bodies;
}

describe('seeded data', () => {
  it('is identical in two simulators', async () => {
    const [a, b] = await Promise.all([snapshot(first), snapshot(second)]);
    expect(a).toEqual(b);
  });

  it('has 50 users with consecutive IDs and 200 trackers spread over them', async () => {
    const hash = await login(first);
    const users = (await call(first, 'user/list', { hash })).body.list as { id: number }[];
    const trackers = (await call(first, 'tracker/list', { hash })).body.list as {
      id: number;
      user_id: number;
    }[];
    expect(users.map((user) => user.id)).toEqual(Array.from({ length: 50 }, (_, i) => 371321 + i));
    expect(trackers.map((t) => t.id)).toEqual(Array.from({ length: 200 }, (_, i) => 3234901 + i));
    const owners = new Set(trackers.map((tracker) => tracker.user_id));
    expect(owners.size).toBeGreaterThan(30);
    for (const owner of owners) expect(users.some((user) => user.id === owner)).toBe(true);
  });

  it('reports trackers_count as the number of not-deleted trackers each user owns', async () => {
    const hash = await login(first);
    const users = (await call(first, 'user/list', { hash })).body.list;
    const trackers = (await call(first, 'tracker/list', { hash })).body.list;
    for (const user of users) {
      const owned = trackers.filter(
        (t: { user_id: number; deleted: boolean }) => t.user_id === user.id && !t.deleted,
      );
      expect(user.trackers_count).toBe(owned.length);
    }
  });
});
