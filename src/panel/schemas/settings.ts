import { z } from 'zod';
import { anyObject, done, io, noParams, up, upObject } from './fields.js';

/** Reference §4.2 "Service settings" ([SPEC] ServiceSettings), grouped by type. */
export const SERVICE_TEXT = [
  'service_title',
  'locale',
  'demo_login',
  'demo_password',
  'currency',
  'payment_link',
  'promo_url',
  'google_client_id',
  'domain',
  'favicon',
  'app_logo',
  'logo',
  'document_logo',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'login_footer',
  'color_theme',
  'app_color_theme',
  'privacy_policy_link',
  'tos',
  'default_user_time_zone',
  'email_special',
  'captcha_provider',
  'gis_package',
] as const;
export const SERVICE_FLAGS = [
  'allow_registration',
  'show_mobile_apps',
  'display_model_features_link',
  'limited_domain',
  'no_register_commands',
  'monitoring_logo_clickable',
  'has_https',
  'no_auto_create_rules',
  'no_auto_create_sensors',
  'display_release_notes',
  'show_call_notifications',
] as const;
export const SERVICE_LISTS = [
  'maps',
  'allowed_maps',
  'geocoders',
  'route_providers',
  'lbs_providers',
  'matrix_providers',
] as const;
export const SERVICE_OBJECTS = [
  'default_map',
  'default_user_settings',
  'information_center',
  'gis_package_definition',
] as const;

/** [SPEC] DefaultMap, DefaultUserSettings, InformationCenter (§4.2 "Service settings"). */
const defaultMapUpstream = upObject({
  type: up.str,
  location: upObject({ lat: up.num, lng: up.num }),
  zoom: up.int,
});
const defaultUserSettingsUpstream = upObject({
  geocoder: up.str,
  route_provider: up.str,
  measurement_system: up.str,
  date_format: up.str,
  hour_mode: up.str,
  translit: up.bool,
});
const infoSectionUpstream = upObject({ visible: up.bool, content: upObject({ type: up.str }) });

export const serviceSettingsUpstream = z.looseObject({
  ...Object.fromEntries(SERVICE_TEXT.map((n) => [n, up.str])),
  ...Object.fromEntries(SERVICE_FLAGS.map((n) => [n, up.bool])),
  ...Object.fromEntries(SERVICE_LISTS.map((n) => [n, up.strings])),
  default_map: defaultMapUpstream,
  default_user_settings: defaultUserSettingsUpstream,
  information_center: upObject({
    release_notes: infoSectionUpstream,
    user_guides: infoSectionUpstream,
  }),
  gis_package_definition: anyObject.nullish(),
});

/** Reference §4.2 "Notification settings". */
export const notificationSettingsUpstream = z.looseObject({
  email_from: up.str,
  email_footer: up.str,
  email_special: up.str,
  sms_originator: up.str,
  caller_id: up.str,
});

/** Branding image slots (reference §4.1; [SPEC] has seven). */
export const IMAGE_TYPES = [
  'logo',
  'favicon',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'document_logo',
  'app_logo',
] as const;

/**
 * `dealer/settings/service/update` (reference §4.4, [SPEC] ServiceSettingsUpdate): writable
 * settings at the top level. Loose, as the spec's: the [UI] sends more than [SPEC] documents and
 * Navixy resets what it is not sent, so a PATCH gives back every setting it read (§5.6).
 */
const defaultMapParam = z.looseObject({
  type: z.string(),
  location: z.looseObject({ lat: z.number(), lng: z.number() }),
  zoom: z.number().int(),
});
const defaultUserSettingsParam = z.looseObject({
  geocoder: z.string().optional(),
  route_provider: z.string().optional(),
  measurement_system: z.enum(['metric', 'imperial']).optional(),
  date_format: z.string().optional(),
  hour_mode: z.enum(['TWELVE_HOURS', 'TWENTY_FOUR_HOURS']).optional(),
  translit: z.boolean().optional(),
});
const serviceUpdateParams = z.looseObject({
  domain: z.string().min(1).max(255),
  service_title: z.string().min(1).max(100),
  locale: z.string().min(1),
  demo_login: z.string().max(50),
  demo_password: z.string().max(50),
  maps: z.array(z.string()),
  default_map: defaultMapParam,
  currency: z.string().min(1),
  color_theme: z.string().max(128),
  app_color_theme: z.string().max(128),
  payment_link: z.string().nullable().optional(),
  promo_url: z.string().nullable().optional(),
  google_client_id: z.string().optional(),
  login_footer: z.string().nullable().optional(),
  allow_registration: z.boolean().optional(),
  show_mobile_apps: z.boolean().optional(),
  default_user_settings: defaultUserSettingsParam.optional(),
  display_model_features_link: z.boolean().optional(),
  privacy_policy_link: z.string().max(200).nullable().optional(),
  tos: z.string().max(20_000).nullable().optional(),
  no_register_commands: z.boolean().optional(),
  default_user_time_zone: z.string().optional(),
  email_special: z.string().max(255).nullable().optional(),
  no_auto_create_rules: z.boolean().optional(),
  monitoring_logo_clickable: z.boolean().optional(),
});

/** Reference §4.4: four required; a left-out `email_special` is cleared. */
const notificationUpdateParams = z.looseObject({
  email_from: z.string().min(1).max(100),
  email_footer: z.string().max(600),
  email_special: z.string().max(255).nullable().optional(),
  sms_originator: z.string().max(20),
  caller_id: z.string().max(20),
});

export type ServiceSettingsUpdate = z.input<typeof serviceUpdateParams>;
export type NotificationSettingsUpdate = z.input<typeof notificationUpdateParams>;

/** §4.4: `type` must travel as a form part (234 in the query); the file is the part `file`. */
export const imageUpload = io(z.object({ type: z.enum(IMAGE_TYPES) }), done);
export const imageDelete = io(z.object({ type: z.enum(IMAGE_TYPES) }), done);
export const notificationRead = io(
  noParams,
  z.looseObject({ value: notificationSettingsUpstream }),
);
export const notificationUpdate = io(notificationUpdateParams, done);
export const serviceRead = io(noParams, z.looseObject({ value: serviceSettingsUpstream }));
export const serviceUpdate = io(serviceUpdateParams, done);
