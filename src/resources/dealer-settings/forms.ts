import { z } from 'zod';
import { PANEL_ACTIONS } from '../../panel/actions.js';
import type {
  NotificationSettingsUpdate,
  ServiceSettingsUpdate,
} from '../../panel/schemas/settings.js';
import { renameKeys, snake } from './mapping.js';
import { mergePatch } from '../shared/merge-patch.js';
import { dropRefusedNulls, echo, type Raw } from '../shared/raw-write.js';

const text = (max: number) => z.string().max(max);
const link = text(2000).nullable().optional();

const defaultMap = z.strictObject({
  type: z.string().min(1).meta({ description: 'One of `maps`.' }),
  location: z.strictObject({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  }),
  zoom: z.number().int().min(0).max(22),
});

const defaultUserSettings = z.strictObject({
  geocoder: z.string().min(1),
  routeProvider: z.string().min(1),
  measurementSystem: z.enum(['metric', 'imperial']),
  dateFormat: z.string().min(1),
  hourMode: z.enum(['TWELVE_HOURS', 'TWENTY_FOUR_HOURS']),
  translit: z.boolean(),
});

const infoSection = z.strictObject({
  visible: z.boolean(),
  content: z.strictObject({ type: z.string().min(1) }),
});

/**
 * The writable service settings (reference §4.4: [SPEC] ServiceSettingsUpdate plus what the [UI]
 * sends). Navixy resets whatever a write leaves out, except `allowRegistration`,
 * `showMobileApps` and `defaultUserTimeZone` (§5.6).
 */
export const serviceInputSchema = z
  .strictObject({
    domain: text(255).min(1).meta({ description: 'Unique across dealers (409 when taken).' }),
    serviceTitle: text(100).min(1),
    locale: text(20).min(2),
    demoLogin: text(50).meta({ description: 'Empty: no demo access.' }),
    demoPassword: text(50).meta({ description: 'The public demo button\u2019s password.' }),
    maps: z.array(z.string().min(1)).min(1).meta({ description: 'A subset of `allowedMaps`.' }),
    defaultMap,
    currency: text(10).min(1),
    colorTheme: text(128).meta({ description: 'Empty: the default theme.' }),
    appColorTheme: text(128),
    paymentLink: link,
    promoUrl: link,
    googleClientId: text(255).optional(),
    loginFooter: link,
    privacyPolicyLink: text(200).nullable().optional(),
    tos: text(20000).nullable().optional(),
    emailSpecial: text(255).nullable().optional(),
    defaultUserTimeZone: text(64).optional(),
    captchaProvider: text(64).optional(),
    allowRegistration: z.boolean().optional(),
    showMobileApps: z.boolean().optional(),
    displayModelFeaturesLink: z.boolean().optional(),
    noRegisterCommands: z.boolean().optional(),
    noAutoCreateRules: z.boolean().optional(),
    noAutoCreateSensors: z.boolean().optional(),
    monitoringLogoClickable: z.boolean().optional(),
    showCallNotifications: z.boolean().optional(),
    displayReleaseNotes: z.boolean().optional(),
    geocoders: z.array(z.string()).optional(),
    routeProviders: z.array(z.string()).optional(),
    lbsProviders: z.array(z.string()).optional(),
    defaultUserSettings: defaultUserSettings.optional(),
    informationCenter: z
      .strictObject({ releaseNotes: infoSection, userGuides: infoSection })
      .optional(),
  })
  .meta({
    id: 'ServiceSettingsInput',
    description:
      'All writable service settings. PUT replaces: Navixy resets every setting left out except ' +
      '`allowRegistration`, `showMobileApps` and `defaultUserTimeZone`. Use PATCH to change some.',
  });

/** PATCH: any subset, nested objects included (RFC 7396 merges them member by member). */
export const servicePatchSchema = serviceInputSchema
  .partial()
  .extend({
    defaultMap: defaultMap
      .partial()
      .extend({ location: defaultMap.shape.location.partial().optional() })
      .optional(),
    defaultUserSettings: defaultUserSettings.partial().optional(),
    informationCenter: z
      .strictObject({ releaseNotes: infoSection.partial(), userGuides: infoSection.partial() })
      .partial()
      .optional(),
  })
  .meta({ id: 'ServiceSettingsPatch' });

export type ServiceInput = z.output<typeof serviceInputSchema>;

const WRITABLE = Object.keys(serviceInputSchema.shape);

/** Navixy parameter paths (dotted) → the client's, built from the input schema's own shape. */
export const SERVICE_FIELD_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...WRITABLE,
    ...Object.keys(defaultMap.shape).map((n) => `defaultMap.${n}`),
    'defaultMap.location.lat',
    'defaultMap.location.lng',
    ...Object.keys(defaultUserSettings.shape).map((n) => `defaultUserSettings.${n}`),
    ...['releaseNotes', 'userGuides'].flatMap((s) => [
      `informationCenter.${s}`,
      `informationCenter.${s}.visible`,
      `informationCenter.${s}.content`,
      `informationCenter.${s}.content.type`,
    ]),
  ].map((path) => [path.split('.').map(snake).join('.'), path]),
);

/** Settings update parameters: top level, snake_case, nulls left out (§4.4). */
function toNavixySettings(input: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && value !== null) params[snake(name)] = renameKeys(value, snake);
  }
  return params;
}

/**
 * `dealer/settings/service/update` for a whole record. The names are `serviceInputSchema`'s,
 * snake-cased, and that schema requires every field Navixy requires: the type is the
 * renaming's, which the compiler cannot follow.
 */
export const toNavixyService = (input: ServiceInput): ServiceSettingsUpdate =>
  toNavixySettings(input) as ServiceSettingsUpdate;

/**
 * `dealer/settings/notification/update` for a whole record (a PUT body, or a read merged with
 * a patch: a required field Navixy left empty is its 7 to answer, §4.4).
 */
export const toNavixyNotification = (input: Record<string, unknown>): NotificationSettingsUpdate =>
  toNavixySettings(input) as NotificationSettingsUpdate;

/**
 * Service settings `dealer/settings/service/update` does not take (raw-write.ts): the branding
 * image paths (changed by the image actions) and what the platform owner sets (`allowed_maps`,
 * `limited_domain`). Everything else goes back, the settings Navixy does not document
 * included: its update resets what it is not sent, even those (reference §4.4, §5.6).
 */
export const SERVICE_WITHHELD = [
  'favicon',
  'app_logo',
  'logo',
  'document_logo',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'allowed_maps',
  'limited_domain',
] as const;

/** The settings as Navixy answered them (`read`), the client's patch merged in, Navixy-named. */
function fromRead(read: Raw, withheld: readonly string[], patch: object, schema: z.ZodType): Raw {
  const changes = renameKeys(patch, snake) as Raw;
  return dropRefusedNulls(mergePatch(echo(read, withheld), changes), schema);
}

/** `dealer/settings/service/update` for a PATCH: every setting read, with the client's changes. */
export const serviceUpdateFromRead = (read: Raw, patch: object): ServiceSettingsUpdate =>
  fromRead(
    read,
    SERVICE_WITHHELD,
    patch,
    PANEL_ACTIONS['dealer/settings/service/update'].request,
  ) as ServiceSettingsUpdate;

/** `dealer/settings/notification/update` for a PATCH: the settings read, with the changes. */
export const notificationUpdateFromRead = (read: Raw, patch: object): NotificationSettingsUpdate =>
  fromRead(
    read,
    [],
    patch,
    PANEL_ACTIONS['dealer/settings/notification/update'].request,
  ) as NotificationSettingsUpdate;

/** Reference §4.4 `dealer/settings/notification/update`: four required, `emailSpecial` optional. */
const originator = text(20).regex(/^(\p{L}|\d|[-'" .,:/])*$/u, 'letters, digits and -\'" .,:/');
export const notificationInputSchema = z
  .strictObject({
    emailFrom: text(100).min(1).meta({ description: 'An address, or `Name <address>`.' }),
    emailFooter: text(600),
    emailSpecial: text(255).nullable().optional().meta({ description: 'Cleared when left out.' }),
    smsOriginator: originator,
    callerId: originator,
  })
  .meta({
    id: 'NotificationSettingsInput',
    description: 'PUT replaces: a left-out `emailSpecial` is cleared. Use PATCH to change some.',
  });

export const notificationPatchSchema = notificationInputSchema
  .partial()
  .meta({ id: 'NotificationSettingsPatch' });

export const NOTIFICATION_FIELD_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(notificationInputSchema.shape).map((name) => [snake(name), name]),
);
