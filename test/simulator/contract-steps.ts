import { DEFAULT_ACCOUNT, FULL_PERMISSIONS } from '../../src/simulator/index.js';
import type { Simulator, SimulatorAccount } from '../../src/simulator/index.js';
import { GOOD_PASSWORD, individualForm } from './fixtures.js';
import { call, login } from './helpers.js';
import type { Json } from './helpers.js';

/** An account that may also import bundles (`tracker_bundles: create`, reference §3.2). */
export const BUNDLER: SimulatorAccount = {
  login: 'bundler',
  password: 'Bundler-Pa55word!',
  dealerId: 20410,
  permissions: { ...FULL_PERMISSIONS, tracker_bundles: ['read', 'create', 'update'] },
};

/** What a step's parameters may depend on: the session and the seeded trackers. */
export interface StepContext {
  readonly simulator: Simulator;
  readonly hash: string;
  /** Plain hardware trackers of the seed: not clones, not deleted, not blocked. */
  readonly plain: readonly Json[];
  /** Seeded clones not bound to rules or vehicles. */
  readonly clones: readonly Json[];
}

export interface Step {
  readonly action: string;
  readonly params?: (
    context: StepContext,
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A multipart upload: its form parts beside the session hash. */
  readonly upload?: readonly Part[];
}

export interface Part {
  readonly name: string;
  readonly value: string;
  readonly filename?: string;
  readonly type?: string;
}

const PNG = '\u0089PNG\r\n\u001a\n';
const CSV =
  'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;' +
  `Comment;Country;Region;City;Street, address;Zip code\r\nup@example.com;${GOOD_PASSWORD};1;1;` +
  'Hopper;Grace;;447700900001;;UK;England;Leeds;2 Park Row;LS1 5AB\r\n';

const NEW_USER = 400001;
async function valueOf(
  context: StepContext,
  action: string,
  params: Record<string, unknown>,
): Promise<Record<string, Json>> {
  const answer = await call(context.simulator, action, { hash: context.hash, ...params });
  return answer.body.value as Record<string, Json>;
}

/** The clock of every contract run: a week after the seed's "now". */
export const CONTRACT_NOW = Date.UTC(2026, 7, 10, 12, 0, 0);

/**
 * One successful call of every action the simulator serves, in an order where each finds what
 * it needs. The values are valid in every shape mode, so every run answers 200 throughout; the
 * calls whose answers a shape case changes come after every call that could see the change
 * (`tracker/move` last: a kept ID changes later IDs).
 */
export const STEPS: readonly Step[] = [
  {
    action: 'account/auth',
    params: () => ({ login: DEFAULT_ACCOUNT.login, password: DEFAULT_ACCOUNT.password }),
  },
  { action: 'account/get_permissions' },
  { action: 'dealer/get_info' },
  {
    action: 'dealer/activation_code/create',
    params: () => ({ count: 2, tariff_id: 12163, bonus_amount: 5, free_days: 7 }),
  },
  { action: 'dealer/activation_code/list', params: () => ({ order_by: 'free_days', limit: 5 }) },
  {
    action: 'dealer/activation_code/update',
    params: () => ({ codes: ['0000000000'], tariff_id: 12163, bonus_amount: 0, free_days: 1 }),
  },
  {
    action: 'dealer/settings/image/upload',
    upload: [
      { name: 'type', value: 'logo' },
      { name: 'file', value: PNG, filename: 'logo.png', type: 'image/png' },
    ],
  },
  { action: 'dealer/settings/image/delete', params: () => ({ type: 'favicon' }) },
  { action: 'dealer/settings/notification/read' },
  {
    action: 'dealer/settings/notification/update',
    params: async (context) => valueOf(context, 'dealer/settings/notification/read', {}),
  },
  { action: 'dealer/settings/service/read' },
  {
    action: 'dealer/settings/service/update',
    params: async (context) => valueOf(context, 'dealer/settings/service/read', {}),
  },
  { action: 'timezone/list', params: () => ({ locale: 'en' }) },
  { action: 'order/read', params: () => ({ order_id: 5101 }) },
  { action: 'gateways/email/list' },
  { action: 'subpaas/list' },
  { action: 'subpaas/read', params: () => ({ subpaas_id: 20501 }) },
  {
    action: 'subpaas/create',
    params: () => ({
      password: GOOD_PASSWORD,
      title: 'South Fleet',
      jur_name: 'South Fleet Ltd',
      email: 'south@example.com',
      jur_country: 'UK',
      link_monitoring: 'south.example.com',
    }),
  },
  {
    action: 'subpaas/update',
    params: async (context) => ({
      ...(await valueOf(context, 'subpaas/read', { subpaas_id: 20501 })),
      contact_fio: 'Ann Smith',
    }),
  },
  {
    action: 'subpaas/password/change',
    params: () => ({ subpaas_id: 20501, new_password: 'Other-Pa55word!' }),
  },
  { action: 'subpaas/session/create', params: () => ({ subpaas_id: 20501 }) },
  { action: 'tariff/list' },
  { action: 'tariff/read', params: () => ({ tariff_id: 12163 }) },
  {
    action: 'tariff/create',
    params: () => ({ tariff: { name: 'Lite', type: 'monthly', price: 3, device_type: 'tracker' } }),
  },
  {
    action: 'tariff/update',
    params: async (context) => {
      const { device_type: _type, ...plan } = await valueOf(context, 'tariff/read', {
        tariff_id: 12163,
      });
      return { tariff: { ...plan, name: 'Premium plus' } };
    },
  },
  { action: 'tariff/defaults/read' },
  {
    action: 'tariff/defaults/update',
    params: () => ({ tracker: { tariff_id: 13457, activation_bonus: 1, free_days: 3 } }),
  },
  { action: 'user/list', params: () => ({ order_by: 'login', limit: 10 }) },
  { action: 'user/read', params: () => ({ user_id: 371321 }) },
  { action: 'user/export', params: () => ({ format: 'csv' }) },
  {
    action: 'user/change_password',
    params: () => ({ user_id: 371322, password: 'Changed-Pa55word!' }),
  },
  { action: 'user/session/create', params: () => ({ user_id: 371322 }) },
  {
    action: 'user/transaction/change_balance',
    params: () => ({ user_id: 371323, amount: 5, type: 'bonus', text: 'Goodwill bonus' }),
  },
  {
    action: 'user/transaction/list',
    params: () => ({ user_id: 371323, from: '2026-01-01 00:00:00', to: '2026-12-31 00:00:00' }),
  },
  {
    action: 'user/create',
    params: () => ({
      user: individualForm('contract@example.com'),
      password: GOOD_PASSWORD,
      locale: 'en_US',
      time_zone: 'Europe/London',
      discount: { percent: 12.5, end_date: '2031-01-31', device_limit: 4 },
      default_tariff_id: 13457,
      comment: 'Contract test',
    }),
  },
  { action: 'user/read', params: () => ({ user_id: NEW_USER }) },
  {
    action: 'user/update',
    params: async (context) => {
      const read = await call(context.simulator, 'user/read', {
        hash: context.hash,
        user_id: NEW_USER,
      });
      return { user: read.body.value, discount: read.body.discount, comment: 'Updated' };
    },
  },
  { action: 'user/upload', upload: [{ name: 'file', value: CSV, filename: 'users.csv' }] },
  { action: 'user/menu/preset/list' },
  {
    action: 'user/menu/preset/create',
    params: () => ({
      preset: {
        title: 'Drivers',
        main: [{ title: null, items: [{ title: 'common.menu.tracking', tabs: [] }] }],
        footer: { items: [] },
      },
    }),
  },
  {
    action: 'user/menu/preset/update',
    params: () => ({ preset: { id: 1001, title: 'Drivers only', main: [] } }),
  },
  {
    action: 'user/menu/preset/assign',
    params: () => ({ preset_id: 1001, target: { type: 'users', ids: [371324] } }),
  },
  { action: 'user/menu/preset/delete', params: () => ({ preset_id: 1001 }) },
  { action: 'user/menu/item/list' },
  { action: 'user/menu/preset/items/list' },
  {
    action: 'user/mfa/settings/update',
    params: () => ({
      target: { type: 'selected', ids: [371325] },
      settings: { type: 'disallowed' },
    }),
  },
  {
    action: 'user/mfa/settings/default/update',
    params: () => ({ settings: { type: 'allowed', factor_types: ['email'] } }),
  },
  { action: 'user/mfa/settings/default/read' },
  {
    action: 'tracker/list',
    params: () => ({ clones_filter: 'exclude_clones', order_by: 'label' }),
  },
  {
    action: 'tracker/settings/update',
    params: (context) => ({ tracker_id: context.plain[0]?.id, comment: 'SIM due in May' }),
  },
  { action: 'tracker/read', params: (context) => ({ tracker_id: context.plain[0]?.id }) },
  {
    action: 'tracker/clone',
    params: (context) => ({ tracker_id: context.plain[1]?.id, user_id: NEW_USER, label: 'Copy' }),
  },
  {
    action: 'tracker/batch_clone',
    params: (context) => ({
      user_id: NEW_USER,
      tracker_ids: [context.plain[2]?.id, context.plain[3]?.id],
      ignore_existing: true,
    }),
  },
  { action: 'tracker/delete_clone', params: (context) => ({ tracker_id: context.clones[0]?.id }) },
  {
    action: 'tracker/batch_delete_clones',
    params: (context) => ({ trackers: [context.clones[1]?.id, context.plain[4]?.id] }),
  },
  {
    action: 'tracker/register_retry',
    params: (context) => ({ tracker_id: context.plain[5]?.id, send_register_commands: false }),
  },
  {
    action: 'tracker/source/update',
    params: (context) => ({ tracker_id: context.plain[6]?.id, blocked: false }),
  },
  {
    action: 'tracker/tariff/change',
    params: (context) => ({
      tracker_id: context.plain[7]?.id,
      tariff_id: context.plain[7]?.source.tariff_id === 12163 ? 13457 : 12163,
      repay: true,
      charge: true,
    }),
  },
  {
    action: 'tracker/console/connect',
    params: (context) => ({ tracker_id: context.plain[8]?.id }),
  },
  { action: 'tracker/active/history/list', params: () => ({ from: '2026-03', to: '2026-08' }) },
  {
    action: 'tracker/raw_command/send',
    params: (context) => ({ device_id: context.plain[9]?.source.device_id, command: 'getver' }),
  },
  { action: 'tracker/corrupt', params: (context) => ({ tracker_id: context.plain[10]?.id }) },
  { action: 'tracker/bundle/list' },
  { action: 'tracker/bundle/read', params: () => ({ imei: '352091090000011' }) },
  {
    action: 'tracker/bundle/assign',
    params: () => ({ bundle_id: 7004, iccid: '89441000000007101' }),
  },
  { action: 'tracker/bundle/order/assign', params: () => ({ bundle_id: 7005, order_id: 5102 }) },
  {
    action: 'tracker/bundle/import',
    params: async (context) => ({
      hash: await login(context.simulator, BUNDLER),
      imeis: ['356938035643809'],
      equip_id: 11,
    }),
  },
  { action: 'tracker/bundle/update', params: () => ({ bundle_id: 7006, equip_id: 12 }) },
  { action: 'equipment/list' },
  {
    action: 'tracker/move',
    params: (context) => ({ tracker_id: context.plain[11]?.id, user_id: NEW_USER }),
  },
  {
    action: 'user/corrupt',
    params: async (context) => ({
      user_id: 371370,
      login: (await valueOf(context, 'user/read', { user_id: 371370 })).login,
    }),
  },
  // A session of its own: the next step still needs the shared one.
  {
    action: 'account/logout',
    params: async (context) => ({ hash: await login(context.simulator) }),
  },
  // Last: it ends every session of the dealer (reference §1.7).
  {
    action: 'dealer/password/update',
    params: () => ({ old_password: DEFAULT_ACCOUNT.password, new_password: 'Renewed-Pa55word!' }),
  },
];
