import { PanelError } from '../errors.js';
import { ParamReader } from '../params.js';
import { domainOf, extrasOf } from '../state/dealer-extras.js';
import type { NotificationSettings, ServiceSettings } from '../state/extras-model.js';
import { SERVICE_RESET_DEFAULTS } from '../state/extras-seed.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { brandingActions } from './branding.js';
import { dealerPasswordActions } from './dealer-password.js';
import { readServiceSettings } from './service-form.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.2 "Notification settings": `sms_originator` and `caller_id` pattern. */
const ORIGINATOR = /^(\p{L}|\d|[-'" .,:/])*$/u;

/** Reference §4.4: service settings `update` cannot write these; they survive every update. */
const READ_ONLY = [
  'favicon',
  'app_logo',
  'logo',
  'document_logo',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'limited_domain',
  'allowed_maps',
  'has_https',
  'gis_package',
  'gis_package_definition',
  'matrix_providers',
];

/** Reference §4.4 / §5.6: the three writable settings an update keeps when they are omitted. */
const KEPT_WHEN_OMITTED = ['allow_registration', 'show_mobile_apps', 'default_user_time_zone'];

function pick(record: ServiceSettings, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => n in record).map((n) => [n, record[n]]));
}

function readNotification(reader: ParamReader): NotificationSettings {
  const originator = (name: string) => {
    const value = reader.string(name, { required: true, maxLength: 20 });
    if (value !== undefined && !ORIGINATOR.test(value)) return reader.fail(name, 'Invalid format');
    return value;
  };
  const settings: NotificationSettings = {
    email_from: reader.string('email_from', { required: true, maxLength: 100 }) ?? '',
    email_footer: reader.string('email_footer', { required: true, maxLength: 600 }) ?? '',
    sms_originator: originator('sms_originator') ?? '',
    caller_id: originator('caller_id') ?? '',
  };
  const special = reader.string('email_special', { maxLength: 255, nullable: true });
  reader.check();
  // §4.4: a full replacement; an omitted (or null) `email_special` is cleared.
  return special ? { ...settings, email_special: special } : settings;
}

/** Reference §4.4: `domain` is unique across dealers; a clash is 247 (HTTP 409). */
function checkDomain(store: SimulatorStore, dealer: DealerData, domain: unknown): void {
  const wanted = String(domain).toLowerCase();
  for (const other of store.otherDealers(dealer.dealer.id)) {
    if (domainOf(other).toLowerCase() === wanted) throw new PanelError(247);
  }
}

/**
 * Reference §4.4 / §5.6: a full replacement covering more fields than documented. Omitted
 * writable settings reset to the platform defaults, `email_special` included (it is cleared in
 * the notification settings too), except the three kept ones; images are untouched.
 */
function updateService(store: SimulatorStore, dealer: DealerData, reader: ParamReader): void {
  const sent = readServiceSettings(reader);
  const special = reader.string('email_special', { maxLength: 255, nullable: true });
  reader.check();
  checkDomain(store, dealer, sent.domain);
  const state = extrasOf(dealer);
  state.service = {
    ...pick(state.service, READ_ONLY),
    ...SERVICE_RESET_DEFAULTS,
    ...pick(state.service, KEPT_WHEN_OMITTED),
    ...sent,
  };
  const { email_special: _cleared, ...notification } = state.notification;
  state.notification = special ? { ...notification, email_special: special } : notification;
}

/** Reference §4.4: the dealer settings actions. */
export const dealerSettingsActions: readonly ActionDefinition[] = [
  {
    name: 'dealer/settings/notification/read',
    permissions: [['notification_settings', 'read']],
    handle: ({ dealer }) => ({ value: extrasOf(dealer).notification }),
  },
  {
    name: 'dealer/settings/notification/update',
    permissions: [['notification_settings', 'update']],
    handle({ params, dealer }) {
      extrasOf(dealer).notification = readNotification(new ParamReader(params));
      return {};
    },
  },
  {
    name: 'dealer/settings/service/read',
    permissions: [['service_settings', 'read']],
    handle({ dealer }) {
      const { service, notification } = extrasOf(dealer);
      // §4.2: `email_special` is the notification settings' value.
      const special = notification.email_special;
      return {
        value: { ...service, ...(special !== undefined ? { email_special: special } : {}) },
      };
    },
  },
  {
    name: 'dealer/settings/service/update',
    permissions: [['service_settings', 'update']],
    handle({ params, store, dealer }) {
      updateService(store, dealer, new ParamReader(params));
      return {};
    },
  },
  ...brandingActions,
  ...dealerPasswordActions,
];
