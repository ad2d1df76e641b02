import { z } from 'zod';
import { created, done, id, io, listParams, noParams, page, streamedFile, up } from './fields.js';

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

/** `user/read` puts the user in `value` and a few more facts beside it (reference §4.8). */
export const userReadUpstream = z.looseObject({
  value: userUpstream,
  discount: z
    .looseObject({ value: up.num, min_trackers: up.int, end_date: up.str, strategy: up.str })
    .nullish(),
  default_tariff_id: up.int,
  block_parameters: z.record(z.string(), z.unknown()).nullish(),
  dealer_mfa_settings: z.looseObject({ type: up.str, factor_types: up.strings }).nullish(),
});

/** UserTransaction as [MD] and [UI] describe it (reference §4.2; [SPEC] differs). */
export const transactionUpstream = z.looseObject({
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

/**
 * The `user` form of create/update ([SPEC] UserEditForm, one variant per `legal_type`; Navixy
 * checks which legal fields each needs). Loose: the text fields are built from one table.
 */
const userForm = z.looseObject({
  login: z.string().min(1),
  legal_type: z.enum(['individual', 'legal_entity', 'sole_trader']),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  activated: z.boolean().optional(),
  verified: z.boolean().optional(),
  menu_preset_id: z.number().int().nullable().optional(),
});

/** Discount as [MD] and the [UI] send it (reference §4.2 names the [SPEC] conflict). */
const discount = z.object({
  value: z.number().min(0).max(100),
  min_trackers: z.number().int().min(0),
  end_date: z.string().nullable(),
  strategy: z.enum(['no_summing', 'sum_with_progressive']),
});

/** What create and update take beside the form (§4.8); `comment` is top-level. */
const userExtras = {
  discount: discount.nullable().optional(),
  default_tariff_id: id.nullable().optional(),
  comment: z.string().max(255).optional(),
};

const userUpdateParams = z.object({
  // §4.8: update needs `id` and `activated` in the form (7 otherwise).
  user: userForm.extend({ id, activated: z.boolean() }),
  ...userExtras,
});

export type UserForm = z.input<typeof userForm>;
export type UserUpdateParams = z.input<typeof userUpdateParams>;

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
  z.looseObject({ list: z.array(transactionUpstream) }),
);
export const userChangeBalance = io(
  userId.extend({
    amount: z.number(),
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
export const userUpload = io(
  noParams,
  z.looseObject({ total: z.number().int(), errors: z.number().int() }),
);
