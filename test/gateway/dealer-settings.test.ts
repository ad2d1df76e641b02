import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '@navixy-panel-gateway/simulator';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

const readOnly = makeKey('settings-read-only', [
  'service_settings:read',
  'notification_settings:read',
]);
const OTHER = { login: '30800', password: 'Other-Dealer-Pa55!', dealerId: 30800 };
const SERVICE = '/v1/dealer/settings/service';
const NOTIFICATION = '/v1/dealer/settings/notification';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    name: 'dealer-settings',
    keys: [readOnly],
    simulatorOptions: { accounts: [DEFAULT_ACCOUNT, OTHER] },
  });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const as = (key: string) => h.client(key);
const api = () => as(h.key);
const upstreamActions = () =>
  h.sim.control
    .callLog()
    .map((c) => c.action)
    .filter((action) => action !== 'account/auth');
const sent = (action: string) =>
  h.sim.control.callLog().findLast((c) => c.action === action)?.params;

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

describe(`${SERVICE}`, () => {
  it('GET answers every setting, camelCase all the way down, null when absent', async () => {
    const res = await api().get(SERVICE).expect(200);
    expect(res.body).toMatchObject({
      domain: 'demo.navixy.com',
      defaultMap: { type: 'roadmap', location: { lat: 51.5074 } },
      defaultUserSettings: { routeProvider: 'osrm', hourMode: 'TWENTY_FOUR_HOURS' },
      informationCenter: { releaseNotes: { visible: true } },
      logo: 'paas/20410/logo.png',
      appLogo: null,
      noAutoCreateRules: true,
    });
    expectDocumented(res, 'get', SERVICE);
  });

  it('PATCH changes what it names and keeps the rest', async () => {
    const before = (await api().get(SERVICE).expect(200)).body;
    h.sim.control.resetCounters();
    const res = await api()
      .patch(SERVICE, { serviceTitle: 'Patched', defaultMap: { zoom: 4 }, paymentLink: null })
      .expect(200);
    expect(res.body).toEqual({
      ...before,
      serviceTitle: 'Patched',
      defaultMap: { ...before.defaultMap, zoom: 4 },
      paymentLink: null,
    });
    expectDocumented(res, 'patch', SERVICE);
    expect(upstreamActions()).toEqual([
      'dealer/settings/service/read',
      'dealer/settings/service/update',
      'dealer/settings/service/read',
    ]);
    expect(sent('dealer/settings/service/update')).toMatchObject({
      service_title: 'Patched',
      no_auto_create_rules: true,
      email_special: before.emailSpecial,
      default_map: { type: 'roadmap', location: { lat: 51.5074, lng: -0.1278 }, zoom: 4 },
    });
  });

  it('keeps both of two concurrent patches', async () => {
    h.sim.control.setLatency(30, 'dealer/settings/service/read');
    await Promise.all([
      api().patch(SERVICE, { promoUrl: 'https://a.example.com' }).expect(200),
      api().patch(SERVICE, { loginFooter: 'Both survive' }).expect(200),
    ]);
    h.sim.control.setLatency(0);
    const res = await api().get(SERVICE).expect(200);
    expect(res.body).toMatchObject({
      promoUrl: 'https://a.example.com',
      loginFooter: 'Both survive',
    });
  });

  it('PUT replaces: Navixy resets what is left out but the three kept settings', async () => {
    const res = await api().put(SERVICE, WHOLE_SERVICE).expect(200);
    expect(res.body).toMatchObject({
      ...WHOLE_SERVICE,
      noAutoCreateRules: false,
      emailSpecial: null,
      allowRegistration: true,
      defaultUserTimeZone: 'Europe/London',
    });
    expectDocumented(res, 'put', SERVICE);
  });

  it('answers 409 ALREADY_EXISTS for a domain another dealer uses', async () => {
    const res = await api().patch(SERVICE, { domain: 'dealer30800.example.com' }).expect(409);
    expect(res.body).toMatchObject({ code: 'ALREADY_EXISTS', upstream: { code: 247 } });
    expectDocumented(res, 'patch', SERVICE);
  });

  it('names Navixy\u2019s code 7 errors with the client\u2019s fields', async () => {
    const res = await api()
      .patch(SERVICE, { maps: ['spacemap'], defaultMap: { type: 'spacemap' } })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_VALIDATION_FAILED' });
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(['maps']);
  });

  it('validates and checks scopes before anything goes upstream', async () => {
    const res = await api().put(SERVICE, { domain: '', maps: 'osm', extra: 1 }).expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['domain', 'maps', 'serviceTitle', 'defaultMap', 'extra']),
    );
    await as(readOnly.key).patch(SERVICE, { serviceTitle: 'X' }).expect(403);
    expect(upstreamActions()).toEqual([]);
  });
});

describe(`${NOTIFICATION}`, () => {
  const whole = {
    emailFrom: 'Demo <no-reply@demo.navixy.com>',
    emailFooter: 'Bye',
    smsOriginator: 'Demo',
    callerId: '4917600000',
  };

  it('GET answers the settings', async () => {
    const res = await api().get(NOTIFICATION).expect(200);
    expect(res.body).toMatchObject({ callerId: '491761234543' });
    expectDocumented(res, 'get', NOTIFICATION);
  });

  it('PUT replaces: a left-out emailSpecial is cleared', async () => {
    const res = await api().put(NOTIFICATION, whole).expect(200);
    expect(res.body).toEqual({ ...whole, emailSpecial: null });
    expectDocumented(res, 'put', NOTIFICATION);
    expect(sent('dealer/settings/notification/update')).toEqual({
      email_from: whole.emailFrom,
      email_footer: 'Bye',
      sms_originator: 'Demo',
      caller_id: '4917600000',
    });
  });

  it('PATCH keeps untouched fields; concurrent patches both survive', async () => {
    await api()
      .put(NOTIFICATION, { ...whole, emailSpecial: 'reports@demo.navixy.com' })
      .expect(200);
    h.sim.control.setLatency(30, 'dealer/settings/notification/read');
    await Promise.all([
      api().patch(NOTIFICATION, { emailFooter: 'Changed' }).expect(200),
      api().patch(NOTIFICATION, { callerId: '123' }).expect(200),
    ]);
    h.sim.control.setLatency(0);
    const res = await api().get(NOTIFICATION).expect(200);
    expect(res.body).toEqual({
      ...whole,
      emailFooter: 'Changed',
      callerId: '123',
      emailSpecial: 'reports@demo.navixy.com',
    });
  });

  it('validates and checks scopes before anything goes upstream', async () => {
    const res = await api().put(NOTIFICATION, { smsOriginator: 'a<b>' }).expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['emailFrom', 'emailFooter', 'smsOriginator', 'callerId']),
    );
    await as(readOnly.key).put(NOTIFICATION, whole).expect(403);
    expect(upstreamActions()).toEqual([]);
  });
});
