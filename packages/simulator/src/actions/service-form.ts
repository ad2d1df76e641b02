import type { ParamReader } from '../params.js';
import { ALLOWED_MAPS, DEFAULT_USER_SETTINGS } from '../state/extras-seed.js';

/** Reference §4.4 `dealer/settings/service/update`: [SPEC] required fields and their lengths. */
const REQUIRED_TEXT: ReadonlyArray<readonly [string, number]> = [
  ['domain', 255],
  ['service_title', 100],
  ['locale', 20],
  ['demo_login', 50],
  ['demo_password', 50],
  ['currency', 10],
  ['color_theme', 128],
  ['app_color_theme', 128],
];

/**
 * Optional text: `[name, maxLength, nullable]`. [SPEC] types the nullable ones `[string, null]`;
 * an explicit null clears them like an omission does. A null for the others answers 7.
 */
const OPTIONAL_TEXT: ReadonlyArray<readonly [string, number, boolean]> = [
  ['payment_link', 2000, true],
  ['promo_url', 2000, true],
  ['google_client_id', 255, false],
  ['login_footer', 2000, true],
  ['privacy_policy_link', 200, true],
  ['tos', 20000, true],
  ['default_user_time_zone', 64, false],
  ['captcha_provider', 64, false],
];

/** Optional flags ([SPEC] documented ones plus those the [UI] sends). */
const FLAGS = [
  'allow_registration',
  'show_mobile_apps',
  'display_model_features_link',
  'no_register_commands',
  'no_auto_create_rules',
  'no_auto_create_sensors',
  'monitoring_logo_clickable',
  'show_call_notifications',
  'display_release_notes',
];

/** [UI] lists, JSON-encoded in the form transport. */
const LISTS = ['geocoders', 'route_providers', 'lbs_providers'];

const MEASUREMENT_SYSTEMS = ['metric', 'imperial'] as const;
const HOUR_MODES = ['TWELVE_HOURS', 'TWENTY_FOUR_HOURS'] as const;

/** The writable settings that were sent, validated; problems collect on the reader. */
export function readServiceSettings(reader: ParamReader): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined) sent[name] = value;
  };
  for (const [name, max] of REQUIRED_TEXT) {
    put(name, reader.string(name, { required: true, maxLength: max }));
  }
  for (const [name, max, nullable] of OPTIONAL_TEXT) {
    put(name, reader.string(name, { maxLength: max, nullable }));
  }
  for (const name of FLAGS) put(name, reader.bool(name));
  for (const name of LISTS) put(name, reader.stringList(name));
  const maps = readMaps(reader);
  put('maps', maps);
  put('default_map', readDefaultMap(reader, maps));
  put('default_user_settings', readUserSettings(reader));
  put('information_center', readInformationCenter(reader));
  return sent;
}

/** [SPEC]: `maps` must be a subset of `allowed_maps`. */
function readMaps(reader: ParamReader): string[] | undefined {
  const maps = reader.stringList('maps', { required: true });
  const unknown = maps?.filter((map) => !ALLOWED_MAPS.includes(map)) ?? [];
  if (unknown.length > 0) return reader.fail('maps', `Not allowed: ${unknown.join(', ')}`);
  return maps;
}

/**
 * [SPEC] DefaultMap: `type` must be one of `maps`. DefaultMap and Location require no field; an
 * omitted one takes the simulator's default (the first map, 0°/0°, zoom 2).
 */
function readDefaultMap(reader: ParamReader, maps: string[] | undefined) {
  const form = reader.object('default_map', { required: true });
  if (form === undefined) return undefined;
  const type = form.string('type') ?? maps?.[0] ?? 'roadmap';
  if (maps !== undefined && !maps.includes(type)) form.fail('type', 'Should be one of maps');
  const location = form.object('location');
  const lat = location?.number('lat', { min: -90, max: 90 }) ?? 0;
  const lng = location?.number('lng', { min: -180, max: 180 }) ?? 0;
  const zoom = form.int('zoom', { min: 0, max: 22 }) ?? 2;
  return { type, location: { lat, lng }, zoom };
}

/** [SPEC] DefaultUserSettings requires no field: an omitted one takes the platform default. */
function readUserSettings(reader: ParamReader) {
  const form = reader.object('default_user_settings');
  if (form === undefined) return undefined;
  const defaults = DEFAULT_USER_SETTINGS;
  return {
    geocoder: form.string('geocoder') ?? defaults.geocoder,
    route_provider: form.string('route_provider') ?? defaults.route_provider,
    measurement_system:
      form.oneOf('measurement_system', MEASUREMENT_SYSTEMS) ?? defaults.measurement_system,
    date_format: form.string('date_format') ?? defaults.date_format,
    hour_mode: form.oneOf('hour_mode', HOUR_MODES) ?? defaults.hour_mode,
    translit: form.bool('translit') ?? defaults.translit,
  };
}

/** [SPEC] InformationCenter: two sections, each `{visible, content: {type}}`, none required. */
function readInformationCenter(reader: ParamReader) {
  const form = reader.object('information_center');
  if (form === undefined) return undefined;
  const section = (name: string) => {
    const part = form.object(name);
    const content = part?.object('content');
    const visible = part?.bool('visible') ?? true;
    return { visible, content: { type: content?.string('type') ?? 'default' } };
  };
  return { release_notes: section('release_notes'), user_guides: section('user_guides') };
}
