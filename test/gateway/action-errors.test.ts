import type { Test } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/resources/route-table.js';
import { panelErrorCode } from '../../src/panel/error-codes.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { jwtSettings, startIssuer, type TestIssuer } from '../helpers/jwt-issuer.js';

/**
 * Every error code a Panel action documents reaches the client as the gateway's own status and
 * problem code, with Navixy's code in `upstream`, for every route calling that action.
 */

/**
 * The error codes each Panel action documents ("Errors: …", Panel API reference §4.3–§4.10; §4.6:
 * every `subpaas/*` action answers 13 when the dealer may not have sub-dealers). Actions that list
 * none ("general only", or nothing) are absent. Codes 3 and 4 (session ended, §2) are left out:
 * the gateway logs in again and replays the call instead of answering them.
 */
const DOCUMENTED_ERRORS: Readonly<Record<string, readonly number[]>> = {
  // §4.4 Dealer
  'dealer/get_info': [201],
  'dealer/activation_code/create': [201],
  'dealer/activation_code/update': [201],
  'dealer/settings/image/upload': [201, 233, 234, 236, 254],
  'dealer/settings/image/delete': [201],
  'dealer/settings/service/update': [247],
  // §4.5 Order
  'order/read': [201],
  // §4.6 Sub-dealers
  'subpaas/list': [13],
  'subpaas/read': [13],
  'subpaas/create': [13, 7],
  'subpaas/update': [13, 7],
  'subpaas/password/change': [13, 294],
  // §4.7 Plans
  'tariff/read': [201],
  'tariff/create': [201, 214, 244],
  'tariff/update': [201, 214, 244],
  'tariff/defaults/update': [239, 237],
  // §4.8 Users
  'user/read': [201],
  'user/create': [206, 7],
  'user/update': [201, 206],
  'user/change_password': [201],
  'user/corrupt': [201, 252, 253],
  'user/session/create': [201],
  'user/transaction/list': [201, 211],
  'user/transaction/change_balance': [201, 251],
  'user/upload': [206, 273, 274, 7],
  'user/menu/preset/create': [7, 201],
  'user/menu/preset/update': [7, 201],
  'user/menu/preset/delete': [201],
  'user/menu/preset/assign': [7, 201],
  'user/mfa/settings/update': [201],
  // §4.9 Trackers
  'tracker/list': [201],
  'tracker/read': [201, 252],
  'tracker/clone': [219, 201, 246, 247, 252],
  'tracker/batch_clone': [7, 217, 247],
  'tracker/delete_clone': [201, 249, 203, 252],
  'tracker/corrupt': [201, 219, 252, 253],
  'tracker/move': [219, 201, 246, 247, 252],
  'tracker/register_retry': [201, 252, 264, 208, 219, 214],
  'tracker/settings/update': [201, 252],
  'tracker/source/update': [201, 252],
  'tracker/tariff/change': [201, 219, 221, 237, 238, 239, 250, 252],
  'tracker/console/connect': [230, 201, 252],
  'tracker/active/history/list': [211, 7],
  'tracker/raw_command/send': [7, 201, 252],
  // §4.10 Bundles (legacy)
  'tracker/bundle/list': [201],
  'tracker/bundle/read': [201],
  'tracker/bundle/assign': [201, 208, 223, 226, 247, 250],
  'tracker/bundle/order/assign': [201],
  'tracker/bundle/import': [201, 247, 204],
  'tracker/bundle/update': [201, 204],
};

/** Session-ended codes: answered by a transparent re-login, not by a problem. */
const RELOGIN_CODES = new Set([3, 4]);

// Seed data (packages/simulator/README.md).
const USER = 371321;
const OTHER_USER = 371322;
const TRACKER = 3234901;
const CLONE = 3234929;
const PLAN = 13457;
const SUBDEALER = 20501;
const ORDER = 5101;
const BUNDLE = 7001;
const DEALER_PRESET = 346;
const IMEI = '352091090000011';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
const CSV_HEADER =
  'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;Comment;Country;Region;City;Street, address;Zip code;Legal name;Tax number;IEC;Registration country;Registration region;Registration city;Registration address;Registration zip code;Discount;End date of discount;Device limit';

let seq = 0;
const unique = () => `${Date.now()}.${seq++}`;

const newUser = () => ({
  login: `action.errors.${unique()}@example.com`,
  legalType: 'individual',
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: 'Str0ng-Passw0rd!',
  timeZone: 'Europe/London',
});
const wholeUser = () => {
  const { password: _p, timeZone: _t, ...whole } = newUser();
  return whole;
};
const newPlan = () => ({
  name: `Plan ${unique()}`,
  type: 'monthly',
  price: 9.5,
  deviceType: 'tracker',
  groupId: 1,
  earlyChangePrice: 4,
  deviceLimit: 25,
  hasReports: true,
  storePeriod: '3m',
  features: ['api'],
  servicePrices: { incomingSms: 0.1, outgoingSms: 0.2, serviceSms: 0.1, traffic: 0.05 },
});
const subdealer = () => ({
  title: `Sub ${seq++}`,
  legalName: 'Sub Dealer Ltd',
  email: `sub.${unique()}@example.com`,
  country: 'Germany',
  monitoringDomain: `sub${Date.now()}x${seq++}.example.com`,
  contactName: 'Max Mustermann',
});
const preset = (title: string) => ({
  title,
  main: [
    {
      title: null,
      items: [
        {
          title: 'common.menu.dashboard',
          tabs: [{ title: 'common.menu.dashboard', destination: 'dashboard' }],
        },
      ],
    },
  ],
  footer: { title: null, items: [] },
});
const WHOLE_SERVICE = {
  domain: 'demo.navixy.com',
  serviceTitle: 'Navixy Demo',
  locale: 'en_US',
  demoLogin: 'demo',
  demoPassword: 'demo',
  maps: ['roadmap', 'osm'],
  defaultMap: { type: 'osm', location: { lat: 1, lng: 2 }, zoom: 5 },
  currency: 'USD',
  colorTheme: '',
  appColorTheme: '',
};
const iso = (offsetMs: number) => encodeURIComponent(new Date(Date.now() + offsetMs).toISOString());

let h: Harness;
let issuer: TestIssuer;
let userLogin = '';
/** A mobile app's token bound to USER, for the `/v1/me` routes. */
let userToken = '';

type Send = () => Test;
const json =
  (method: 'post' | 'put' | 'patch' | 'delete' | 'get', path: string, body?: object): Send =>
  () => {
    const req = h.http[method](path).set('X-API-Key', h.key);
    return body === undefined ? req : req.send(body);
  };

const asUser =
  (method: 'get' | 'post', path: string): Send =>
  () =>
    h.http[method](path).set('Authorization', `Bearer ${userToken}`);

/** One valid request per route (and main action), keyed `METHOD /path`. */
const SAMPLES: Readonly<Record<string, readonly { action: string; send: Send }[]>> = {
  'GET /v1/dealer': [{ action: 'dealer/get_info', send: json('get', '/v1/dealer') }],
  'PUT /v1/dealer/settings/service': [
    {
      action: 'dealer/settings/service/update',
      send: json('put', '/v1/dealer/settings/service', WHOLE_SERVICE),
    },
  ],
  'PATCH /v1/dealer/settings/service': [
    {
      action: 'dealer/settings/service/update',
      send: json('patch', '/v1/dealer/settings/service', { serviceTitle: 'Patched' }),
    },
  ],
  'PUT /v1/dealer/branding/{type}': [
    {
      action: 'dealer/settings/image/upload',
      send: () =>
        h.http
          .put('/v1/dealer/branding/logo')
          .set('X-API-Key', h.key)
          .attach('file', PNG, { filename: 'image.png', contentType: 'image/png' }),
    },
  ],
  'DELETE /v1/dealer/branding/{type}': [
    { action: 'dealer/settings/image/delete', send: json('delete', '/v1/dealer/branding/logo') },
  ],
  'GET /v1/users/{id}': [{ action: 'user/read', send: json('get', `/v1/users/${USER}`) }],
  'POST /v1/users': [{ action: 'user/create', send: () => json('post', '/v1/users', newUser())() }],
  'PUT /v1/users/{id}': [
    { action: 'user/update', send: () => json('put', `/v1/users/${USER}`, wholeUser())() },
  ],
  'PATCH /v1/users/{id}': [
    { action: 'user/update', send: json('patch', `/v1/users/${USER}`, { lastName: 'Byron' }) },
  ],
  'PUT /v1/users/{id}/password': [
    {
      action: 'user/change_password',
      send: json('put', `/v1/users/${USER}/password`, { password: 'An0ther-Passw0rd!' }),
    },
  ],
  'POST /v1/users/{id}/corruption': [
    {
      action: 'user/corrupt',
      send: () => json('post', `/v1/users/${USER}/corruption`, { confirmLogin: userLogin })(),
    },
  ],
  'POST /v1/users/{id}/sessions': [
    { action: 'user/session/create', send: json('post', `/v1/users/${USER}/sessions`) },
  ],
  'GET /v1/me': [{ action: 'user/read', send: asUser('get', '/v1/me') }],
  'POST /v1/me/sessions': [
    { action: 'user/session/create', send: asUser('post', '/v1/me/sessions') },
  ],
  'GET /v1/users/{id}/transactions': [
    {
      action: 'user/transaction/list',
      send: () =>
        json('get', `/v1/users/${USER}/transactions?from=${iso(-86_400_000)}&to=${iso(60_000)}`)(),
    },
  ],
  'POST /v1/users/{id}/transactions': [
    {
      action: 'user/transaction/change_balance',
      send: json('post', `/v1/users/${USER}/transactions`, {
        amount: 1.5,
        type: 'balance',
        text: 'test top-up',
      }),
    },
  ],
  'POST /v1/user-imports': [
    {
      action: 'user/upload',
      send: () =>
        h.http
          .post('/v1/user-imports')
          .set('X-API-Key', h.key)
          .attach(
            'file',
            Buffer.from(
              `${CSV_HEADER}\nimport.${unique()}@example.com;Str0ng-Passw0rd!;1;1;Hopper;Grace;;;;;;;;;;;;;;;;;;;\n`,
            ),
            { filename: 'users.csv', contentType: 'text/csv' },
          ),
    },
  ],
  'POST /v1/menu-presets': [
    { action: 'user/menu/preset/create', send: json('post', '/v1/menu-presets', preset('New')) },
  ],
  'PUT /v1/menu-presets/{id}': [
    {
      action: 'user/menu/preset/update',
      send: json('put', `/v1/menu-presets/${DEALER_PRESET}`, preset('User Apps')),
    },
  ],
  'DELETE /v1/menu-presets/{id}': [
    {
      action: 'user/menu/preset/delete',
      send: json('delete', `/v1/menu-presets/${DEALER_PRESET}`),
    },
  ],
  'PUT /v1/menu-presets/{id}/assignment': [
    {
      action: 'user/menu/preset/assign',
      send: json('put', `/v1/menu-presets/${DEALER_PRESET}/assignment`, {
        type: 'users',
        userIds: [USER],
      }),
    },
  ],
  'PUT /v1/mfa-settings': [
    {
      action: 'user/mfa/settings/update',
      send: json('put', '/v1/mfa-settings', {
        target: { type: 'selected', userIds: [USER] },
        settings: { type: 'disallowed' },
      }),
    },
  ],
  'GET /v1/trackers': [{ action: 'tracker/list', send: json('get', '/v1/trackers') }],
  'GET /v1/trackers/{id}': [
    { action: 'tracker/read', send: json('get', `/v1/trackers/${TRACKER}`) },
  ],
  'PATCH /v1/trackers/{id}': [
    {
      action: 'tracker/settings/update',
      send: json('patch', `/v1/trackers/${TRACKER}`, { label: 'Renamed' }),
    },
    {
      action: 'tracker/source/update',
      send: json('patch', `/v1/trackers/${TRACKER}`, { blocked: true }),
    },
  ],
  'POST /v1/trackers/{id}/clones': [
    {
      action: 'tracker/clone',
      send: json('post', `/v1/trackers/${TRACKER}/clones`, { userId: OTHER_USER, label: 'Clone' }),
    },
  ],
  'DELETE /v1/trackers/{id}': [
    { action: 'tracker/delete_clone', send: json('delete', `/v1/trackers/${CLONE}`) },
  ],
  'POST /v1/trackers/{id}/corruption': [
    {
      action: 'tracker/corrupt',
      send: json('post', `/v1/trackers/${TRACKER}/corruption`, { confirmTrackerId: TRACKER }),
    },
  ],
  'PUT /v1/trackers/{id}/owner': [
    {
      action: 'tracker/move',
      send: json('put', `/v1/trackers/${TRACKER}/owner`, { userId: OTHER_USER }),
    },
  ],
  'PUT /v1/trackers/{id}/plan': [
    {
      action: 'tracker/tariff/change',
      send: json('put', `/v1/trackers/${TRACKER}/plan`, {
        planId: PLAN,
        repay: false,
        charge: false,
      }),
    },
  ],
  'POST /v1/tracker-clones': [
    {
      action: 'tracker/batch_clone',
      send: json('post', '/v1/tracker-clones', { userId: OTHER_USER, trackerIds: [TRACKER] }),
    },
  ],
  'POST /v1/trackers/{id}/registration-retries': [
    {
      action: 'tracker/register_retry',
      send: json('post', `/v1/trackers/${TRACKER}/registration-retries`, {}),
    },
  ],
  'POST /v1/trackers/{id}/console-sessions': [
    {
      action: 'tracker/console/connect',
      send: json('post', `/v1/trackers/${TRACKER}/console-sessions`),
    },
  ],
  'POST /v1/trackers/{id}/commands': [
    {
      action: 'tracker/raw_command/send',
      send: json('post', `/v1/trackers/${TRACKER}/commands`, { command: 'getinfo' }),
    },
  ],
  'GET /v1/tracker-activity': [
    {
      action: 'tracker/active/history/list',
      send: json('get', '/v1/tracker-activity?from=2026-01&to=2026-03'),
    },
  ],
  'GET /v1/subdealers': [{ action: 'subpaas/list', send: json('get', '/v1/subdealers') }],
  'GET /v1/subdealers/{id}': [
    { action: 'subpaas/read', send: json('get', `/v1/subdealers/${SUBDEALER}`) },
  ],
  'POST /v1/subdealers': [
    {
      action: 'subpaas/create',
      send: () => json('post', '/v1/subdealers', { ...subdealer(), password: 'Sub-Passw0rd!' })(),
    },
  ],
  'PUT /v1/subdealers/{id}': [
    {
      action: 'subpaas/update',
      send: () =>
        json('put', `/v1/subdealers/${SUBDEALER}`, {
          ...subdealer(),
          blockType: 'NOT_BLOCKED',
        })(),
    },
  ],
  'PATCH /v1/subdealers/{id}': [
    {
      action: 'subpaas/update',
      send: json('patch', `/v1/subdealers/${SUBDEALER}`, { contactPhone: '4930123456' }),
    },
  ],
  'PUT /v1/subdealers/{id}/password': [
    {
      action: 'subpaas/password/change',
      send: json('put', `/v1/subdealers/${SUBDEALER}/password`, { password: 'Sub-Passw0rd!2' }),
    },
  ],
  'GET /v1/orders/{id}': [{ action: 'order/read', send: json('get', `/v1/orders/${ORDER}`) }],
  'GET /v1/bundles': [{ action: 'tracker/bundle/list', send: json('get', '/v1/bundles') }],
  'GET /v1/bundles/by-imei/{imei}': [
    { action: 'tracker/bundle/read', send: json('get', `/v1/bundles/by-imei/${IMEI}`) },
  ],
  'POST /v1/bundles': [
    {
      action: 'tracker/bundle/import',
      send: json('post', '/v1/bundles', { imeis: [IMEI], equipmentId: 11 }),
    },
  ],
  'PUT /v1/bundles/{id}/sim': [
    {
      action: 'tracker/bundle/assign',
      send: json('put', `/v1/bundles/${BUNDLE}/sim`, { iccid: '89441000000007101' }),
    },
  ],
  'PUT /v1/bundles/{id}/order': [
    {
      action: 'tracker/bundle/order/assign',
      send: json('put', `/v1/bundles/${BUNDLE}/order`, { orderId: ORDER }),
    },
  ],
  'PUT /v1/bundles/{id}/equipment': [
    {
      action: 'tracker/bundle/update',
      send: json('put', `/v1/bundles/${BUNDLE}/equipment`, { equipmentId: 12 }),
    },
  ],
  'POST /v1/plans': [
    { action: 'tariff/create', send: () => json('post', '/v1/plans', newPlan())() },
  ],
  'PUT /v1/plans/defaults': [
    {
      action: 'tariff/defaults/update',
      send: json('put', '/v1/plans/defaults', {
        tracker: { planId: PLAN, activationBonus: 0, freeDays: 0 },
      }),
    },
  ],
  'PATCH /v1/plans/defaults': [
    {
      action: 'tariff/defaults/update',
      send: json('patch', '/v1/plans/defaults', { tracker: { freeDays: 1 } }),
    },
  ],
  'GET /v1/plans/{id}': [{ action: 'tariff/read', send: json('get', `/v1/plans/${PLAN}`) }],
  'PUT /v1/plans/{id}': [
    {
      action: 'tariff/update',
      send: json('put', `/v1/plans/${PLAN}`, { name: 'Renamed plan', type: 'monthly', price: 1 }),
    },
  ],
  'PATCH /v1/plans/{id}': [
    { action: 'tariff/update', send: json('patch', `/v1/plans/${PLAN}`, { price: 42 }) },
  ],
  'POST /v1/activation-codes': [
    {
      action: 'dealer/activation_code/create',
      send: json('post', '/v1/activation-codes', {
        count: 1,
        planId: PLAN,
        bonusAmount: 0,
        freeDays: 0,
      }),
    },
  ],
  'PATCH /v1/activation-codes': [
    {
      action: 'dealer/activation_code/update',
      send: json('patch', '/v1/activation-codes', {
        codes: ['1'],
        planId: PLAN,
        bonusAmount: 0,
        freeDays: 0,
      }),
    },
  ],
};

const routeName = (route: { method: string; path: string }) =>
  `${route.method.toUpperCase()} ${route.path}`;
const documented = (action: string) =>
  (DOCUMENTED_ERRORS[action] ?? []).filter((code) => !RELOGIN_CODES.has(code));

/** Routes none of whose actions document a specific code: nothing to test here. */
const SKIPPED = ROUTES.filter((route) => route.actions.every((a) => documented(a).length === 0));
const COVERED = ROUTES.filter((route) => !SKIPPED.includes(route));

const CASES = COVERED.flatMap((route) =>
  (SAMPLES[routeName(route)] ?? []).flatMap((sample) =>
    documented(sample.action).map((code) => {
      const { status, code: problem } = panelErrorCode(code);
      return {
        name: `${routeName(route)}: Navixy ${code} → ${status} ${problem}`,
        action: sample.action,
        navixy: code,
        status,
        problem,
        send: sample.send,
      };
    }),
  ),
);

beforeAll(async () => {
  issuer = await startIssuer();
  h = await startHarness({
    name: 'action-errors',
    settings: jwtSettings(issuer),
    secrets: issuer.tokens,
  });
  userToken = await issuer.sign({
    sub: 'app-user',
    scope: 'users:read user_sessions:create',
    navixy_user_id: USER,
  });
  const user = await h.http.get(`/v1/users/${USER}`).set('X-API-Key', h.key).expect(200);
  userLogin = user.body.login as string;
});
afterAll(async () => {
  await h.close();
  await issuer.close();
});
beforeEach(() => h.sim.control.reset());

describe('the route table', () => {
  it.each(COVERED.map((route) => [routeName(route), route] as const))(
    '%s has a sample request for one of its actions that documents errors',
    (_name, route) => {
      const samples = SAMPLES[routeName(route)] ?? [];
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        expect(route.actions).toContain(sample.action);
        expect(documented(sample.action).length).toBeGreaterThan(0);
      }
    },
  );
});

describe('documented Panel errors reach the client as problems', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { action, navixy, status, problem, send } = c;
    h.sim.control.failNext(1, navixy, action);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(problem);
    expect(res.body.upstream).toMatchObject({ code: navixy });
    expect(h.sim.control.callLog().map((c) => c.action)).toContain(action);
  });
});
