import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_ACTIONS } from '../../src/panel/actions.js';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import {
  catalogPermissions,
  createPanelCaller,
  type PanelCaller,
} from '../helpers/panel-caller.js';

/**
 * Schema and simulator agree: every action is called on a fresh simulator with params its
 * request schema accepts, and the answer must parse with its response schema. The simulator
 * shares no code with the gateway, so a disagreement here is a real one.
 */
const LOGIN = { login: 'parity', password: 'Parity-Pa55word!' };
const NEW_PASSWORD = 'Fresh-Pa55word!';

let sim: Simulator;
let panel: PanelCaller;
const call: PanelCaller['call'] = (action, params) => panel.call(action, params);
const upload: PanelCaller['upload'] = (action, fields, file) => panel.upload(action, fields, file);

beforeAll(async () => {
  sim = await startSimulator({
    accounts: [{ ...LOGIN, dealerId: 20410, permissions: catalogPermissions() }],
  });
  panel = createPanelCaller(sim);
  panel.hash = (await call('account/auth', LOGIN)).hash;
});
afterAll(() => sim.close());

/** The first of a list an answer may leave out (the spec requires nothing in it). */
const first = <T>(list: readonly T[] | null | undefined, what: string): T => {
  const item = list?.[0];
  if (item === undefined) throw new Error(`the seed has no ${what}`);
  return item;
};

describe('the catalog\u2019s schemas and the simulator', () => {
  it('agree on every read action', async () => {
    await call('account/get_permissions', {});
    await call('dealer/get_info', {});
    await call('dealer/activation_code/list', { limit: 5, order_by: 'code', ascending: false });
    await call('dealer/settings/notification/read', {});
    await call('dealer/settings/service/read', {});
    await call('timezone/list', { locale: 'en' });
    await call('gateways/email/list', {});
    await call('tariff/list', { device_type: 'tracker', order_by: 'price' });
    await call('tariff/read', { tariff_id: 12163 });
    await call('tariff/defaults/read', {});
    const users = await call('user/list', { limit: 3, hide_inactive: true, filter: 'a' });
    const userId = first(users.list, 'user').id;
    await call('user/read', { user_id: userId });
    await call('user/transaction/list', {
      user_id: userId,
      from: '2025-01-01 00:00:00',
      to: '2025-12-31 23:59:59',
      limit: 100,
    });
    await call('user/menu/preset/list', {});
    await call('user/menu/item/list', {});
    await call('user/menu/preset/items/list', {});
    await call('user/mfa/settings/default/read', {});
    const trackers = await call('tracker/list', { limit: 5, clones_filter: 'exclude_clones' });
    await call('tracker/read', { tracker_id: first(trackers.list, 'tracker').id });
    await call('tracker/active/history/list', { from: '2025-01', to: '2025-06' });
    const subdealers = await call('subpaas/list', { order_by: 'title' });
    await call('subpaas/read', { subpaas_id: first(subdealers.list, 'sub-dealer').subpaas_id });
    await call('order/read', { order_id: 5101 });
    const bundles = await call('tracker/bundle/list', { order_by: 'imei' });
    const imei = first(bundles.list, 'bundle').imei;
    await call('tracker/bundle/read', { imei: String(imei) });
    await call('equipment/list', {});
    const csv = await panel.download('user/export', { format: 'csv', columns: ['id', 'login'] });
    expect(csv.split('\n')[0]).toContain('id');

    const reads = Object.values(PANEL_ACTIONS).filter((a) => !a.mutates && !a.hidden);
    expect(reads.map((a) => a.path).filter((p) => !panel.called.has(p))).toEqual([]);
  });

  it('agree on the user, plan, code and settings writes', async () => {
    const form = {
      legal_type: 'individual' as const,
      login: 'parity@example.com',
      first_name: 'Ada',
      middle_name: '',
      last_name: 'Lovelace',
      phone: '447700900123',
      post_country: 'United Kingdom',
      post_index: 'M1 1AE',
      post_region: 'England',
      post_city: 'Manchester',
      post_street_address: '1 Deansgate',
    };
    const { id: userId } = await call('user/create', {
      user: { ...form, activated: true },
      password: NEW_PASSWORD,
      locale: 'en_US',
      time_zone: 'Europe/London',
      comment: 'parity',
    });
    await call('user/update', {
      user: { ...form, id: userId, activated: true },
      discount: null,
      default_tariff_id: null,
      comment: '',
    });
    await call('user/change_password', { user_id: userId, password: 'Other-Pa55word!' });
    await call('user/session/create', { user_id: userId });
    await call('user/transaction/change_balance', {
      user_id: userId,
      amount: 10,
      type: 'balance',
      text: 'parity test',
    });
    await call('user/mfa/settings/update', {
      target: { type: 'selected', ids: [userId] },
      settings: { type: 'allowed', factor_types: ['email'] },
    });
    await call('user/mfa/settings/default/update', { settings: { type: 'disallowed' } });
    await presetWrites(userId);
    const csv =
      'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;' +
      'Comment;Country;Region;City;Street, address;Zip code\n' +
      `imported@example.com;${NEW_PASSWORD};1;1;Hopper;Grace;;447700900001;;UK;England;Leeds;` +
      '2 Park Row;LS1 5AB\n';
    await upload('user/upload', {}, { name: 'users.csv', type: 'text/csv', data: csv });
    await call('user/corrupt', { user_id: userId, login: form.login, corrupt_clones: true });

    await planWrites();
    await settingsWrites();
  });

  it('agree on the tracker, sub-dealer and bundle writes', async () => {
    await trackerWrites();
    await subdealerWrites();
    await bundleWrites();
  });

  it('agree on the actions the gateway keeps to itself, and leave none out', async () => {
    const subdealers = await call('subpaas/list', {});
    const open = subdealers.list?.find((s) => s.block_type === 'NOT_BLOCKED');
    await call('subpaas/session/create', {
      subpaas_id: first(open ? [open] : [], 'open sub-dealer').subpaas_id,
    });
    await call('account/logout', {});
    panel.hash = (await call('account/auth', LOGIN)).hash;
    // Last: it ends every session of the dealer (§4.4).
    await call('dealer/password/update', {
      old_password: LOGIN.password,
      new_password: NEW_PASSWORD,
    });

    expect(Object.keys(PANEL_ACTIONS).filter((name) => !panel.called.has(name))).toEqual([]);
  });
});

/** Hardware trackers that every tracker action accepts: no clone, phone app or block. */
async function plainTrackers() {
  const { list } = await call('tracker/list', { clones_filter: 'exclude_clones', limit: 200 });
  return (list ?? []).filter(
    (t) =>
      !t.deleted && !t.source?.blocked && /^(tel|ql|concox|ruptela)/.test(t.source?.model ?? ''),
  );
}

async function trackerWrites() {
  const trackers = await plainTrackers();
  const [one, two, three, four] = trackers;
  if (!one || !two || !three || !four) throw new Error('the seed has too few plain trackers');
  const other = (t: typeof one) =>
    first(
      trackers.filter((u) => u.user_id !== t.user_id),
      'other owner',
    ).user_id ?? 0;
  await call('tracker/settings/update', {
    tracker_id: one.id,
    label: 'Parity',
    deleted: false,
    comment: '',
  });
  await call('tracker/source/update', { tracker_id: one.id, blocked: false });
  await call('tracker/register_retry', { tracker_id: one.id, send_register_commands: false });
  await call('tracker/console/connect', { tracker_id: one.id });
  await call('tracker/raw_command/send', {
    device_id: one.source?.device_id ?? '',
    command: 'getinfo',
    type: 'text',
    reliable: true,
  });
  const clone = await call('tracker/clone', {
    tracker_id: one.id,
    user_id: other(one),
    label: 'Parity clone',
  });
  await call('tracker/delete_clone', { tracker_id: clone.id });
  const batch = await call('tracker/batch_clone', {
    user_id: other(two),
    tracker_ids: [two.id],
    ignore_existing: true,
  });
  // [MD] answers the clones' ids, [SPEC] an outcome object per tracker (§7).
  const cloneIds = (batch.list ?? []).map((e) =>
    typeof e === 'number' ? e : Number(e.clone_id ?? e.id),
  );
  await call('tracker/batch_delete_clones', { trackers: cloneIds });
  const plans = await call('tariff/list', { device_type: 'tracker' });
  const plan = first(
    plans.list?.filter((p) => p.id !== two.source?.tariff_id && p.type === 'monthly'),
    'other plan',
  );
  await call('tracker/tariff/change', {
    tracker_id: two.id,
    tariff_id: plan.id,
    repay: false,
    charge: false,
  });
  await call('tracker/move', { tracker_id: three.id, user_id: other(three) });
  await call('tracker/corrupt', { tracker_id: four.id, corrupt_clones: true });
}

async function subdealerWrites() {
  const form = {
    title: 'Parity',
    jur_name: 'Parity Ltd',
    email: 'parity-sub@example.com',
    jur_country: 'United Kingdom',
    link_monitoring: 'parity-sub.example.com',
  };
  const created = await call('subpaas/create', { ...form, password: NEW_PASSWORD });
  const id = created.id ?? 0;
  await call('subpaas/update', {
    ...form,
    subpaas_id: id,
    block_type: 'INITIAL_BLOCK',
    contact_fio: 'Ada',
  });
  await call('subpaas/password/change', { subpaas_id: id, new_password: 'Other-Pa55word!' });
}

async function bundleWrites() {
  const equipment = await call('equipment/list', {});
  const equipId = Number(first(equipment.list, 'equipment').equip_id);
  await call('tracker/bundle/import', {
    imeis: ['356000000000017'],
    equip_id: equipId,
    factory_preset: false,
  });
  const bundles = await call('tracker/bundle/list', {});
  const withSim = first(
    bundles.list?.filter((b) => typeof b.iccid === 'string'),
    'bundle with a SIM',
  );
  const bundleId = Number(withSim.id);
  await call('tracker/bundle/assign', { bundle_id: bundleId });
  await call('tracker/bundle/assign', { bundle_id: bundleId, iccid: String(withSim.iccid) });
  await call('tracker/bundle/order/assign', { bundle_id: bundleId, order_id: 5102 });
  await call('tracker/bundle/order/assign', { bundle_id: bundleId, order_id: null });
  await call('tracker/bundle/update', { bundle_id: bundleId, equip_id: equipId });
}

async function presetWrites(userId: number) {
  const preset = { title: 'Parity', main: [], footer: { title: null, items: [] } };
  const { id } = await call('user/menu/preset/create', { preset });
  await call('user/menu/preset/update', { preset: { ...preset, id, title: 'Parity 2' } });
  await call('user/menu/preset/assign', {
    preset_id: id,
    target: { type: 'users', ids: [userId] },
  });
  await call('user/menu/preset/assign', { preset_id: id, target: { type: 'default' } });
  await call('user/menu/preset/delete', { preset_id: id });
}

async function planWrites() {
  const terms = { tariff_id: 12163, bonus_amount: 0, free_days: 7 };
  await call('dealer/activation_code/create', { count: 2, ...terms });
  const codes = await call('dealer/activation_code/list', { filter: '12163' });
  const code = first(
    codes.list?.filter((c) => !c.activated),
    'unused code',
  ).code;
  await call('dealer/activation_code/update', { codes: [code], ...terms, free_days: 14 });
  const draft = { name: 'Parity plan', type: 'monthly' as const, price: 1 };
  const { id } = await call('tariff/create', { tariff: { ...draft, device_type: 'tracker' } });
  await call('tariff/update', { tariff: { ...draft, id, price: 2 } });
  const defaults = await call('tariff/defaults/read', {});
  const tracker = defaults.tracker;
  await call('tariff/defaults/update', {
    tracker: {
      tariff_id: tracker?.tariff_id ?? 12163,
      activation_bonus: tracker?.activation_bonus ?? 0,
      free_days: tracker?.free_days ?? 0,
    },
  });
}

async function settingsWrites() {
  const { value: note } = await call('dealer/settings/notification/read', {});
  await call('dealer/settings/notification/update', {
    email_from: note.email_from ?? 'noreply@example.com',
    email_footer: note.email_footer ?? '',
    sms_originator: note.sms_originator ?? 'Parity',
    caller_id: note.caller_id ?? '',
    ...(note.email_special ? { email_special: note.email_special } : {}),
  });
  const { value: service } = await call('dealer/settings/service/read', {});
  const text = (name: string) => (typeof service[name] === 'string' ? String(service[name]) : '');
  const maps = service.maps as string[] | null | undefined;
  await call('dealer/settings/service/update', {
    ...Object.fromEntries(Object.entries(service).filter(([, v]) => v !== null)),
    domain: text('domain') || 'parity.example.com',
    service_title: text('service_title') || 'Parity',
    locale: text('locale') || 'en',
    demo_login: text('demo_login'),
    demo_password: text('demo_password'),
    maps: maps ?? ['osm'],
    default_map: { type: 'osm', location: { lat: 51.5, lng: -0.1 }, zoom: 10 },
    currency: text('currency') || 'USD',
    color_theme: text('color_theme'),
    app_color_theme: text('app_color_theme'),
  });
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  await upload(
    'dealer/settings/image/upload',
    { type: 'logo' },
    { name: 'logo.png', type: 'image/png', data: png },
  );
  await call('dealer/settings/image/delete', { type: 'logo' });
}
