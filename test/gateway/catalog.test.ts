import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ROUTES } from '../../src/resources/route-table.js';
import type { PanelCall } from '../../src/routing/route-spec.js';
import {
  PANEL_ACTIONS,
  type PanelAction,
  type PanelRequest,
  type PanelResponse,
} from '../../src/panel/actions.js';
import { streamedFile } from '../../src/panel/schemas/fields.js';
import {
  startSimulator,
  type Simulator,
  type SimulatorAccount,
} from '@navixy-panel-gateway/simulator';

const actions = Object.values(PANEL_ACTIONS);
const asMap = (scopes: readonly string[]) => {
  const map: Record<string, string[]> = {};
  for (const scope of scopes) {
    const [category = '', operation = ''] = scope.split(':');
    (map[category] ??= []).push(operation);
  }
  return map;
};

/** One account per probe: exactly the catalog's permissions, and each one of them missing. */
const probes = actions
  .filter((a) => !['account/auth', 'timezone/list'].includes(a.path))
  .flatMap((action, i) => [
    {
      action,
      missing: undefined as string | undefined,
      login: `exact-${i}`,
      scopes: action.permissions,
    },
    ...action.permissions.map((missing, j) => ({
      action,
      missing,
      login: `without-${i}-${j}`,
      scopes: action.permissions.filter((p) => p !== missing),
    })),
  ]);

let sim: Simulator;
beforeAll(async () => {
  const accounts: SimulatorAccount[] = probes.map((p) => ({
    login: p.login,
    password: 'Probe-Passw0rd!',
    dealerId: 20410,
    permissions: asMap(p.scopes),
  }));
  sim = await startSimulator({ accounts });
});
afterAll(() => sim.close());

async function post(action: string, body: Record<string, unknown>) {
  const res = await request(`${sim.url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  try {
    return JSON.parse(text) as { hash?: string; status?: { code: number } };
  } catch {
    return {}; // a file answer (user/export): not refused
  }
}

describe('the action catalog', () => {
  it('gives every action a route, except the four that would expose the gateway\u2019s credentials', () => {
    const routed = new Set(ROUTES.flatMap((r) => r.actions as string[]));
    const unrouted = actions.filter((a: PanelAction) => !routed.has(a.path)).map((a) => a.path);
    expect(unrouted.sort()).toEqual(
      actions
        .filter((a) => a.hidden)
        .map((a) => a.path)
        .sort(),
    );
    // §6: 64 documented + 7 legacy, and [MD]'s older path of the menu item list (§7).
    expect(actions).toHaveLength(72);
  });

  it('gives every action a request schema and a loose response schema', () => {
    const missing = actions.filter(
      (a) => !(a.request instanceof z.ZodType) || !(a.response instanceof z.ZodType),
    );
    expect(missing.map((a) => a.path)).toEqual([]);
    // Loose: a field Navixy adds later must never turn a good answer into a 502 (§5.12).
    const strict = actions.filter(
      (a) =>
        a.response !== streamedFile &&
        !(a.response instanceof z.ZodObject && a.response.def.catchall instanceof z.ZodUnknown),
    );
    expect(strict.map((a) => a.path)).toEqual([]);
    expect(actions.filter((a) => a.response === streamedFile).map((a) => a.path)).toEqual([
      'user/export',
    ]);
  });

  it('types a route\u2019s params and answers by the action\u2019s schemas', () => {
    expectTypeOf<PanelRequest<'user/read'>>().toEqualTypeOf<{ user_id: number }>();
    expectTypeOf<PanelResponse<'user/session/create'>['hash']>().toEqualTypeOf<string>();
    expectTypeOf<PanelResponse<'tracker/batch_clone'>['list']>().toEqualTypeOf<
      (number | Record<string, unknown>)[] | null | undefined
    >();
    // Compiled, never run: the compiler refuses what the schemas do not describe.
    const refused = (panel: PanelCall) => [
      // @ts-expect-error `user/read` needs `user_id`
      panel('user/read', {}),
      // @ts-expect-error `order_by` is one of the action's sort fields
      panel('user/list', { order_by: 'nickname' }),
      // @ts-expect-error a file action is downloaded, not called
      panel('user/export', {}),
    ];
    expect(typeof refused).toBe('function');
  });

  it('asks for the permissions Navixy (the simulator) checks, no fewer and no more', async () => {
    const disagreements: string[] = [];
    for (const probe of probes) {
      const { hash } = await post('account/auth', {
        login: probe.login,
        password: 'Probe-Passw0rd!',
      });
      const answer = await post(probe.action.path, { hash });
      const refused = answer.status?.code === 13;
      if (probe.missing === undefined && refused)
        disagreements.push(`${probe.action.path} needs more than the catalog says`);
      if (probe.missing !== undefined && !refused)
        disagreements.push(`${probe.action.path} does not need ${probe.missing}`);
    }
    expect(disagreements).toEqual([]);
  });
});
