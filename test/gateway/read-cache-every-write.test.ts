import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_ACTIONS, type PanelAction } from '../../src/panel/actions.js';
import { renewedBy, tagsOf } from '../../src/panel/cache-rules.js';
import { ROUTES } from '../../src/resources/route-table.js';
import type { RouteSpec } from '../../src/routing/route-spec.js';
import { ROUTE_EXAMPLES, examplePath } from '../../tools/docs/route-examples.js';
import { startFakePanel, type FakeCall, type FakePanel } from '../helpers/fake-panel.js';
import { startCachePair, type Harness } from '../helpers/harness.js';
import { uniquePrefix } from '../helpers/redis.js';

/**
 * Every write route, sent through one instance, against the read cache of another: right
 * after the write (once the invalidation message has reached it, within half a second here),
 * each read whose cached answer the write made old is answered fresh through the other
 * instance (fetched after the write: `Age: 0`), and each read it did not touch is still
 * answered from the cache (`Age` of its first fetch). What "made old" means comes from
 * what was sent: the tags the write's Panel calls renew (the catalog's invalidations, with the
 * parameters the write sent) against the tags of the read's cached answers (with the
 * parameters the read sent). Upstream is a fake Panel answering every action from Navixy's
 * published contract, so every write route succeeds; the routes of a user's own session
 * (`/v1/me…`) are left to their own tests.
 */
const ACTIONS: Readonly<Record<string, PanelAction | undefined>> = PANEL_ACTIONS;
/** Past the longest freshness plus staleness: every cached answer is expired. */
const EXPIRE_ALL_MS = 4_000_000;
/** Between the reads and the write: the `Age` of an answer fetched before the write. */
const BEFORE_WRITE_MS = 2_000;

let fake: FakePanel;
let a: Harness;
let b: Harness;
let clock = Date.parse('2026-01-01T00:00:00Z');

const reads = ROUTES.filter((r) => r.method === 'get' && !r.self);
const writes = ROUTES.filter((r) => r.method !== 'get' && !r.self);
/**
 * The tags of each read's cached Panel answers (one list per answer), learned from what it sent
 * on its first fetch.
 */
const readTags = new Map<RouteSpec, string[][]>();

function send(h: Harness, route: RouteSpec) {
  const example = ROUTE_EXAMPLES[route.operationId];
  if (!example) throw new Error(`no example request for ${route.operationId}`);
  const req = h.http[route.method](examplePath(route.path, example))
    .query(example.query ?? {})
    .set('X-API-Key', h.key);
  if (example.file) {
    return req.attach('file', Buffer.from('id;login\n'), {
      filename: 'upload',
      contentType: example.file,
    });
  }
  return example.body ? req.send(example.body) : req;
}

/** Sends `route` and gives back the Panel calls it made. */
async function callsOf(
  h: Harness,
  route: RouteSpec,
): Promise<{ status: number; age?: string; calls: FakeCall[] }> {
  const from = fake.calls.length;
  const res = await send(h, route);
  return { status: res.status, age: res.headers.age, calls: fake.calls.slice(from) };
}

const cachedCalls = (calls: FakeCall[]) =>
  calls.filter((c) => ACTIONS[c.action]?.mutates === false && ACTIONS[c.action]?.cache);

beforeAll(async () => {
  fake = await startFakePanel();
  const prefix = uniquePrefix('read-cache-every-write');
  const options = {
    name: 'read-cache-every-write',
    simulator: fake.sim,
    prefix,
    cacheNow: () => clock,
    settings: { READ_CACHE: 'on', UPSTREAM_RETRIES: '0', PANEL_RATE_LIMIT_PER_SECOND: '0' },
  };
  [a, b] = await startCachePair(options);
  for (const read of reads) {
    const { status, calls } = await callsOf(b, read);
    expect(status, read.operationId).toBeLessThan(300);
    const tags = cachedCalls(calls).map((c) => tagsOf(ACTIONS[c.action]!.cache!, c.params));
    if (tags.length > 0) readTags.set(read, tags);
  }
}, 120_000);
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await fake.close();
});

/** The families a write's actions may renew, from the catalog. */
const familiesOf = (route: RouteSpec) =>
  new Set(
    route.actions.flatMap((action) => (ACTIONS[action]?.invalidates ?? []).map((r) => r.family)),
  );
const familyOf = (tag: string) => tag.split('#')[0]!;

describe('a read through another instance right after a write', () => {
  it('covers the cache: reads with cached answers and writes that renew some', () => {
    expect(readTags.size).toBeGreaterThan(20);
    expect(writes.filter((w) => familiesOf(w).size > 0).length).toBeGreaterThan(40);
  });

  describe.each(writes.map((w) => [`${w.method.toUpperCase()} ${w.path}`, w] as const))(
    '%s',
    (_name, write) => {
      it('is fresh for what the write changed, and cached for the rest', async () => {
        const families = familiesOf(write);
        // The reads that could be touched (any of the write's families) are checked.
        const checked = [...readTags].filter(([, answers]) =>
          answers.flat().some((tag) => families.has(familyOf(tag))),
        );
        clock += EXPIRE_ALL_MS;
        for (const [read] of checked) expect((await callsOf(b, read)).status).toBeLessThan(300);
        clock += BEFORE_WRITE_MS;

        const written = await callsOf(a, write);
        expect(written.status, JSON.stringify(written)).toBeLessThan(300);
        const renewed = new Set(
          written.calls.flatMap((c) => renewedBy(ACTIONS[c.action]?.invalidates ?? [], c.params)),
        );

        for (const [read, answers] of checked) {
          const again = await callsOf(b, read);
          expect(again.status).toBeLessThan(300);
          // An answer is old once any of its tags was renewed.
          const old = answers.filter((tags) => tags.some((tag) => renewed.has(tag))).length;
          // Fetched after the write when all its answers were made old; from the cache (the
          // age of its fetch before the write) when none was. Some but not all: some of it.
          const expected = old === answers.length ? '0' : old === 0 ? '2' : undefined;
          if (expected === '0') {
            // The other instance hears of the write by pub/sub: when the test's one process is
            // busy, its answer may come before the message is read. It must follow at once.
            let { age } = again;
            for (let i = 0; i < 50 && age !== '0'; i += 1) {
              await new Promise((resolve) => setTimeout(resolve, 10));
              ({ age } = await callsOf(b, read));
            }
            expect(age, `${read.operationId} after ${write.operationId}`).toBe('0');
          } else if (expected === '2') {
            expect(again.age, `${read.operationId} after ${write.operationId}`).toBe('2');
          } else {
            expect(cachedCalls(again.calls).length, read.operationId).toBeGreaterThan(0);
          }
        }
      });
    },
  );
});
