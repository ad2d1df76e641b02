import { z } from 'zod';
import { out, up } from './common.js';

/** `snake_case` → `camelCase`, one path segment at a time (`default_map.zoom` → `defaultMap.zoom`). */
export const camel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Renames the keys of plain objects, deeply; arrays and values stay as they are. */
export function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [rename(key), renameKeys(v, rename)]),
  );
}

/** Reference §4.2 "Service settings" ([SPEC] ServiceSettings), grouped by type. */
const TEXT = [
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
const FLAGS = [
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
const LISTS = [
  'maps',
  'allowed_maps',
  'geocoders',
  'route_providers',
  'lbs_providers',
  'matrix_providers',
] as const;
const OBJECTS = [
  'default_map',
  'default_user_settings',
  'information_center',
  'gis_package_definition',
] as const;

const anyObject = z.record(z.string(), z.unknown());

export const serviceReadUpstream = z.looseObject({
  value: z.looseObject({
    ...Object.fromEntries(TEXT.map((n) => [n, up.str])),
    ...Object.fromEntries(FLAGS.map((n) => [n, up.bool])),
    ...Object.fromEntries(LISTS.map((n) => [n, up.strings])),
    ...Object.fromEntries(OBJECTS.map((n) => [n, anyObject.nullish()])),
  }),
});

const IMAGE_NOTE = 'Read-only here; set with PUT /v1/dealer/branding/{type}.';

export const serviceSettingsSchema = z
  .object({
    ...Object.fromEntries(
      TEXT.map((n) => [
        camel(n),
        n.endsWith('logo') || n.includes('wallpaper') || n === 'favicon'
          ? out.str.meta({ description: IMAGE_NOTE })
          : out.str,
      ]),
    ),
    ...Object.fromEntries(FLAGS.map((n) => [camel(n), out.bool])),
    ...Object.fromEntries(LISTS.map((n) => [camel(n), z.array(z.string()).nullable()])),
    ...Object.fromEntries(OBJECTS.map((n) => [camel(n), anyObject.nullable()])),
  })
  .meta({
    id: 'ServiceSettings',
    description:
      'Nested objects use camelCase names too (`defaultMap.location.lat`, ' +
      '`informationCenter.releaseNotes.visible`).',
  });

export type ServiceSettings = Record<string, unknown>;

/** Every field present: Navixy's omitted ones are null (§5.12). */
export function toServiceSettings(value: Record<string, unknown>): ServiceSettings {
  const names = [...TEXT, ...FLAGS, ...LISTS, ...OBJECTS];
  return Object.fromEntries(names.map((n) => [camel(n), renameKeys(value[n] ?? null, camel)]));
}

/** Reference §4.2 "Notification settings". */
export const notificationReadUpstream = z.looseObject({
  value: z.looseObject({
    email_from: up.str,
    email_footer: up.str,
    email_special: up.str,
    sms_originator: up.str,
    caller_id: up.str,
  }),
});

export const notificationSettingsSchema = z
  .object({
    emailFrom: out.str,
    emailFooter: out.str,
    emailSpecial: out.str.meta({
      description: 'Where PaaS reports go; same value as in service settings.',
    }),
    smsOriginator: out.str,
    callerId: out.str,
  })
  .meta({ id: 'NotificationSettings' });

export function toNotificationSettings(
  v: z.output<typeof notificationReadUpstream>['value'],
): z.output<typeof notificationSettingsSchema> {
  return {
    emailFrom: v.email_from ?? null,
    emailFooter: v.email_footer ?? null,
    emailSpecial: v.email_special ?? null,
    smsOriginator: v.sms_originator ?? null,
    callerId: v.caller_id ?? null,
  };
}
