import { z } from 'zod';
import { anyObject, bool, int, num, orNull, str, strings } from './fields.js';

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
