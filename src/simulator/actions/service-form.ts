import type { ParamReader } from '../params.js';
import { ALLOWED_MAPS } from '../state/extras-seed.js';

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

/** Optional text; an explicit null clears it like an omission does. */
const OPTIONAL_TEXT: ReadonlyArray<readonly [string, number]> = [
  ['payment_link', 2000],
  ['promo_url', 2000],
  ['google_client_id', 255],
  ['login_footer', 2000],
  ['privacy_policy_link', 200],
  ['tos', 20000],
  ['default_user_time_zone', 64],
  ['captcha_provider', 64],
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
  for (const [name, max] of OPTIONAL_TEXT) put(name, reader.string(name, { maxLength: max }));
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
  const maps = reader.stringList('maps', { required: true, min: 1 });
  const unknown = maps?.filter((map) => !ALLOWED_MAPS.includes(map)) ?? [];
  if (unknown.length > 0) return reader.fail('maps', `Not allowed: ${unknown.join(', ')}`);
  return maps;
}

/** [SPEC] DefaultMap: `type` must be one of `maps`. */
function readDefaultMap(reader: ParamReader, maps: string[] | undefined) {
  const form = reader.object('default_map', { required: true });
  if (form === undefined) return undefined;
  const type = form.string('type', { required: true });
  if (type !== undefined && maps !== undefined && !maps.includes(type)) {
    form.fail('type', 'Should be one of maps');
  }
  const location = form.object('location', { required: true });
  const lat = location?.number('lat', { required: true, min: -90, max: 90 });
  const lng = location?.number('lng', { required: true, min: -180, max: 180 });
  const zoom = form.int('zoom', { required: true, min: 0, max: 22 });
  return { type, location: { lat, lng }, zoom };
}

function readUserSettings(reader: ParamReader) {
  const form = reader.object('default_user_settings');
  if (form === undefined) return undefined;
  return {
    geocoder: form.string('geocoder', { required: true }),
    route_provider: form.string('route_provider', { required: true }),
    measurement_system: form.oneOf('measurement_system', MEASUREMENT_SYSTEMS, true),
    date_format: form.string('date_format', { required: true }),
    hour_mode: form.oneOf('hour_mode', HOUR_MODES, true),
    translit: form.bool('translit', { required: true }),
  };
}

/** [SPEC] InformationCenter: two sections, each `{visible, content: {type}}`. */
function readInformationCenter(reader: ParamReader) {
  const form = reader.object('information_center');
  if (form === undefined) return undefined;
  const section = (name: string) => {
    const part = form.object(name, { required: true });
    const content = part?.object('content', { required: true });
    const visible = part?.bool('visible', { required: true });
    return { visible, content: { type: content?.string('type', { required: true }) } };
  };
  return { release_notes: section('release_notes'), user_guides: section('user_guides') };
}
