import type { Dealer, Plan } from '../model.js';
import type {
  ActivationCode,
  EmailGateways,
  NotificationSettings,
  ServiceSettings,
  TariffDefaultsSet,
} from './extras-model.js';

/** [SPEC] ServiceSettings `allowed_maps` example: set by the platform owner, read-only. */
export const ALLOWED_MAPS = [
  'roadmap',
  'satellite',
  'hybrid',
  'terrain',
  'osm',
  'osmmapnik',
  'wikimapia',
  'cdcom',
  'doublegis',
  'yandex',
  'bing',
  'bing_satellite',
  'bing_hybrid',
];

/** [SPEC] DefaultUserSettings example: what an omitted `default_user_settings` resets to. */
export const DEFAULT_USER_SETTINGS = {
  geocoder: 'google',
  route_provider: 'osrm',
  measurement_system: 'metric',
  date_format: 'ddMMyyyy_dots',
  hour_mode: 'TWENTY_FOUR_HOURS',
  translit: false,
};

const DEFAULT_INFORMATION_CENTER = {
  release_notes: { visible: true, content: { type: 'default' } },
  user_guides: { visible: true, content: { type: 'default' } },
};

/**
 * Reference §4.4 `dealer/settings/service/update` is a full replacement: every writable setting
 * it is not sent is reset to this platform default, except `allow_registration`,
 * `show_mobile_apps` and `default_user_time_zone`, which are kept (§5.6). The reference does not
 * say what the defaults are; an absent key is an omitted (null) value.
 */
export const SERVICE_RESET_DEFAULTS: ServiceSettings = {
  google_client_id: '',
  default_user_settings: DEFAULT_USER_SETTINGS,
  display_model_features_link: false,
  no_register_commands: false,
  no_auto_create_rules: false,
  no_auto_create_sensors: false,
  monitoring_logo_clickable: false,
  show_call_notifications: false,
  display_release_notes: true,
  captcha_provider: 'internal',
  geocoders: ['google', 'osm'],
  route_providers: ['osrm', 'google'],
  lbs_providers: ['navixy'],
  information_center: DEFAULT_INFORMATION_CENTER,
};

/** The [SPEC] ServiceSettings example, with the dealer's own title, domain and images. */
export function seedServiceSettings(dealer: Dealer): ServiceSettings {
  return {
    service_title: dealer.title,
    locale: dealer.locale,
    demo_login: 'demo',
    demo_password: 'demo',
    maps: ['roadmap', 'satellite', 'osm', 'osmmapnik'],
    default_map: { type: 'roadmap', location: { lat: 51.5074, lng: -0.1278 }, zoom: 10 },
    currency: dealer.seller_currency,
    payment_link: 'http://payme.example.com',
    promo_url: `https://${dealer.domain}/about`,
    domain: dealer.domain,
    favicon: dealer.favicon,
    logo: dealer.logo,
    login_footer: 'All rights reserved.',
    allow_registration: true,
    show_mobile_apps: true,
    limited_domain: false,
    allowed_maps: ALLOWED_MAPS,
    color_theme: 'aqua',
    app_color_theme: 'blue_1',
    privacy_policy_link: `https://${dealer.domain}/privacy`,
    default_user_time_zone: dealer.default_user_time_zone,
    has_https: true,
    gis_package: 'premium',
    matrix_providers: ['osrm'],
    ...SERVICE_RESET_DEFAULTS,
    google_client_id: 'io54p54ijy54',
    no_auto_create_rules: true,
    monitoring_logo_clickable: true,
  };
}

/** The [SPEC] NotificationSettings example, on the dealer's domain. */
export function seedNotificationSettings(dealer: Dealer): NotificationSettings {
  return {
    email_from: `${dealer.title} <no-reply@${dealer.domain}>`,
    email_footer: `\n\nSincerely, ${dealer.title}`,
    email_special: `reports@${dealer.domain}`,
    sms_originator: dealer.domain.slice(0, 20),
    caller_id: '491761234543',
  };
}

/** [SPEC] TariffDefaults example: the dealer's first plan of each device type. */
export function seedTariffDefaults(plans: Iterable<Plan>): TariffDefaultsSet {
  const list = [...plans];
  const first = (type: string) => list.find((plan) => plan.device_type === type)?.id;
  const tracker = { tariff_id: first('tracker'), activation_bonus: 0, free_days: 14 };
  const camera = { tariff_id: first('camera'), activation_bonus: 0, free_days: 0 };
  return { tracker: { ...tracker, free_days_device_limit: 3 }, camera };
}

/**
 * [SPEC] `gateways/email/list` example: one own SMTP gateway (bound) and the platform owner's
 * leasable ones. The SMTP password is fake; the gateway must never pass it on.
 */
export function seedEmailGateways(dealer: Dealer): EmailGateways {
  return {
    bound_gateway: 2,
    own: [
      {
        id: 2,
        leasable: false,
        label: 'Paas gate',
        provider: 'smtp',
        params: {
          default_from_address: `no-reply@${dealer.domain}`,
          'mail.smtp.user': `mailer@${dealer.domain}`,
          'mail.smtp.password': 'Smtp-Secret-1!',
          'mail.smtp.host': `smtp.${dealer.domain}`,
          'mail.smtp.port': 587,
          'mail.smtp.auth': true,
          'mail.smtp.starttls.enable': true,
          'mail.transport.protocol': 'smtp',
        },
      },
    ],
    leasable: [
      {
        id: 1,
        label: 'Platform gate',
        provider: 'router',
        default_from_address: 'no-reply@domain.tld',
      },
      {
        id: 3,
        label: 'Mandrill',
        provider: 'mandrill_smtp',
        default_from_address: 'mail@domain.tld',
      },
    ],
  };
}

/**
 * Ten codes per plan, ten digits each, from a linear congruential sequence of the dealer ID, so
 * every run seeds the same codes. Every third one is activated, as in the [MD] list example.
 */
export function seedActivationCodes(dealerId: number, plans: Iterable<Plan>): ActivationCode[] {
  let state = dealerId;
  const nextCode = (): string => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return String(1_000_000_000 + (state % 9_000_000_000));
  };
  const codes: ActivationCode[] = [];
  for (const plan of plans) {
    for (let i = 0; i < 10; i += 1) {
      codes.push(codeFor(plan, nextCode(), i % 3 === 0 ? 464600 + codes.length : 0));
    }
  }
  return codes;
}

function codeFor(plan: Plan, code: string, deviceId: number): ActivationCode {
  return {
    code,
    tariff_id: plan.id,
    tariff_name: plan.name,
    bonus_amount: 0,
    money_amount: 0,
    free_days: 14,
    device_type: plan.device_type,
    activated: deviceId !== 0,
    ...(deviceId !== 0 ? { activation_date: '2020-11-12 20:00:08' } : {}),
    device_id: deviceId,
  };
}
