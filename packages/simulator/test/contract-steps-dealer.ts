import { DEFAULT_ACCOUNT } from '../src/index.js';
import { GOOD_PASSWORD } from './fixtures.js';
import { valueOf } from './contract-step-kit.js';
import type { Step } from './contract-step-kit.js';

const PNG = '\u0089PNG\r\n\u001a\n';

/** Account, dealer, settings, sub-dealer and plan actions (contract-steps.ts runs them first). */
export const DEALER_STEPS: readonly Step[] = [
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
];
