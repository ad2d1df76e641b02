import { z } from 'zod';
import {
  anyObject,
  created,
  done,
  id,
  io,
  listParams,
  noParams,
  page,
  streamedFile,
  up,
  upList,
  upObject,
} from './fields.js';

/** Navixy's user read form (reference §4.2): flat, every legal field present or omitted. */
export const userUpstream = z.looseObject({
  id: z.number().int(),
  dealer_id: up.int,
  login: up.str,
  activated: up.bool,
  verified: up.bool,
  phone_verified: up.bool,
  legal_type: up.str,
  first_name: up.str,
  middle_name: up.str,
  last_name: up.str,
  phone: up.str,
  post_country: up.str,
  post_index: up.str,
  post_region: up.str,
  post_city: up.str,
  post_street_address: up.str,
  registered_country: up.str,
  registered_index: up.str,
  registered_region: up.str,
  registered_city: up.str,
  registered_street_address: up.str,
  legal_name: up.str,
  tin: up.str,
  iec: up.str,
  state_reg_num: up.str,
  okpo_code: up.str,
  balance: up.num,
  bonus: up.num,
  trackers_count: up.int,
  creation_date: up.str,
  comment: up.str,
  menu_preset_id: up.int,
  mfa_allowed: up.bool,
});

/**
 * A discount as either source describes it (reference §7): [SPEC] `{percent, end_date,
 * device_limit}`, [MD]/[UI] `{value, min_trackers, end_date, strategy}`. `percent`/`value` and
 * `device_limit`/`min_trackers` mean the same (the percent, and the devices needed for it).
 */
export const discountUpstream = z.looseObject({
  percent: up.num,
  value: up.num,
  device_limit: up.int,
  min_trackers: up.int,
  end_date: up.str,
  strategy: up.str,
});

/** `user/read` puts the user in `value` and a few more facts beside it (reference §4.8). */
export const userReadUpstream = z.looseObject({
  value: userUpstream,
  discount: discountUpstream.nullish(),
  default_tariff_id: up.int,
  block_parameters: anyObject.nullish(),
  dealer_mfa_settings: upObject({ type: up.str, factor_types: up.strings }),
});

/**
 * UserTransaction as either source describes it (reference §7): [SPEC] `{id, user_id, amount,
 * type, text, timestamp}`; [MD]/[UI] name the text `description` and add the subtype, the
 * tracker and the balances before and after.
 */
export const transactionUpstream = z.looseObject({
  id: up.int,
  user_id: up.int,
  dealer_id: up.int,
  text: up.str,
  description: up.str,
  type: up.str,
  subtype: up.str,
  timestamp: up.str,
  tracker_id: up.int,
  amount: up.num,
  old_balance: up.num,
  new_balance: up.num,
  bonus_amount: up.num,
  old_bonus: up.num,
  new_bonus: up.num,
});

const text = (max: number) => z.string().max(max);
/** [SPEC] UserIndividual: the fields every legal type has. Empty strings where not applicable. */
const personFields = {
  login: z.string(),
  first_name: text(100),
  middle_name: text(100),
  last_name: text(100),
  phone: text(15).regex(/^[0-9]*$/),
  birth_date: z.string().nullable().optional(),
  passport: z.string().nullable().optional(),
  menu_preset_id: z.number().int().nullable().optional(),
  activated: z.boolean().optional(),
  /** [MD]: when left out, Navixy sets it equal to `activated`. */
  verified: z.boolean().optional(),
  post_country: text(100),
  post_region: text(100),
  post_city: text(100),
  post_street_address: text(200),
  post_index: z.string(),
};
/** [SPEC] UserSoleTrader adds the registered address and tax fields. */
const traderFields = {
  ...personFields,
  registered_country: text(100),
  registered_region: text(100),
  registered_city: text(100),
  registered_street_address: text(200),
  registered_index: z.string(),
  tin: text(255),
  state_reg_num: text(15).optional(),
  okpo_code: z.string().optional(),
};

/**
 * The `user` form of create and update ([SPEC] UserEditForm, one variant per `legal_type`).
 * Loose like the spec's (no `additionalProperties: false`): a PATCH gives back the fields of the
 * record it read, the legal fields a variant does not use among them.
 */
const userForm = z.discriminatedUnion('legal_type', [
  z.looseObject({ legal_type: z.literal('individual'), ...personFields }),
  z.looseObject({ legal_type: z.literal('sole_trader'), ...traderFields }),
  z.looseObject({
    legal_type: z.literal('legal_entity'),
    ...traderFields,
    legal_name: text(255).min(1),
    iec: text(255),
  }),
]);

/**
 * A discount to write: the keys of the shape the user's discount was read in (either source's,
 * §7), or both sets when there was none to learn the shape from.
 */
const discountParam = z.looseObject({
  percent: z.number().min(0).max(100).optional(),
  end_date: z.string().nullable().optional(),
  device_limit: z.number().int().min(0).nullable().optional(),
  value: z.number().min(0).max(100).optional(),
  min_trackers: z.number().int().min(0).optional(),
  strategy: z.string().optional(),
});

/** What create and update take beside the form (§4.8); `comment` is top-level. */
const userExtras = {
  discount: discountParam.nullable().optional(),
  default_tariff_id: z.number().int().nullable().optional(),
  comment: z.string().max(255).optional(),
};

/** §4.8: update needs `id` and `activated` in the form (7 otherwise). */
const withId = z.looseObject({ id, activated: z.boolean() });

const userUpdateParams = z.looseObject({
  user: z.intersection(userForm, withId),
  ...userExtras,
});

export type UserForm = z.input<typeof userForm>;
export type DiscountParam = z.input<typeof discountParam>;
export type UserUpdateParams = z.input<typeof userUpdateParams>;
export type UserCreateParams = z.input<typeof userCreate.request>;

const userId = z.object({ user_id: id });

export const userList = io(
  listParams(['id', 'login', 'last_name', 'balance', 'bonus', 'phone', 'post_city']).extend({
    hide_inactive: z.boolean().optional(),
  }),
  page(userUpstream),
);
export const userRead = io(userId, userReadUpstream);
export const userExport = io(
  z.object({
    format: z.enum(['xlsx', 'csv']).optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
    filter: z.string().optional(),
  }),
  streamedFile,
);
/** §4.8: the parameter is `password`, not `new_password`. */
export const userChangePassword = io(userId.extend({ password: z.string().min(1) }), done);
/** §4.8: `login` repeats the user's login as a confirmation. */
export const userCorrupt = io(
  userId.extend({ login: z.string().min(1), corrupt_clones: z.boolean().optional() }),
  done,
);
/** A session of the user in the user API (not the Panel API). */
export const userSessionCreate = io(userId, z.looseObject({ hash: z.string().min(1) }));
/** §4.8: `from`/`to` as `YYYY-MM-DD HH:MM:SS`, top level; no `count` in the answer. */
export const userTransactionList = io(
  userId.extend({
    from: z.string().min(1),
    to: z.string().min(1),
    limit: z.number().int().min(1).max(20_000).optional(),
  }),
  z.looseObject({ list: upList(transactionUpstream) }),
);
/** [SPEC] types `type` as any string (example `main`); [MD]/[UI] send `balance` or `bonus` (§7). */
export const userChangeBalance = io(
  userId.extend({
    amount: z.number().min(-9_999_999_999.9999).max(9_999_999_999.9999),
    type: z.enum(['balance', 'bonus']),
    text: z.string().min(5).max(200),
  }),
  done,
);
export const userCreate = io(
  z.object({
    user: userForm,
    password: z.string().min(1),
    locale: z.string().min(1),
    time_zone: z.string().min(1),
    ...userExtras,
  }),
  created,
);
export const userUpdate = io(userUpdateParams, done);
/** Multipart: the file is the part `file`, no other field is needed (§4.8). */
export const userUpload = io(noParams, z.looseObject({ total: up.int, errors: up.int }));
