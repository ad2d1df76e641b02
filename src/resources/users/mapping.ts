import { z } from 'zod';
import type { userReadUpstream, userUpstream } from '../../panel/schemas/users.js';
import { isoDateTime, openEnum, orNull, out } from '../shared/common.js';
import { discountSchema, toDiscount } from './discount.js';

const legalTypes = ['individual', 'legal_entity', 'sole_trader'] as const;

export const userSchema = z
  .object({
    id: z.number().int(),
    dealerId: out.int,
    login: out.str.meta({ description: 'The user\u2019s e-mail, unique on the platform.' }),
    activated: out.bool.meta({ description: 'Allowed to log in.' }),
    verified: out.bool.meta({ description: 'E-mail verified.' }),
    phoneVerified: out.bool,
    legalType: openEnum(legalTypes),
    firstName: out.str,
    middleName: out.str,
    lastName: out.str,
    phone: out.str,
    postCountry: out.str,
    postIndex: out.str,
    postRegion: out.str,
    postCity: out.str,
    postStreetAddress: out.str,
    registeredCountry: out.str,
    registeredIndex: out.str,
    registeredRegion: out.str,
    registeredCity: out.str,
    registeredStreetAddress: out.str,
    legalName: out.str,
    tin: out.str,
    iec: out.str,
    stateRegNum: out.str,
    okpoCode: out.str,
    balance: out.num,
    bonus: out.num,
    trackersCount: out.int,
    creationDate: out.dateTime,
    comment: out.str,
    menuPresetId: out.int,
    mfaAllowed: out.bool,
  })
  .meta({ id: 'User', description: 'An end user of the dealer.' });

export const userDetailSchema = userSchema
  .extend({
    discount: discountSchema,
    defaultPlanId: out.int.meta({ description: 'Plan given to the user\u2019s new trackers.' }),
    blockParameters: z.record(z.string(), z.unknown()).nullable(),
    dealerMfaSettings: z.object({ type: out.str, factorTypes: z.array(z.string()) }).nullable(),
  })
  .meta({
    id: 'UserDetail',
    description: 'A user with its discount, default plan and MFA settings.',
  });

export type User = z.infer<typeof userSchema>;

export function toUser(u: z.infer<typeof userUpstream>): User {
  return {
    id: u.id,
    dealerId: orNull(u.dealer_id),
    login: orNull(u.login),
    activated: orNull(u.activated),
    verified: orNull(u.verified),
    phoneVerified: orNull(u.phone_verified),
    legalType: orNull(u.legal_type),
    firstName: orNull(u.first_name),
    middleName: orNull(u.middle_name),
    lastName: orNull(u.last_name),
    phone: orNull(u.phone),
    postCountry: orNull(u.post_country),
    postIndex: orNull(u.post_index),
    postRegion: orNull(u.post_region),
    postCity: orNull(u.post_city),
    postStreetAddress: orNull(u.post_street_address),
    registeredCountry: orNull(u.registered_country),
    registeredIndex: orNull(u.registered_index),
    registeredRegion: orNull(u.registered_region),
    registeredCity: orNull(u.registered_city),
    registeredStreetAddress: orNull(u.registered_street_address),
    legalName: orNull(u.legal_name),
    tin: orNull(u.tin),
    iec: orNull(u.iec),
    stateRegNum: orNull(u.state_reg_num),
    okpoCode: orNull(u.okpo_code),
    balance: orNull(u.balance),
    bonus: orNull(u.bonus),
    trackersCount: orNull(u.trackers_count),
    creationDate: isoDateTime(u.creation_date),
    comment: orNull(u.comment),
    menuPresetId: orNull(u.menu_preset_id),
    mfaAllowed: orNull(u.mfa_allowed),
  };
}

export function toUserDetail(
  r: z.infer<typeof userReadUpstream>,
): z.infer<typeof userDetailSchema> {
  const { discount, dealer_mfa_settings: mfa } = r;
  return {
    ...toUser(r.value),
    discount: toDiscount(discount),
    defaultPlanId: orNull(r.default_tariff_id),
    blockParameters: orNull(r.block_parameters),
    dealerMfaSettings: mfa ? { type: orNull(mfa.type), factorTypes: mfa.factor_types ?? [] } : null,
  };
}
