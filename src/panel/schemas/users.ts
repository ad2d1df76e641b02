import { z } from 'zod';
import { userExtras, userForm, userUpdateParams } from './user-form.js';
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

export type { DiscountParam, UserForm, UserUpdateParams } from './user-form.js';
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
