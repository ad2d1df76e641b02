import { z } from 'zod';
import {
  anyObject,
  answer,
  bool,
  created,
  id,
  int,
  noParams,
  num,
  ok,
  orNull,
  str,
} from './fields.js';
import { listParams, page, strings } from './fields.js';
import {
  assignmentTargetWrite,
  legacyPresetListEntry,
  menuDestination,
  mfaSettings,
  mfaTarget,
  presetDraft,
  presetEdit,
  presetListEntry,
} from './objects-menus.js';
import {
  discount,
  discountWrite,
  legacyDiscount,
  legacyTransaction,
  transaction,
  user,
  userCreateForm,
  userUpdateForm,
} from './objects-users.js';
import type { ActionContract } from './types.js';

const userId = z.object({ user_id: id() });

/**
 * `user/list`: [SPEC] leaves `order_by` untyped and lacks `hide_inactive`; [MD] and the [UI] use
 * both (reference §7 `list-order-by`).
 */
const userQuery = listParams(str()).extend({ hide_inactive: bool().optional() });

function userRead(discountSchema: z.ZodType) {
  return answer({
    value: user,
    discount: orNull(discountSchema),
    default_tariff_id: orNull(int()),
    block_parameters: orNull(anyObject()),
    dealer_mfa_settings: orNull(anyObject()),
  });
}

/** What `user/create` and `user/update` take beside `user`; `comment` is top-level (§4.8). */
const userExtras = {
  discount: discountWrite.nullable().optional(),
  default_tariff_id: int().nullable().optional(),
  comment: str().max(255).optional(),
};

/** Reference §4.8: the user actions. */
export const userContracts: Record<string, ActionContract> = {
  'user/list': { request: userQuery, answer: page(user) },
  'user/read': {
    request: userId,
    answer: userRead(discount),
    legacyAnswer: userRead(legacyDiscount),
  },
  'user/export': {
    // [MD] also gives it the list parameters of `user/list`.
    request: userQuery.extend({
      format: z.enum(['csv', 'xlsx']).optional(),
      columns: strings().min(1).optional(),
    }),
    // A file, not JSON (§5.14): the CSV text, or the XLSX bytes.
    answer: str().meta({ description: 'The exported file (text/csv or XLSX bytes).' }),
  },
  'user/change_password': { request: userId.extend({ password: str() }), answer: ok },
  'user/corrupt': {
    request: userId.extend({ login: str().min(1), corrupt_clones: bool().optional() }),
    answer: ok,
  },
  'user/session/create': { request: userId, answer: answer({ hash: str() }) },
  'user/transaction/list': {
    request: userId.extend({ from: str(), to: str(), limit: int().min(1).max(20_000).optional() }),
    answer: answer({ list: z.array(transaction) }),
    legacyAnswer: answer({ list: z.array(legacyTransaction) }),
  },
  'user/transaction/change_balance': {
    request: userId.extend({
      amount: num().min(-9_999_999_999.9999).max(9_999_999_999.9999),
      // [SPEC]'s example `main` and the [MD]/[UI] `balance` (reference §7 `change-balance-type`).
      type: z.enum(['main', 'balance', 'bonus']),
      text: str().min(5).max(200),
    }),
    answer: ok,
  },
  'user/create': {
    request: z.object({
      user: userCreateForm,
      password: str(),
      locale: str(),
      time_zone: str(),
      ...userExtras,
    }),
    answer: created,
  },
  'user/update': { request: z.object({ user: userUpdateForm, ...userExtras }), answer: ok },
  'user/upload': {
    // multipart/form-data: `file` is a file part, `redirect_target` a text part.
    request: z.object({ file: z.unknown(), redirect_target: z.url().optional() }),
    answer: answer({ total: int(), errors: int() }),
  },
  'user/menu/preset/list': {
    request: noParams,
    answer: answer({ list: z.array(presetListEntry) }),
    legacyAnswer: answer({ list: z.array(legacyPresetListEntry) }),
  },
  'user/menu/preset/create': { request: z.object({ preset: presetDraft }), answer: created },
  'user/menu/preset/update': { request: z.object({ preset: presetEdit }), answer: ok },
  'user/menu/preset/delete': { request: z.object({ preset_id: id() }), answer: ok },
  'user/menu/preset/assign': {
    request: z.object({ preset_id: id(), target: assignmentTargetWrite }),
    answer: ok,
  },
  // Reference §7 `menu-items`: with the older shapes this path answers 112 (no such action).
  'user/menu/item/list': {
    request: noParams,
    answer: answer({ list: z.array(menuDestination) }),
  },
  // The [MD] path, served in every mode like the other legacy actions: a bare JSON array.
  'user/menu/preset/items/list': { request: noParams, answer: z.array(menuDestination) },
  'user/mfa/settings/update': {
    request: z.object({ target: mfaTarget, settings: mfaSettings }),
    answer: ok,
  },
  'user/mfa/settings/default/read': {
    request: noParams,
    answer: answer({ value: orNull(mfaSettings) }),
  },
  'user/mfa/settings/default/update': { request: z.object({ settings: mfaSettings }), answer: ok },
};
