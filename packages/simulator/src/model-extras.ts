/**
 * Records beyond users and trackers (reference §4.2, §4.10). As in `model.ts`, optional fields
 * stand for nullable ones, which Navixy omits (§1.5).
 */

/**
 * Reference §4.2 "UserTransaction" by meaning (§7): [SPEC] answers `{id, user_id, amount, type,
 * text, timestamp}`, where `type` names the balance; [MD] and the [UI] the long form, where
 * `type`/`subtype` classify the transaction and `amount`/`bonus_amount` split the change.
 */
export interface UserTransaction {
  id: number;
  user_id: number;
  dealer_id: number;
  tracker_id: number;
  /** Which balance changed: [SPEC] `type` (`main` or `bonus`). */
  account: 'main' | 'bonus';
  /** The signed change of that balance. */
  amount: number;
  /** [SPEC] `text`, [MD] `description`. */
  text: string;
  /** [MD] `type` and `subtype`, e.g. `payment`/`partner`. */
  kind: string;
  subkind: string;
  timestamp: string;
  old_balance: number;
  new_balance: number;
  old_bonus: number;
  new_bonus: number;
}

/** Reference §4.2 "MFA settings". */
export type MfaSettings = { type: 'allowed'; factor_types: string[] } | { type: 'disallowed' };

export interface MenuTab {
  title: string;
  destination: string;
}

export interface MenuItem {
  title: string;
  icon?: string;
  tabs: MenuTab[];
}

export interface MenuGroup {
  title?: string;
  items: MenuItem[];
}

/** Reference §4.2 "Menu preset family": `main` is an array of groups, `footer` one group. */
export interface MenuPreset {
  id: number;
  title: string;
  main: MenuGroup[];
  footer: MenuGroup;
}

export type MenuAssignment = { type: 'default' } | { type: 'users'; ids: number[] };

export interface MenuPresetEntry {
  preset: MenuPreset;
  owner: 'dealer' | 'platform';
  assignments: MenuAssignment[];
}

export type BlockType = 'NOT_BLOCKED' | 'INITIAL_BLOCK' | 'BLOCK_LOGIN' | 'CLIENTS_BLOCKED';

/** Reference §4.2 "Subpaas" without the counts, which are computed from the sub-dealer's data. */
export interface SubpaasProfile {
  subpaas_id: number;
  block_type: BlockType;
  creation_date: string;
  login: string;
  title: string;
  jur_name: string;
  email: string;
  jur_country: string;
  link_monitoring: string;
  contact_fio?: string;
  contact_post?: string;
  contact_phone?: string;
}

/** Reference §4.10: the bundle object of the [UI] model. */
export interface BundleSimCard {
  phone: string;
  apn: string;
  iccid: string;
  deleted: boolean;
  blocked: boolean;
  registered: boolean;
}

export interface Bundle {
  id: number;
  model_code: string;
  imei: string;
  iccid?: string;
  equip_id: number;
  order_id?: number;
  assign_time?: string;
  sim_card?: BundleSimCard;
}

/** Reference §4.10 `equipment/list` item. */
export interface Equipment {
  equip_id: number;
  model_name: string;
  model_code: string;
  vendor: string;
  name: string;
}

/** An order line per [MD] and [UI] (`bundles[]`, §7: the [UI] reads `order.bundles`). */
export interface OrderBundle {
  id: number;
  equip_id: number;
  equip_vendor: string;
  equip_name: string;
  equip_model: string;
  model_code: string;
  imei: string;
  iccid?: string;
  assign_time?: string;
  order_id: number;
}

export type OrderType = 'bank' | 'equip' | 'bank_service' | 'bank_license' | 'bank_license_camera';
export type OrderStatus =
  'created' | 'settled' | 'gathered' | 'shipped' | 'shipped_partially' | 'canceled';

/** [SPEC] OrderPosition: a line of an order. */
export interface OrderPosition {
  id: number;
  order_id: number;
  equip_id: number;
  type: string;
  name: string;
  amount: number;
  price: number;
}

/**
 * Reference §4.2 "Order". [SPEC] answers its `positions`; [MD] and the [UI] read `bundles`, filled
 * in from the bundles assigned to the order (§7 `order-lines`).
 */
export interface Order {
  id: number;
  user_id: number;
  seller_id: number;
  type: OrderType;
  status: OrderStatus;
  amount: number;
  sum: number;
  with_vat: boolean;
  payer: string;
  recipient: string;
  contacts: string;
  place: string;
  comment: string;
  remark?: string;
  link?: string;
  creation_time: string;
  positions: OrderPosition[];
}
