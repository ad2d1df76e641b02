import { z } from 'zod';
import { done, id, io, listParams, noParams, page, up, upObject } from './fields.js';

/** ServicePrices (reference §4.2 "Plan"; [MD] adds `phone_call`). */
export const servicePricesShape = {
  incoming_sms: up.num,
  outgoing_sms: up.num,
  service_sms: up.num,
  traffic: up.num,
  phone_call: up.num,
};
export const servicePricesUpstream = z.looseObject(servicePricesShape);

/** The dealer's own PaaS plan (reference §4.2 "Dealer", `tariff`). */
export const paasPlanUpstream = z.looseObject({
  id: up.int,
  name: up.str,
  type: up.str,
  algorithm: up.str,
  gis_package: up.str,
  currency: up.str,
  license_price: up.num,
  min_license_pay: up.num,
  vat: up.bool,
  trial: up.bool,
  premium_gis: up.bool,
  service_prices: upObject(servicePricesShape),
  store_period: up.str,
});

export const passwordPolicyUpstream = z.looseObject({
  min_length: up.int,
  max_length: up.int,
  special_chars: up.str,
  min_special_chars_count: up.int,
  min_digits_count: up.int,
  min_uppercase_count: up.int,
  min_lowercase_count: up.int,
});

/** `dealer/get_info` answers with the dealer's fields at the top level (reference §4.4). */
export const dealerUpstream = z.looseObject({
  id: z.number().int(),
  seller_id: up.int,
  parent_dealer_id: up.int,
  contract_type: up.str,
  tariff_id: up.int,
  tariff: paasPlanUpstream.nullish(),
  demo_tariff: up.bool,
  tracker_tariff_end_date: up.str,
  store_period: up.str,
  demo_ends: up.str,
  title: up.str,
  legal_name: up.str,
  locale: up.str,
  domain: up.str,
  block_status: up.str,
  active_amount: up.int,
  active_amount_own: up.int,
  active_amount_subpaas: up.int,
  active_limit: up.int,
  favicon: up.str,
  logo: up.str,
  enable_trackers: up.bool,
  enable_cameras: up.bool,
  subpaas: up.bool,
  allow_branding: up.bool,
  password_policy: passwordPolicyUpstream.nullish(),
  paas_activation_date: up.str,
  license_balance: up.num,
  seller_currency: up.str,
  features: up.strings,
  default_user_time_zone: up.str,
  /** On-premise only: a service credential the gateway reads and never passes on. */
  standalone_token: up.str,
});

/** Reference §4.2 "ActivationCode". */
export const codeUpstream = z.looseObject({
  code: z.string(),
  tariff_id: up.int,
  tariff_name: up.str,
  bonus_amount: up.num,
  money_amount: up.num,
  free_days: up.int,
  device_type: up.str,
  activated: up.bool,
  activation_date: up.str,
  device_id: up.int,
});

/**
 * `dealer/activation_code/create|update` answer how many codes they created or changed; an
 * answer without the count (the spec requires nothing) still means they ran.
 */
const codeCount = z.looseObject({ count: up.int });

/** The terms both code actions set (reference §4.4). */
const codeTerms = {
  tariff_id: id,
  bonus_amount: z.number().int(),
  free_days: z.number().int().min(0),
};

export const dealerGetInfo = io(noParams, dealerUpstream);

export const activationCodeCreate = io(
  z.object({ count: z.number().int().min(1), ...codeTerms }),
  codeCount,
);
export const activationCodeList = io(
  listParams([
    'code',
    'activated',
    'tariff_id',
    'tariff_name',
    'device_type',
    'money_amount',
    'bonus_amount',
    'free_days',
  ]),
  page(codeUpstream),
);
export const activationCodeUpdate = io(
  z.object({ codes: z.array(z.string().min(1)).min(1), ...codeTerms }),
  codeCount,
);

/** Reference §4.4: 12–20 characters under the dealer's password policy. */
export const dealerPasswordUpdate = io(
  z.object({ old_password: z.string().min(1), new_password: z.string().min(1) }),
  done,
);
