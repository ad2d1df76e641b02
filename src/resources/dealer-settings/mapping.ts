import { z } from 'zod';
import {
  SERVICE_FLAGS as FLAGS,
  SERVICE_LISTS as LISTS,
  SERVICE_OBJECTS as OBJECTS,
  SERVICE_TEXT as TEXT,
  type notificationSettingsUpstream,
} from '../../panel/schemas/settings.js';
import { out } from '../shared/common.js';

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

const anyObject = z.record(z.string(), z.unknown());

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
  v: z.output<typeof notificationSettingsUpstream>,
): z.output<typeof notificationSettingsSchema> {
  return {
    emailFrom: v.email_from ?? null,
    emailFooter: v.email_footer ?? null,
    emailSpecial: v.email_special ?? null,
    smsOriginator: v.sms_originator ?? null,
    callerId: v.caller_id ?? null,
  };
}
