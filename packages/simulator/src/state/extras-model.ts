/**
 * Per-dealer records beyond the store's (reference §4.2). As in `model.ts`, optional fields stand
 * for nullable ones, which Navixy omits (§1.5).
 */
import type { DeviceType } from '../model.js';

/** Reference §4.2 "ActivationCode". */
export interface ActivationCode {
  code: string;
  tariff_id: number;
  tariff_name: string;
  bonus_amount: number;
  money_amount: number;
  free_days: number;
  device_type: DeviceType;
  activated: boolean;
  activation_date?: string;
  /** 0 while the code is unused. */
  device_id: number;
}

/** Reference §4.2 "Notification settings". */
export interface NotificationSettings {
  email_from: string;
  email_footer: string;
  email_special?: string;
  sms_originator: string;
  caller_id: string;
}

/** Reference §4.2 "TariffDefaults"; `free_days_device_limit` omitted = no limit. */
export interface TariffDefaults {
  tariff_id?: number;
  activation_bonus: number;
  free_days: number;
  free_days_device_limit?: number;
}

/** Reference §4.7 `tariff/defaults/*`: keyed by device type ([MD]/[UI] also `camera`). */
export interface TariffDefaultsSet {
  tracker: TariffDefaults;
  camera?: TariffDefaults;
}

/** Reference §4.2 "Service settings": the [SPEC] ServiceSettings fields, `email_special` aside. */
export type ServiceSettings = Readonly<Record<string, unknown>>;

/** Reference §4.2 "Email gateways": an own SMTP gateway. */
export interface OwnEmailGateway {
  id: number;
  leasable: boolean;
  label: string;
  provider: string;
  params: Record<string, string | number | boolean>;
}

export interface LeasableEmailGateway {
  id: number;
  label: string;
  provider: string;
  default_from_address: string;
}

/** Reference §4.5 `gateways/email/list`. */
export interface EmailGateways {
  bound_gateway?: number;
  own: OwnEmailGateway[];
  leasable: LeasableEmailGateway[];
}

/** Reference §4.1 "branding image `type`" ([SPEC]: seven slots). */
export const IMAGE_TYPES = [
  'logo',
  'favicon',
  'login_wallpaper',
  'desktop_wallpaper',
  'monitoring_logo',
  'document_logo',
  'app_logo',
] as const;

export type ImageType = (typeof IMAGE_TYPES)[number];
