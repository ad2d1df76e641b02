import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/resources/route-table.js';
import { ROUTE_EXAMPLES, examplePath } from '../../tools/docs/route-examples.js';
import { EXTRA_FIELD, variants, type Variant } from '../../tools/synthesize.js';
import { startFakePanel, type FakePanel } from '../helpers/fake-panel.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Writes lose nothing: every PATCH, against answers synthesized from Navixy's published contract
 * and from the older shapes (§7), sends back every field of the record it read that the patch
 * does not name, unchanged — the ones the gateway does not model included (an unknown field at
 * every level in one variant). Withheld are only the fields listed here, which Navixy keeps
 * itself (raw-write.ts); a null may be left out, as Navixy itself omits nulls.
 */
type Json = Record<string, unknown>;

interface PatchCase {
  read: string;
  write: string;
  /** The record in the read answer, and where the write carries it. */
  record: (answer: Json) => Json;
  target: (params: Json) => Json;
  /** Navixy names of the fields the example patch changes. */
  named: string[];
  /** Fields the write must not carry. */
  withheld: string[];
  /** Fields the write carries elsewhere, checked on their own. */
  moved?: string[];
  /** Read name → write name, where they differ. */
  renamed?: Record<string, string>;
}

const value = (answer: Json) => answer.value as Json;
const top = (params: Json) => params;

const CASES: Record<string, PatchCase> = {
  updateUser: {
    read: 'user/read',
    write: 'user/update',
    record: value,
    target: (params) => params.user as Json,
    named: ['first_name'],
    withheld: [
      'dealer_id',
      'balance',
      'bonus',
      'trackers_count',
      'creation_date',
      'phone_verified',
      'mfa_allowed',
    ],
    moved: ['comment'],
  },
  updatePlan: {
    read: 'tariff/read',
    write: 'tariff/update',
    record: value,
    target: (params) => params.tariff as Json,
    named: ['name'],
    withheld: ['device_type'],
  },
  updateSubdealer: {
    read: 'subpaas/read',
    write: 'subpaas/update',
    record: value,
    target: top,
    named: ['title'],
    withheld: [
      'login',
      'creation_date',
      'users_count',
      'active_users_count',
      'trackers_count',
      'active_trackers_count',
    ],
  },
  updateTracker: {
    read: 'tracker/read',
    write: 'tracker/settings/update',
    record: value,
    target: top,
    named: ['label'],
    withheld: [
      'group_id',
      'user_id',
      'dealer_id',
      'owner_name',
      'model_name',
      'clone',
      'creation_date',
      'last_connection',
      'avatar_file_name',
      'source',
    ],
    renamed: { id: 'tracker_id' },
  },
  updateServiceSettings: {
    read: 'dealer/settings/service/read',
    write: 'dealer/settings/service/update',
    record: value,
    target: top,
    named: ['service_title'],
    withheld: [
      'favicon',
      'app_logo',
      'logo',
      'document_logo',
      'login_wallpaper',
      'desktop_wallpaper',
      'monitoring_logo',
      'allowed_maps',
      'limited_domain',
    ],
  },
  updateNotificationSettings: {
    read: 'dealer/settings/notification/read',
    write: 'dealer/settings/notification/update',
    record: value,
    target: top,
    named: ['email_footer'],
    withheld: [],
  },
  updatePlanDefaults: {
    read: 'tariff/defaults/read',
    write: 'tariff/defaults/update',
    record: (answer) => answer,
    target: top,
    named: [],
    withheld: ['success'],
    moved: ['tracker'],
  },
};

let fake: FakePanel;
let h: Harness;
beforeAll(async () => {
  fake = await startFakePanel();
  h = await startHarness({
    name: 'patch-preserves',
    simulator: fake.sim,
    store: 'memory',
    settings: { UPSTREAM_RETRIES: '0', PANEL_RATE_LIMIT_PER_SECOND: '0' },
  });
});
afterAll(async () => {
  await h.close();
  await fake.close();
  const counts = Object.entries(preserved).map(([route, fields]) => `${route} ${fields.size}`);
  console.log(`PATCH fields given back unchanged: ${counts.join(', ')}`);
});

/** Per route, every field name seen going back unchanged. */
const preserved: Record<string, Set<string>> = {};

async function patch(operationId: string, variant: Variant, legacy: boolean, body?: Json) {
  const route = ROUTES.find((r) => r.operationId === operationId)!;
  const example = ROUTE_EXAMPLES[operationId]!;
  fake.variant = variant;
  fake.legacy = legacy;
  fake.calls.length = 0;
  const res = await h.http
    .patch(examplePath(route.path, example))
    .set('X-API-Key', h.key)
    .send(body ?? example.body ?? {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const call = (action: string) => fake.calls.find((c) => c.action === action);
  return {
    read: call(CASES[operationId]!.read)!.answer as Json,
    sent: call(CASES[operationId]!.write)?.params,
  };
}

/** Every field of `read` but `skip` is in `sent` unchanged (a null may be left out). */
function expectGivenBack(
  route: string,
  read: Json,
  sent: Json,
  skip: readonly string[],
  renamed: Record<string, string> = {},
) {
  for (const [name, was] of Object.entries(read)) {
    if (skip.includes(name)) continue;
    const there = renamed[name] ?? name;
    if (was === null && !(there in sent)) continue;
    expect(sent[there], `${route}: ${name}`).toEqual(was);
    (preserved[route] ??= new Set()).add(name);
  }
}

const cases = Object.entries(CASES).flatMap(([operationId, c]) =>
  [false, true].flatMap((legacy) =>
    variants(3).map(
      (v) =>
        [
          `${operationId}, ${legacy ? 'older' : 'published'} shape, ${v.name}`,
          operationId,
          c,
          v,
          legacy,
        ] as const,
    ),
  ),
);

describe('PATCH', () => {
  it.each(cases)(
    '%s: gives back every field it does not name',
    async (_name, id, c, variant, legacy) => {
      const { read, sent } = await patch(id, variant, legacy);
      expect(sent, 'the update was sent').toBeDefined();
      const record = c.record(read);
      const target = c.target(sent!);
      expectGivenBack(
        id,
        record,
        target,
        [...c.named, ...c.withheld, ...(c.moved ?? [])],
        c.renamed,
      );
      for (const name of c.withheld)
        expect(target, `${id}: withheld ${name}`).not.toHaveProperty(name);
      if (variant.extras) expect(target[EXTRA_FIELD]).toEqual(record[EXTRA_FIELD]);
      if (id === 'updateUser') {
        // The siblings of `value` update takes back, and the comment moved to the top level.
        expectGivenBack(id, read, sent!, [
          'success',
          'value',
          'block_parameters',
          'dealer_mfa_settings',
        ]);
        if (typeof record.comment === 'string') expect(sent!.comment).toBe(record.comment);
        expect(target).not.toHaveProperty('comment');
        expect(target).toMatchObject({ first_name: 'Patched', id: 4021 });
      }
      if (id === 'updatePlanDefaults') {
        expectGivenBack(id, read.tracker as Json, (sent!.tracker ?? {}) as Json, ['free_days']);
      }
    },
  );
});

describe('PATCH of a user\u2019s discount', () => {
  it.each([false, true])(
    'writes the change in the shape the discount was read in (older shape: %s)',
    async (legacy) => {
      const { read, sent } = await patch('updateUser', variants(1)[0]!, legacy, {
        discount: { percent: 7.5 },
      });
      const was = read.discount as Json;
      const key = legacy ? 'value' : 'percent';
      expect(was).toHaveProperty(key);
      expect(sent?.discount).toEqual({ ...was, [key]: 7.5 });
    },
  );
});
