import { z } from 'zod';
import { anyObject, bool, date, int, num, orNull, str, strings } from './fields.js';

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

/** [SPEC] NotificationSettings as read. */
export const notificationSettings = z.looseObject({
  email_from: str().max(100),
  email_footer: str().max(600),
  /** "The only field of this object that may be omitted, in which case it is cleared." */
  email_special: orNull(str().max(255)),
  sms_originator: str().max(20),
  caller_id: str().max(20),
});

export const location = z.looseObject({ lat: num(), lng: num() });
export const defaultMap = z.looseObject({ type: str(), location, zoom: int() });
export const defaultUserSettings = z.looseObject({
  geocoder: str(),
  route_provider: str(),
  measurement_system: z.enum(['metric', 'imperial']),
  date_format: str(),
  hour_mode: z.enum(['TWELVE_HOURS', 'TWENTY_FOUR_HOURS']),
  translit: bool(),
});

/** The same objects as a write takes them: [SPEC] requires none of their fields. */
export const defaultMapWrite = z.object({
  type: str().optional(),
  location: z.object({ lat: num().optional(), lng: num().optional() }).optional(),
  zoom: int().optional(),
});
export const defaultUserSettingsWrite = z.object({
  geocoder: str().optional(),
  route_provider: str().optional(),
  measurement_system: z.enum(['metric', 'imperial']).optional(),
  date_format: str().optional(),
  hour_mode: z.enum(['TWELVE_HOURS', 'TWENTY_FOUR_HOURS']).optional(),
  translit: bool().optional(),
});

const informationCenterSection = z.looseObject({
  visible: bool(),
  content: z.looseObject({ type: str() }),
});
export const informationCenter = z.looseObject({
  release_notes: informationCenterSection,
  user_guides: informationCenterSection,
});

const informationCenterSectionWrite = z.object({
  visible: bool().optional(),
  content: z.object({ type: str().optional() }).optional(),
});
export const informationCenterWrite = z.object({
  release_notes: informationCenterSectionWrite.optional(),
  user_guides: informationCenterSectionWrite.optional(),
});

/** [SPEC] ServiceSettings as `dealer/settings/service/read` answers them. */
export const serviceSettings = z.looseObject({
  service_title: str(),
  locale: str(),
  demo_login: str(),
  demo_password: str(),
  maps: strings(),
  default_map: defaultMap,
  currency: str(),
  payment_link: orNull(str()),
  promo_url: orNull(str()),
  google_client_id: str(),
  domain: str(),
  favicon: orNull(str()),
  app_logo: orNull(str()),
  logo: orNull(str()),
  document_logo: orNull(str()),
  login_wallpaper: orNull(str()),
  desktop_wallpaper: orNull(str()),
  login_footer: orNull(str()),
  allow_registration: bool(),
  show_mobile_apps: bool(),
  default_user_settings: defaultUserSettings,
  display_model_features_link: bool(),
  limited_domain: bool(),
  allowed_maps: strings(),
  color_theme: str().max(128),
  app_color_theme: str().max(128),
  privacy_policy_link: orNull(str()),
  tos: orNull(str()),
  no_register_commands: bool(),
  default_user_time_zone: str(),
  /** The notification settings' value, which "may be omitted, in which case it is cleared". */
  email_special: str().optional(),
  monitoring_logo: orNull(str()),
  monitoring_logo_clickable: bool(),
  has_https: bool(),
  no_auto_create_rules: bool(),
  no_auto_create_sensors: bool(),
  display_release_notes: bool(),
  show_call_notifications: bool(),
  captcha_provider: str(),
  gis_package: str(),
  gis_package_definition: orNull(anyObject()),
  geocoders: strings(),
  route_providers: strings(),
  lbs_providers: strings(),
  matrix_providers: strings(),
  information_center: informationCenter,
});

/** [SPEC] TimeZone. */
export const timeZone = z.looseObject({
  zone_id: str(),
  description: str(),
  base_offset: num(),
  dst_offset: int(),
  country_code: str(),
  /** "Omitted entirely when there are none." */
  alt_ids: strings().optional(),
});

export const ownEmailGateway = z.looseObject({
  id: int(),
  leasable: bool(),
  label: str(),
  provider: str(),
  params: anyObject(),
});

export const leasableEmailGateway = z.looseObject({
  id: int(),
  label: str(),
  provider: str(),
  default_from_address: str(),
});
