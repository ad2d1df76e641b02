/**
 * The simulator's records, shaped as Navixy answers them (reference §4.2). Optional fields stand
 * for nullable ones: Navixy omits null fields (§1.5), and so does `JSON.stringify` for `undefined`.
 */

/**
 * A user's discount by meaning (reference §4.2 "Discount", §7): [SPEC] answers it as
 * `{percent, end_date, device_limit}`, [MD] and the [UI] as `{value, min_trackers, end_date,
 * strategy}`; `shape-views.ts` writes either.
 */
export interface Discount {
  /** [SPEC] `percent`, [MD] `value`. */
  percent: number;
  /** Minimum active devices: [SPEC] `device_limit` (null: none), [MD] `min_trackers` (0: none). */
  min_devices?: number;
  end_date?: string;
  /** [MD] only; a discount written in the [SPEC] shape has none (read back as `no_summing`). */
  strategy?: 'no_summing' | 'sum_with_progressive';
}

export interface ServicePrices {
  incoming_sms: number;
  outgoing_sms: number;
  service_sms: number;
  traffic: number;
  /** [MD] only (reference §7 `phone-call-price`). */
  phone_call?: number;
}

export interface PasswordPolicy {
  min_length: number;
  max_length: number;
  special_chars: string;
  min_special_chars_count: number;
  min_digits_count: number;
  min_uppercase_count: number;
  min_lowercase_count: number;
}

export interface PaasTariff {
  id: number;
  name: string;
  type: string;
  algorithm: string;
  gis_package: string;
  currency: string;
  license_price?: number;
  min_license_pay?: number;
  vat: boolean;
  trial: boolean;
  premium_gis: boolean;
  service_prices: ServicePrices;
  store_period: string;
}

export interface Dealer {
  id: number;
  seller_id: number;
  parent_dealer_id: number;
  contract_type: 'PARTNER' | 'AGENT' | 'PAAS';
  tariff_id: number;
  tariff: PaasTariff;
  demo_tariff: boolean;
  tracker_tariff_end_date?: string;
  store_period: string;
  demo_ends?: string;
  title: string;
  block_status: 'NOT_BLOCKED' | 'INITIAL_BLOCK' | 'BLOCK_LOGIN' | 'CLIENTS_BLOCKED';
  legal_name: string;
  active_amount: number;
  active_amount_own: number;
  active_amount_subpaas: number;
  active_limit: number;
  locale: string;
  domain: string;
  favicon?: string;
  logo?: string;
  subpaas: boolean;
  allow_branding: boolean;
  password_policy: PasswordPolicy;
  paas_activation_date?: string;
  license_balance: number;
  seller_currency: string;
  features: string[];
  default_user_time_zone: string;
}

export type LegalType = 'individual' | 'legal_entity' | 'sole_trader';

/** The flat read form of a user: every legal field present, `''` where it does not apply. */
export interface User {
  id: number;
  dealer_id: number;
  login: string;
  activated: boolean;
  verified: boolean;
  phone_verified: boolean;
  legal_type: LegalType;
  first_name: string;
  middle_name: string;
  last_name: string;
  phone: string;
  post_country: string;
  post_index: string;
  post_region: string;
  post_city: string;
  post_street_address: string;
  registered_country: string;
  registered_index: string;
  registered_region: string;
  registered_city: string;
  registered_street_address: string;
  legal_name: string;
  tin: string;
  iec: string;
  state_reg_num: string;
  okpo_code: string;
  balance: number;
  bonus: number;
  trackers_count: number;
  menu_preset_id?: number;
  mfa_allowed: boolean;
  creation_date: string;
  comment: string;
}

/** A user with the siblings `user/read` answers next to `value` (reference §4.8). */
export interface UserRecord {
  user: User;
  discount?: Discount;
  default_tariff_id?: number;
  block_parameters?: Record<string, unknown>;
}

export type ConnectionStatus =
  'signal_lost' | 'just_registered' | 'just_replaced' | 'offline' | 'idle' | 'active';

export interface TrackerSource {
  id: number;
  device_id: string;
  model: string;
  blocked: boolean;
  phone?: string;
  tariff_id: number;
  tariff_end_date?: string;
  connection_status: ConnectionStatus;
  creation_date: string;
  /** Reference §4.2 [MD]: present, `true`, only once `tracker/corrupt` ran. */
  corrupted?: boolean;
}

export interface Tracker {
  id: number;
  label: string;
  group_id: number;
  user_id: number;
  dealer_id: number;
  owner_name: string;
  model_name: string;
  clone: boolean;
  deleted: boolean;
  creation_date: string;
  last_connection?: string;
  /** [MD] only (reference §7 `tracker-extras`), like `avatar_file_name`. */
  comment?: string;
  avatar_file_name?: string;
  source: TrackerSource;
}

export type DeviceType = 'tracker' | 'camera' | 'socket';

/** A dealer's plan (reference §4.2, "Plan"); `tracker/list` checks `tariff_id` against these. */
export interface Plan {
  id: number;
  name: string;
  group_id: number;
  active: boolean;
  type: 'monthly' | 'activeday';
  price: number;
  early_change_price?: number;
  device_limit: number;
  has_reports: boolean;
  store_period: string;
  proportional_charge: boolean;
  auto_prolong: boolean;
  features: string[];
  /** [SPEC] MapFilter; `{exclusion: true, values: []}` excludes no map. */
  map_filter: { exclusion: boolean; values: string[] };
  service_prices: ServicePrices;
  device_type: DeviceType;
}
