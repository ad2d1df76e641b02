import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { PANEL_ACTIONS } from '../../src/panel/actions.js';
import { readFileSync } from 'node:fs';
import { renewedBy, tagsOf } from '../../src/panel/cache-rules.js';
import { readCacheTables } from '../../tools/docs/cache-table.js';
import { startCachePair, type Harness } from '../helpers/harness.js';
import { uniquePrefix } from '../helpers/redis.js';

/**
 * Every write route, through one instance, makes the reads it changes fresh on another: after
 * the write a read through the other instance answers `Age: 0` although the clock moved on
 * since that instance cached the answer, so it was fetched after the write.
 */
const USER = 371321;
let sim: Simulator;
let a: Harness;
let b: Harness;
let clock = Date.parse('2026-01-01T00:00:00Z');
const ids = { tracker: 0, subdealer: 0, plan: 0 };
let seq = 0;

beforeAll(async () => {
  sim = await startSimulator();
  const prefix = uniquePrefix('read-cache-inv');
  const settings = { READ_CACHE: 'on' };
  const options = {
    name: 'read-cache-inv',
    simulator: sim,
    prefix,
    settings,
    cacheNow: () => clock,
  };
  [a, b] = await startCachePair(options);
  const first = async (path: string) =>
    ((await b.client(b.key).get(path).expect(200)).body as { items: { id: number }[] }).items[0]!
      .id;
  ids.tracker = await first('/v1/trackers');
  ids.subdealer = await first('/v1/subdealers');
  ids.plan = await first('/v1/plans');
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await sim.close();
});

type Write = [method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: object];
const unique = () => `${Date.now()}-${seq++}`;

const ROWS: { write: () => Write; reads: () => string[] }[] = [
  {
    write: () => ['patch', `/v1/users/${USER}`, { comment: unique() }],
    reads: () => [`/v1/users/${USER}`, '/v1/users'],
  },
  {
    write: () => ['put', `/v1/users/${USER}/password`, { password: 'An0ther-Passw0rd!' }],
    reads: () => [`/v1/users/${USER}`],
  },
  {
    write: () => [
      'post',
      '/v1/users',
      {
        login: `cache.${unique()}@example.com`,
        legalType: 'individual',
        firstName: 'Ada',
        lastName: 'Lovelace',
        password: 'Str0ng-Passw0rd!',
        timeZone: 'Europe/London',
      },
    ],
    reads: () => ['/v1/users'],
  },
  {
    write: () => ['patch', `/v1/plans/${ids.plan}`, { price: 42 + seq++ }],
    reads: () => [`/v1/plans/${ids.plan}`, '/v1/plans'],
  },
  {
    write: () => [
      'post',
      '/v1/plans',
      {
        name: `Plan ${unique()}`,
        type: 'monthly',
        price: 9.5,
        deviceType: 'tracker',
        groupId: 1,
        storePeriod: '3m',
      },
    ],
    reads: () => ['/v1/plans'],
  },
  {
    write: () => ['patch', '/v1/plans/defaults', { tracker: { freeDays: 1 + (seq++ % 20) } }],
    reads: () => ['/v1/plans/defaults'],
  },
  {
    write: () => ['patch', `/v1/trackers/${ids.tracker}`, { blocked: seq++ % 2 === 0 }],
    reads: () => [`/v1/trackers/${ids.tracker}`, '/v1/trackers'],
  },
  {
    write: () => ['patch', `/v1/subdealers/${ids.subdealer}`, { contactPhone: '4930123456' }],
    reads: () => [`/v1/subdealers/${ids.subdealer}`, '/v1/subdealers'],
  },
];

describe('invalidation by the gateway\u2019s writes, across instances', () => {
  const nameOf = ([method, path]: Write) =>
    `${method.toUpperCase()} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
  it.each(ROWS.map((row) => [nameOf(row.write()), row] as const))(
    '%s: the next read through another instance is fresh',
    async (_name, row) => {
      const reads = row.reads();
      for (const path of reads) await b.client(b.key).get(path).expect(200);
      clock += 1_000;
      for (const path of reads) {
        expect((await b.client(b.key).get(path).expect(200)).headers.age).toBe('1');
      }
      const [method, path, body] = row.write();
      const written = await a.client(a.key)[method](path, body as object);
      expect(written.status).toBeLessThan(300);
      for (const read of reads) {
        const res = await b.client(b.key).get(read).expect(200);
        expect({ read, age: res.headers.age }).toEqual({ read, age: '0' });
      }
      clock += 100_000;
    },
  );
});

describe('the catalog\u2019s invalidation declarations', () => {
  const actions = Object.values(PANEL_ACTIONS);

  it('has every write declare what it invalidates, and only writes', () => {
    for (const action of actions) {
      expect({ action: action.path, declared: action.invalidates !== undefined }).toEqual({
        action: action.path,
        declared: action.mutates,
      });
    }
  });

  it('caches only reads, never the login', () => {
    for (const action of actions.filter((action) => action.cache)) {
      expect({ action: action.path, mutates: action.mutates }).toEqual({
        action: action.path,
        mutates: false,
      });
    }
    expect(PANEL_ACTIONS['account/auth'].cache).toBeUndefined();
    expect(PANEL_ACTIONS['user/export'].cache).toBeUndefined();
  });

  it('makes a record, its lists and what embeds it old, and leaves other records current', () => {
    const renewed = renewedBy(PANEL_ACTIONS['user/update'].invalidates!, { user: { id: 5 } });
    const old = (tags: string[]) => tags.some((tag) => renewed.includes(tag));
    const user = PANEL_ACTIONS['user/read'].cache!;
    expect(old(tagsOf(user, { user_id: 5 }))).toBe(true);
    expect(old(tagsOf(user, { user_id: 6 }))).toBe(false);
    expect(old(tagsOf(PANEL_ACTIONS['user/list'].cache!, { limit: 10 }))).toBe(true);
    const history = PANEL_ACTIONS['tracker/active/history/list'].cache!;
    expect(old(tagsOf(history, {}))).toBe(true);
    expect(old(tagsOf(PANEL_ACTIONS['tracker/read'].cache!, { tracker_id: 5 }))).toBe(false);
  });

  it('makes the whole family old when the record cannot be told from the params', () => {
    const renewed = renewedBy(PANEL_ACTIONS['user/corrupt'].invalidates!, { user_id: 5 });
    const tags = tagsOf(PANEL_ACTIONS['user/read'].cache!, { user_id: 6 });
    expect(tags.some((tag) => renewed.includes(tag))).toBe(true);
  });
});

describe('docs/cache.md', () => {
  it('holds the catalog\u2019s current tables (npm run openapi)', () => {
    const rows = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.replace(/\s+/g, ' ').trim());
    const doc = readFileSync(new URL('../../docs/cache.md', import.meta.url), 'utf8');
    const start = doc.indexOf('<!-- read-cache:start -->');
    const end = doc.indexOf('<!-- read-cache:end -->');
    expect(rows(doc.slice(start, end))).toEqual(rows(readCacheTables()));
  });
});
