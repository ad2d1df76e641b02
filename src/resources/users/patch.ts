import type { PanelRequest } from '../../panel/actions.js';
import { PANEL_ACTIONS } from '../../panel/actions.js';
import { mergePatch } from '../shared/merge-patch.js';
import { asRecord, dropRefusedNulls, echo, type Raw } from '../shared/raw-write.js';
import { writeDiscount } from './discount.js';
import { toNavixyForm, type UserPatch } from './forms.js';

/**
 * Fields of the `user/read` record that `user/update` does not take back (raw-write.ts): the
 * balances, counters and creation date Navixy keeps, the owner, and the verification and MFA
 * flags set elsewhere. `comment` moves to the top level, where update takes it (§4.8).
 * `verified` does go back: [MD] says an update without it sets it equal to `activated`.
 */
export const USER_WITHHELD = [
  'dealer_id',
  'balance',
  'bonus',
  'trackers_count',
  'creation_date',
  'phone_verified',
  'mfa_allowed',
] as const;

/**
 * Siblings of `value` in the `user/read` answer that update does not take: what blocks the user
 * (`user/block`) and the dealer's MFA settings. `discount`, `default_tariff_id` and any sibling
 * Navixy adds go back.
 */
export const USER_READ_ONLY_SIBLINGS = ['block_parameters', 'dealer_mfa_settings'] as const;

/**
 * `user/update` for a PATCH: the user as `user/read` answered it (`raw`), with the client's
 * changes merged in. Fields the patch does not name go back exactly as read, unmodelled ones
 * included; the discount goes back in the shape it was read in.
 */
export function userUpdateFromRead(
  raw: Raw,
  patch: UserPatch,
  id: number,
): PanelRequest<'user/update'> {
  const value = asRecord(raw.value);
  const user = mergePatch(echo(value, [...USER_WITHHELD, 'comment']), toNavixyForm(patch));
  user.id = id;
  // §4.8: update needs `activated`; a record read without it is an active one.
  if (typeof user.activated !== 'boolean') user.activated = true;
  const params: Raw = { ...echo(raw, ['value', ...USER_READ_ONLY_SIBLINGS]), user };
  if (patch.discount !== undefined) {
    params.discount = patch.discount === null ? null : writeDiscount(raw.discount, patch.discount);
  }
  if (patch.defaultPlanId !== undefined) params.default_tariff_id = patch.defaultPlanId;
  const comment = patch.comment ?? value.comment;
  if (comment !== undefined) params.comment = comment;
  return dropRefusedNulls(
    params,
    PANEL_ACTIONS['user/update'].request,
  ) as PanelRequest<'user/update'>;
}
