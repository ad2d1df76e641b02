import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

const READER: SimulatorAccount = {
  login: 'settings-reader',
  password: 'Reader-Pa55word!',
  dealerId: 20410,
  permissions: { service_settings: ['read'], notification_settings: ['read'] },
};

const OTHER_DEALER: SimulatorAccount = {
  login: '30700',
  password: 'Other-Dealer-Pa55!',
  dealerId: 30700,
};

const NOTIFICATION = {
  email_from: 'Fleet <no-reply@fleet.example.com>',
  email_footer: 'Bye',
  sms_originator: 'Fleet',
  caller_id: '491761234543',
};

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, READER, OTHER_DEALER] });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

async function readService(session = hash): Promise<Record<string, unknown>> {
  const answer = await call(simulator, 'dealer/settings/service/read', { hash: session });
  expect(answer.status).toBe(200);
  return answer.body.value as Record<string, unknown>;
}

/** The writable settings of a read, as a client doing read-modify-write sends them back. */
function writable(value: Record<string, unknown>): Record<string, unknown> {
  const { favicon, logo, limited_domain, allowed_maps, has_https, ...rest } = value;
  void [favicon, logo, limited_domain, allowed_maps, has_https];
  return rest;
}

describe('dealer/settings/notification', () => {
  it('reads the seeded settings under value', async () => {
    const answer = await call(simulator, 'dealer/settings/notification/read', { hash });
    expect(answer.body).toEqual({
      success: true,
      value: {
        email_from: 'Navixy Demo <no-reply@demo.navixy.com>',
        email_footer: '\n\nSincerely, Navixy Demo',
        email_special: 'reports@demo.navixy.com',
        sms_originator: 'demo.navixy.com',
        caller_id: '491761234543',
      },
    });
  });

  it('replaces the record: an omitted email_special is cleared (§5.6)', async () => {
    const update = await call(simulator, 'dealer/settings/notification/update', {
      hash,
      ...NOTIFICATION,
    });
    expect(update.body).toEqual({ success: true });
    const read = await call(simulator, 'dealer/settings/notification/read', { hash });
    expect(read.body.value).toEqual(NOTIFICATION);
    const service = await readService();
    expect(service).not.toHaveProperty('email_special');
  });

  it('names every missing or malformed field (7)', async () => {
    const answer = await call(simulator, 'dealer/settings/notification/update', {
      hash,
      sms_originator: 'Bad<originator>',
      email_special: 'x'.repeat(256),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'email_from',
      'email_footer',
      'sms_originator',
      'caller_id',
      'email_special',
    ]);
  });

  it('needs notification_settings:update (13)', async () => {
    const reader = await login(simulator, READER);
    const answer = await call(simulator, 'dealer/settings/notification/update', {
      hash: reader,
      ...NOTIFICATION,
    });
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});

describe('dealer/settings/service', () => {
  it('reads the settings with images and the shared email_special', async () => {
    const other = await login(simulator, OTHER_DEALER);
    const value = await readService(other);
    expect(value).toMatchObject({
      domain: 'dealer30700.example.com',
      service_title: 'Dealer 30700',
      maps: ['roadmap', 'satellite', 'osm', 'osmmapnik'],
      default_map: { type: 'roadmap', zoom: 10 },
      logo: 'paas/30700/logo.png',
      email_special: 'reports@dealer30700.example.com',
      no_auto_create_rules: true,
      allow_registration: true,
    });
  });

  it('resets omitted settings but keeps the three preserved ones (§4.4, §5.6)', async () => {
    const other = await login(simulator, OTHER_DEALER);
    const before = await readService(other);
    const update = await call(simulator, 'dealer/settings/service/update', {
      hash: other,
      domain: 'fleet.example.com',
      service_title: 'Fleet',
      locale: 'en_US',
      demo_login: '',
      demo_password: '',
      maps: ['osm'],
      default_map: { type: 'osm', location: { lat: 1, lng: 2 }, zoom: 3 },
      currency: 'EUR',
      color_theme: '',
      app_color_theme: '',
    });
    expect(update.body).toEqual({ success: true });
    const after = await readService(other);
    expect(after).toMatchObject({
      domain: 'fleet.example.com',
      no_auto_create_rules: false,
      google_client_id: '',
      allow_registration: before.allow_registration,
      show_mobile_apps: before.show_mobile_apps,
      default_user_time_zone: before.default_user_time_zone,
      logo: before.logo,
    });
    for (const cleared of ['email_special', 'payment_link', 'promo_url', 'login_footer']) {
      expect(after).not.toHaveProperty(cleared);
    }
  });

  it('keeps everything when the read is sent back (read-modify-write)', async () => {
    const before = await readService();
    const update = await call(simulator, 'dealer/settings/service/update', {
      hash,
      ...writable(before),
      service_title: 'Renamed',
    });
    expect(update.status).toBe(200);
    expect(await readService()).toEqual({ ...before, service_title: 'Renamed' });
  });

  it('answers 247 (HTTP 409) for a domain another dealer uses', async () => {
    const before = await readService();
    const answer = await call(simulator, 'dealer/settings/service/update', {
      hash,
      ...writable(before),
      domain: 'fleet.example.com',
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual(navixyError(247, 'Entity already exists'));
  });

  it('validates required and nested fields with dotted names (7)', async () => {
    const answer = await call(
      simulator,
      'dealer/settings/service/update',
      {
        hash,
        maps: ['osm', 'spacemap'],
        default_map: { type: 'roadmap', location: { lat: 100 }, zoom: 'far' },
        default_user_settings: { measurement_system: 'cubits', translit: 'maybe' },
      },
      { transport: 'form' },
    );
    const names = answer.body.errors.map((e: { parameter: string }) => e.parameter);
    expect(names).toEqual(
      expect.arrayContaining([
        'domain',
        'service_title',
        'maps',
        'default_map.location.lat',
        'default_map.zoom',
        'default_user_settings.measurement_system',
        'default_user_settings.translit',
      ]),
    );
  });

  it('answers 7 for a null [SPEC] does not admit, and takes the nullable ones as cleared', async () => {
    const value = (await call(simulator, 'dealer/settings/service/read', { hash })).body.value;
    const nulls = await call(simulator, 'dealer/settings/service/update', {
      hash,
      ...value,
      google_client_id: null,
      allow_registration: null,
    });
    expect(nulls.body.errors).toEqual([
      { parameter: 'google_client_id', error: 'Should not be null' },
      { parameter: 'allow_registration', error: 'Should not be null' },
    ]);
    const cleared = await call(simulator, 'dealer/settings/service/update', {
      hash,
      ...value,
      payment_link: null,
      tos: null,
      email_special: null,
    });
    expect(cleared.body).toEqual({ success: true });
    const read = (await call(simulator, 'dealer/settings/service/read', { hash })).body.value;
    expect(read).not.toHaveProperty('payment_link');
    expect(read).not.toHaveProperty('email_special');
  });

  it('needs service_settings:update (13)', async () => {
    const reader = await login(simulator, READER);
    const answer = await call(simulator, 'dealer/settings/service/update', { hash: reader });
    expect(answer.status).toBe(403);
  });
});
