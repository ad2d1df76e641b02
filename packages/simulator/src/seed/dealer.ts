import type { Dealer, PaasTariff, PasswordPolicy, Plan, ServicePrices } from '../model.js';

/** The dealer the seed data belongs to: the [MD] examples' dealer and login, 20410. */
export const SEEDED_DEALER_ID = 20410;

/** [SPEC] ServicePrices example. */
const SERVICE_PRICES: ServicePrices = {
  incoming_sms: 0.3,
  outgoing_sms: 0.3,
  service_sms: 0.2,
  traffic: 0.09,
};

/**
 * [SPEC] PaasTariff example; its null `license_price` and `min_license_pay` are omitted (§1.5).
 * Its prices carry `phone_call` as [MD]'s wholesale example does (answered only with the older
 * shapes, §7 `phone-call-price`).
 */
const PAAS_TARIFF: PaasTariff = {
  id: 5,
  name: 'PaaS Tariff',
  type: 'daily',
  algorithm: 'plain',
  gis_package: 'premium',
  currency: 'RUB',
  vat: false,
  trial: false,
  premium_gis: true,
  service_prices: { ...SERVICE_PRICES, phone_call: 0.55 },
  store_period: 'P3Y',
};

/** [SPEC] PasswordPolicy example. */
const PASSWORD_POLICY: PasswordPolicy = {
  min_length: 12,
  max_length: 20,
  special_chars: '!@#$%^&*-=()<>[]{}+:;.,/\\?|~`\'"',
  min_special_chars_count: 1,
  min_digits_count: 1,
  min_uppercase_count: 1,
  min_lowercase_count: 1,
};

/** [SPEC] Dealer example `features`. */
const FEATURES =
  'branding_web branding_mobile navixy_label tracking reports fleet field_service premium_gis';

/**
 * Reference §4.2 "Dealer", values from the [SPEC] Dealer example; its null `demo_ends` is
 * omitted (§1.5). Any other dealer ID (an extra simulator account) gets the same record under its
 * own id, title and domain.
 */
export function buildDealer(id: number): Dealer {
  const seeded = id === SEEDED_DEALER_ID;
  return {
    id,
    seller_id: 3,
    parent_dealer_id: 5001,
    contract_type: 'PAAS',
    tariff_id: PAAS_TARIFF.id,
    tariff: PAAS_TARIFF,
    demo_tariff: false,
    tracker_tariff_end_date: '2015-12-31',
    store_period: 'P6M',
    title: seeded ? 'Navixy Demo' : `Dealer ${id}`,
    block_status: 'NOT_BLOCKED',
    legal_name: 'Company',
    active_amount: 99,
    active_amount_own: 80,
    active_amount_subpaas: 19,
    active_limit: 100,
    locale: 'en_US',
    domain: seeded ? 'demo.navixy.com' : `dealer${id}.example.com`,
    favicon: `paas/${id}/custom.ico`,
    logo: `paas/${id}/logo.png`,
    subpaas: false,
    allow_branding: true,
    password_policy: PASSWORD_POLICY,
    paas_activation_date: '2015-03-01',
    license_balance: 0,
    seller_currency: 'USD',
    features: FEATURES.split(' '),
    default_user_time_zone: 'Europe/London',
  };
}

/** The plan new users' trackers get by default (`default_tariff_id` of `user/read`). */
export const DEFAULT_PLAN_ID = 13457;

/** The seeded dealer's plans; "Premium" is the [MD] `tariff/list` example. */
export function buildPlans(): Plan[] {
  const plan = (fields: Pick<Plan, 'id' | 'name' | 'type' | 'price'> & Partial<Plan>): Plan => ({
    group_id: 3,
    active: true,
    device_limit: 2000,
    has_reports: true,
    store_period: '1y',
    proportional_charge: false,
    auto_prolong: true,
    features: ['api', 'event_notification', 'report_xls', 'routing'],
    map_filter: { exclusion: true, values: [] },
    service_prices: { ...SERVICE_PRICES, phone_call: 0.6 },
    device_type: 'tracker',
    ...fields,
  });
  return [
    plan({ id: 12163, name: 'Premium', type: 'monthly', price: 12.55, early_change_price: 23 }),
    plan({
      id: DEFAULT_PLAN_ID,
      name: 'Standard',
      type: 'monthly',
      price: 7.5,
      store_period: '6m',
    }),
    plan({ id: 21967, name: 'Pay per day', type: 'activeday', price: 0.3, has_reports: false }),
    plan({ id: 21968, name: 'Dashcam', type: 'monthly', price: 15, device_type: 'camera' }),
  ];
}
