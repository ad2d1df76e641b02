import { z } from 'zod';
import { bool, date, int, num, orNull, str } from './fields.js';

/** [SPEC] User, the flat read form: every legal field present, `''` where it does not apply. */
export const user = z.looseObject({
  id: int(),
  dealer_id: int(),
  login: str(),
  activated: bool(),
  verified: bool(),
  phone_verified: bool(),
  legal_type: z.enum(['individual', 'legal_entity', 'sole_trader']),
  first_name: str(),
  middle_name: str(),
  last_name: str(),
  phone: str(),
  post_country: str(),
  post_index: str(),
  post_region: str(),
  post_city: str(),
  post_street_address: str(),
  registered_country: str(),
  registered_index: str(),
  registered_region: str(),
  registered_city: str(),
  registered_street_address: str(),
  legal_name: str(),
  tin: str(),
  iec: str(),
  state_reg_num: str(),
  okpo_code: str(),
  balance: num(),
  bonus: num(),
  trackers_count: int(),
  menu_preset_id: orNull(int()),
  mfa_allowed: bool(),
  creation_date: str(),
  comment: str().max(255),
});

/** [SPEC] UserDiscount, as `user/read` answers it. */
export const discount = z.looseObject({
  percent: num(),
  end_date: orNull(date()),
  device_limit: orNull(int()),
});

const STRATEGIES = ['no_summing', 'sum_with_progressive'] as const;

/** Reference §7 `discount`: the [MD] and [UI] object (`value` is the percent, 0–100). */
export const legacyDiscount = z.looseObject({
  value: num(),
  min_trackers: int(),
  end_date: orNull(date()),
  strategy: z.enum(STRATEGIES),
});

/**
 * A discount as `user/create` and `user/update` take it: [SPEC] UserDiscount (no field
 * required) or the [MD]/[UI] object, which the simulator recognises by its `value`.
 */
export const discountWrite = z.union([
  z.object({
    value: num().min(0).max(100),
    min_trackers: int().min(0),
    end_date: date().nullable().optional(),
    strategy: z.enum(STRATEGIES).optional(),
  }),
  z.object({
    percent: num().optional(),
    end_date: date().nullable().optional(),
    device_limit: int().nullable().optional(),
  }),
]);

/** [SPEC] UserTransaction. */
export const transaction = z.looseObject({
  id: int(),
  user_id: int(),
  amount: num(),
  type: str(),
  text: str(),
  timestamp: str(),
});

/** Reference §7 `transaction`: the [MD] and [UI] model. */
export const legacyTransaction = z.looseObject({
  description: str(),
  type: str(),
  subtype: str(),
  timestamp: str(),
  user_id: int(),
  dealer_id: int(),
  tracker_id: int(),
  amount: num(),
  new_balance: num(),
  old_balance: num(),
  bonus_amount: num(),
  new_bonus: num(),
  old_bonus: num(),
});

/** `maxLength` only: "Required but may be empty" fields of an individual. */
const text = (max?: number) => (max === undefined ? str() : str().max(max));
/** The legal variants' postal and registration fields: non-empty. */
const filled = (max?: number) => (max === undefined ? str().min(1) : str().min(1).max(max));

/**
 * [SPEC] UserIndividual. Its `phone` pattern `[0-9]*` is written anchored, as its text says
 * ("digits only"); JSON Schema patterns are not anchored. `verified` ([MD]: defaults to
 * `activated`) and `id` (update) are accepted beside the [SPEC] fields.
 */
const individualFields = {
  legal_type: z.literal('individual'),
  login: str(),
  first_name: text(100),
  middle_name: text(100),
  last_name: text(100),
  phone: str()
    .max(15)
    .regex(/^[0-9]*$/),
  birth_date: date().nullable().optional(),
  passport: str().nullable().optional(),
  menu_preset_id: int().nullable().optional(),
  activated: bool().optional(),
  verified: bool().optional(),
  post_country: text(100),
  post_region: text(100),
  post_city: text(100),
  post_street_address: text(200),
  post_index: text(),
};

/** [SPEC] UserSoleTrader: an individual plus registration details, postal fields non-empty. */
const soleTraderFields = {
  ...individualFields,
  legal_type: z.literal('sole_trader'),
  post_country: filled(100),
  post_region: filled(100),
  post_city: filled(100),
  post_street_address: filled(200),
  post_index: filled(),
  registered_country: filled(100),
  registered_region: filled(100),
  registered_city: filled(100),
  registered_street_address: filled(200),
  registered_index: filled(),
  tin: str().max(255),
  state_reg_num: str()
    .max(15)
    .regex(/^(\d+)?$/)
    .optional(),
  okpo_code: str()
    .regex(/^(\d{8,10})?$/)
    .optional(),
};

/** [SPEC] UserLegalEntity: a sole trader plus a company name and interbranch code. */
const legalEntityFields = {
  ...soleTraderFields,
  legal_type: z.literal('legal_entity'),
  legal_name: str().min(1).max(255),
  iec: str().max(255),
};

/** [SPEC] UserEditForm of `user/create`: one variant per `legal_type`. */
export const userCreateForm = z.discriminatedUnion('legal_type', [
  z.object(individualFields),
  z.object(soleTraderFields),
  z.object(legalEntityFields),
]);

/** `user/update`: "On update, `id` and `activated` are both mandatory." */
const forUpdate = { id: int(), activated: bool() };
export const userUpdateForm = z.discriminatedUnion('legal_type', [
  z.object({ ...individualFields, ...forUpdate }),
  z.object({ ...soleTraderFields, ...forUpdate }),
  z.object({ ...legalEntityFields, ...forUpdate }),
]);
