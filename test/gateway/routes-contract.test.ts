import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/resources/route-table.js';
import type { RouteSpec } from '../../src/routing/route-spec.js';
import { scopesFor } from '../../src/panel/actions.js';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';

/** A key whose only scope no route needs. */
const unrelated = makeKey('unrelated', ['sms:create']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'routes-contract', keys: [unrelated] });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const VALID_PATH_VALUES: Record<string, string> = {
  id: '1',
  imei: '352091090000011',
  type: 'logo',
};
const INVALID_PATH_VALUES: Record<string, string> = {
  id: 'abc',
  imei: 'not-an-imei',
  type: 'wallpaper-of-doom',
};

const fill = (route: RouteSpec, values: Record<string, string>) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');

function send(route: RouteSpec, path: string, key: string, body?: object) {
  const req = h.http[route.method](path).set('X-API-Key', key);
  return body === undefined ? req : req.send(body);
}

describe.each(
  ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const),
)('%s', (_name, route) => {
  const open = scopesFor(route.actions).length === 0;

  it(
    open
      ? 'is open to any valid key: Navixy needs no permission for it'
      : 'refuses a key without its scopes, before anything goes upstream',
    async () => {
      const path = fill(route, VALID_PATH_VALUES);
      const res = await send(route, path, unrelated.key, route.body ? {} : undefined);
      if (open) {
        expect(res.status).toBe(200);
        return;
      }
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'INSUFFICIENT_SCOPE',
        missingScopes: expect.any(Array),
      });
      expect(h.sim.control.calls()).toBe(0);
    },
  );

  it('refuses bad input with a problem naming it, before anything goes upstream', async () => {
    let res;
    if (route.params) {
      res = await send(route, fill(route, INVALID_PATH_VALUES), h.key, route.body ? {} : undefined);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].in).toBe('path');
    } else if (route.body) {
      res = await send(route, route.path, h.key, { surelyNotAField: true });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { in: string }) => e.in)).toContain('body');
    } else if (route.upload) {
      res = await send(route, route.path, h.key, { file: 'not multipart' });
      expect(res.status).toBe(415);
    } else {
      res = await send(route, `${route.path}?surelyNotAParameter=1`, h.key);
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ in: 'query', name: 'surelyNotAParameter' }),
      );
    }
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(h.sim.control.calls()).toBe(0);
  });
});
