import { z } from 'zod';
import {
  answer,
  bool,
  id,
  int,
  listParams,
  noParams,
  ok,
  orNull,
  page,
  str,
  strings,
} from './fields.js';
import {
  activationCode,
  dealerFields,
  legacyServicePrices,
  panelPermissions,
  servicePrices,
} from './objects-dealer.js';
import {
  defaultMapWrite,
  defaultUserSettingsWrite,
  informationCenterWrite,
  leasableEmailGateway,
  notificationSettings,
  ownEmailGateway,
  serviceSettings,
  timeZone,
} from './objects-settings.js';
import { legacyOrder, order } from './objects-trackers.js';
import type { ActionContract } from './types.js';

const IMAGE_TYPES = [
  'logo',
  'favicon',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'document_logo',
  'app_logo',
] as const;

const codeTerms = {
  tariff_id: int(),
  bonus_amount: int(),
  free_days: int().min(0),
};

/**
 * [SPEC] ServiceSettingsUpdate, plus the settings the [UI] also sends (the update resets every
 * writable setting it is not sent, listed or not: reference §4.4).
 */
const serviceSettingsUpdate = z.object({
  domain: str().max(255),
  service_title: str().max(100),
  locale: str(),
  demo_login: str().max(50),
  demo_password: str().max(50),
  maps: strings(),
  default_map: defaultMapWrite,
  currency: str(),
  color_theme: str().max(128),
  app_color_theme: str().max(128),
  payment_link: z.url().nullable().optional(),
  promo_url: z.url().nullable().optional(),
  google_client_id: str().optional(),
  login_footer: str().nullable().optional(),
  allow_registration: bool().optional(),
  show_mobile_apps: bool().optional(),
  default_user_settings: defaultUserSettingsWrite.optional(),
  display_model_features_link: bool().optional(),
  privacy_policy_link: str().max(200).nullable().optional(),
  tos: str().max(20_000).nullable().optional(),
  no_register_commands: bool().optional(),
  default_user_time_zone: str().optional(),
  email_special: str().max(255).nullable().optional(),
  no_auto_create_rules: bool().optional(),
  monitoring_logo_clickable: bool().optional(),
  no_auto_create_sensors: bool().optional(),
  display_release_notes: bool().optional(),
  show_call_notifications: bool().optional(),
  captcha_provider: str().optional(),
  geocoders: strings().optional(),
  route_providers: strings().optional(),
  lbs_providers: strings().optional(),
  information_center: informationCenterWrite.optional(),
});

/** Reference §4.3–§4.5: account, dealer, dealer settings, time zones, orders, email gateways. */
export const dealerContracts: Record<string, ActionContract> = {
  'account/auth': {
    request: z.object({ login: str(), password: str() }),
    answer: answer({ hash: str(), permissions: panelPermissions }),
  },
  'account/get_permissions': {
    request: noParams,
    answer: answer({ permissions: panelPermissions }),
  },
  'account/logout': { request: noParams, answer: ok },
  'dealer/get_info': {
    request: noParams,
    answer: answer(dealerFields(servicePrices)),
    legacyAnswer: answer(dealerFields(legacyServicePrices)),
  },
  'dealer/activation_code/create': {
    request: z.object({ count: int().min(1), ...codeTerms }),
    answer: answer({ count: int() }),
  },
  'dealer/activation_code/list': {
    // [SPEC] gives this list's `offset` and `limit` no minimum.
    request: listParams(
      z.enum([
        'code',
        'activated',
        'tariff_id',
        'tariff_name',
        'device_type',
        'money_amount',
        'bonus_amount',
        'free_days',
      ]),
    ).extend({ offset: int().optional(), limit: int().optional() }),
    answer: page(activationCode),
  },
  'dealer/activation_code/update': {
    request: z.object({ codes: strings().min(1), ...codeTerms }),
    answer: answer({ count: int() }),
  },
  'dealer/password/update': {
    request: z.object({ old_password: str(), new_password: str() }),
    answer: ok,
  },
  'dealer/settings/image/upload': {
    // multipart/form-data: `type` and `redirect_target` are text parts, `file` a file part.
    request: z.object({
      type: z.enum(IMAGE_TYPES),
      file: z.unknown(),
      redirect_target: z.url().optional(),
    }),
    answer: ok,
  },
  'dealer/settings/image/delete': {
    request: z.object({ type: z.enum(IMAGE_TYPES) }),
    answer: ok,
  },
  'dealer/settings/notification/read': {
    request: noParams,
    answer: answer({ value: notificationSettings }),
  },
  'dealer/settings/notification/update': {
    request: z.object({
      email_from: str().max(100),
      email_footer: str().max(600),
      email_special: str().max(255).nullable().optional(),
      sms_originator: str().max(20),
      caller_id: str().max(20),
    }),
    answer: ok,
  },
  'dealer/settings/service/read': {
    request: noParams,
    answer: answer({ value: serviceSettings }),
  },
  'dealer/settings/service/update': { request: serviceSettingsUpdate, answer: ok },
  'timezone/list': {
    request: z.object({ locale: str() }),
    answer: answer({ list: z.array(timeZone) }),
  },
  'order/read': {
    request: z.object({ order_id: id() }),
    answer: answer({ value: order }),
    legacyAnswer: answer({ value: legacyOrder }),
  },
  'gateways/email/list': {
    request: noParams,
    answer: answer({
      bound_gateway: orNull(int()),
      own: z.array(ownEmailGateway),
      leasable: z.array(leasableEmailGateway),
    }),
  },
};
