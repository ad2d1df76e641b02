import { GOOD_PASSWORD, individualForm } from './fixtures.js';
import { BUNDLER, NEW_USER, valueOf } from './contract-step-kit.js';
import type { Step } from './contract-step-kit.js';
import { call, login } from './helpers.js';

const CSV =
  'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;' +
  `Comment;Country;Region;City;Street, address;Zip code\r\nup@example.com;${GOOD_PASSWORD};1;1;` +
  'Hopper;Grace;;447700900001;;UK;England;Leeds;2 Park Row;LS1 5AB\r\n';

/** User, menu and MFA actions. */
export const USER_STEPS: readonly Step[] = [
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
];

/** Tracker and legacy bundle actions; `tracker/move` near the end, as a kept ID changes later IDs. */
export const TRACKER_STEPS: readonly Step[] = [
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
];
