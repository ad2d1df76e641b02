import { z } from 'zod';
import { bool, date, int, num, orNull, str, strings } from './fields.js';

/**
 * [SPEC] PanelPermissions. "Which categories appear depends on the features enabled for the
 * dealer, so a category can be absent rather than empty": every category is optional, and other
 * categories may appear.
 */
export const panelPermissions = z.looseObject(
  Object.fromEntries(
    [
      'base',
      'service_settings',
      'notification_settings',
      'trackers',
      'users',
      'user_sessions',
      'tariffs',
      'transactions',
      'activation_code',
      'password',
      'email_gateways',
      'subpaas',
      'paas_payments',
      'paas_tariff',
    ].map((category) => [category, strings().optional()]),
  ),
);

export const passwordPolicy = z.looseObject({
  min_length: int(),
  max_length: int(),
  special_chars: str(),
  min_special_chars_count: int(),
  min_digits_count: int(),
  min_uppercase_count: int(),
  min_lowercase_count: int(),
});

/** [SPEC] ServicePrices. */
export const servicePrices = z.looseObject({
  incoming_sms: num(),
  outgoing_sms: num(),
  service_sms: num(),
  traffic: num(),
});

/** Reference §7 `phone-call-price`: the [MD] examples carry `phone_call` too. */
export const legacyServicePrices = servicePrices.extend({ phone_call: num().optional() });

function paasTariff(prices: z.ZodType) {
  return z.looseObject({
    id: int(),
    name: str(),
    type: str(),
    algorithm: str(),
    gis_package: str(),
    currency: str(),
    license_price: orNull(num()),
    min_license_pay: orNull(num()),
    vat: bool(),
    trial: bool(),
    premium_gis: bool(),
    service_prices: prices,
    store_period: str(),
  });
}

/** [SPEC] Dealer, the fields `dealer/get_info` puts at the top level beside `success`. */
export function dealerFields(prices: z.ZodType) {
  return {
    id: int(),
    seller_id: int(),
    parent_dealer_id: int(),
    contract_type: z.enum(['PARTNER', 'AGENT', 'PAAS']),
    tariff_id: int(),
    tariff: paasTariff(prices),
    demo_tariff: bool(),
    tracker_tariff_end_date: orNull(date()),
    store_period: str(),
    demo_ends: orNull(str()),
    title: str(),
    block_status: z.enum(['NOT_BLOCKED', 'INITIAL_BLOCK', 'BLOCK_LOGIN', 'CLIENTS_BLOCKED']),
    legal_name: str(),
    active_amount: int(),
    active_amount_own: int(),
    active_amount_subpaas: int(),
    active_limit: int(),
    locale: str(),
    domain: str(),
    favicon: orNull(str()),
    logo: orNull(str()),
    subpaas: bool(),
    allow_branding: bool(),
    password_policy: passwordPolicy,
    paas_activation_date: orNull(date()),
    license_balance: num(),
    seller_currency: str(),
    features: strings(),
    default_user_time_zone: str(),
    /** "Present only on standalone (on-premise) installations. Omitted entirely on hosted." */
    standalone_token: str().optional(),
  };
}

/** [SPEC] ActivationCode; `device_type` is a plain string there. */
export const activationCode = z.looseObject({
  code: str(),
  tariff_id: int(),
  tariff_name: str(),
  bonus_amount: int(),
  money_amount: int(),
  free_days: int(),
  device_type: str(),
  activated: bool(),
  activation_date: orNull(str()),
  device_id: int(),
});
