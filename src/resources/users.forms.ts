import { z } from 'zod';
import type { UserForm, UserUpdateParams } from '../panel/schemas/users.js';
import type { userDetailSchema } from './users.mapping.js';

/** Client field ↔ Navixy `user` form field (reference §4.2, "User edit form"). */
const TEXT_FIELDS = [
  ['firstName', 'first_name', 100],
  ['middleName', 'middle_name', 100],
  ['lastName', 'last_name', 100],
  ['phone', 'phone', 15],
  ['postCountry', 'post_country', 100],
  ['postIndex', 'post_index', 32],
  ['postRegion', 'post_region', 100],
  ['postCity', 'post_city', 100],
  ['postStreetAddress', 'post_street_address', 200],
  ['registeredCountry', 'registered_country', 100],
  ['registeredIndex', 'registered_index', 32],
  ['registeredRegion', 'registered_region', 100],
  ['registeredCity', 'registered_city', 100],
  ['registeredStreetAddress', 'registered_street_address', 200],
  ['legalName', 'legal_name', 255],
  ['tin', 'tin', 255],
  ['iec', 'iec', 255],
  ['stateRegNum', 'state_reg_num', 15],
  ['okpoCode', 'okpo_code', 10],
] as const;

type TextField = (typeof TEXT_FIELDS)[number][0];

const text = (max: number) => z.string().max(max);
const textShape = Object.fromEntries(
  TEXT_FIELDS.map(([name, , max]) => [name, text(max).optional()]),
) as Record<TextField, z.ZodOptional<z.ZodString>>;

const discountSchema = z
  .strictObject({
    value: z.number().min(0).max(100).meta({ description: 'Percent.' }),
    minTrackers: z.number().int().min(0),
    endDate: z.iso.date().nullable().meta({ description: 'null: no end.' }),
    strategy: z.enum(['no_summing', 'sum_with_progressive']),
  })
  .meta({ id: 'DiscountInput' });

/** The editable fields of a user; the legal fields a `legalType` needs are checked by Navixy. */
const userFields = z.strictObject({
  login: z.email().max(255),
  legalType: z.enum(['individual', 'legal_entity', 'sole_trader']),
  ...textShape,
  firstName: text(100).min(1),
  lastName: text(100).min(1),
  phone: z
    .string()
    .regex(/^\d{0,15}$/, 'digits only, at most 15')
    .optional(),
  activated: z.boolean(),
  verified: z.boolean().optional().meta({ description: 'Defaults to `activated`.' }),
  menuPresetId: z.number().int().positive().nullable().optional(),
  comment: z.string().max(255).optional(),
  discount: discountSchema.nullable().optional(),
  defaultPlanId: z.number().int().positive().nullable().optional(),
});

export const userInputSchema = userFields.extend({ activated: z.boolean().default(true) }).meta({
  id: 'UserInput',
  description: 'A whole user record: PUT replaces, fields left out are reset.',
});

export const createUserSchema = userInputSchema
  .extend({
    password: z
      .string()
      .min(6)
      .max(64)
      .meta({ description: 'Checked against the dealer\u2019s password policy.' }),
    locale: z
      .string()
      .regex(/^[a-z]{2}(_[A-Z]{2})?$/)
      .default('en_US'),
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .meta({ description: 'An IANA zone id from GET /v1/timezones.' }),
  })
  .meta({ id: 'UserCreate' });

/** PATCH: any subset of the editable fields (RFC 7396 merge patch); no defaults, which would overwrite. */
export const userPatchSchema = userFields.partial().meta({ id: 'UserPatch' });

export type UserInput = z.output<typeof userInputSchema>;

/** Navixy's parameter names (dotted) → the client's, so code 7 errors name what the client sent. */
export const USER_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(TEXT_FIELDS.map(([name, navixy]) => [`user.${navixy}`, name])),
  'user.login': 'login',
  'user.legal_type': 'legalType',
  'user.activated': 'activated',
  'user.verified': 'verified',
  'user.menu_preset_id': 'menuPresetId',
  comment: 'comment',
  discount: 'discount',
  default_tariff_id: 'defaultPlanId',
  password: 'password',
  locale: 'locale',
  time_zone: 'timeZone',
};

/** The `user/create` parameters for `input` (§4.8) but the password: Navixy wants every field. */
export function toNavixyUser(
  input: UserInput,
): Omit<UserUpdateParams, 'user'> & { user: UserForm } {
  const user: UserForm = {
    login: input.login,
    legal_type: input.legalType,
    activated: input.activated,
    ...(input.verified === undefined ? {} : { verified: input.verified }),
    ...(input.menuPresetId == null ? {} : { menu_preset_id: input.menuPresetId }),
  };
  for (const [name, navixy] of TEXT_FIELDS) user[navixy] = input[name] ?? '';
  const d = input.discount;
  return {
    user,
    comment: input.comment ?? '',
    discount: d
      ? { value: d.value, min_trackers: d.minTrackers, end_date: d.endDate, strategy: d.strategy }
      : null,
    default_tariff_id: input.defaultPlanId ?? null,
  };
}

/** The `user/update` parameters: the whole record, with the `id` and `activated` it needs (§4.8). */
export function toNavixyUserUpdate(input: UserInput, id: number): UserUpdateParams {
  const params = toNavixyUser(input);
  return { ...params, user: { id, ...params.user, activated: input.activated } };
}

/** A user as read (`GET /v1/users/{id}`) → the editable form, the starting point of a PATCH. */
export function toUserInput(detail: z.output<typeof userDetailSchema>): UserInput {
  const texts = Object.fromEntries(
    TEXT_FIELDS.map(([name]) => [name, detail[name] ?? '']),
  ) as Record<TextField, string>;
  const d = detail.discount;
  return {
    ...texts,
    login: detail.login ?? '',
    legalType: detail.legalType ?? 'individual',
    firstName: texts.firstName,
    lastName: texts.lastName,
    activated: detail.activated ?? true,
    verified: detail.verified ?? undefined,
    menuPresetId: detail.menuPresetId,
    comment: detail.comment ?? '',
    discount:
      d && d.value !== null && d.minTrackers !== null && d.strategy !== null
        ? {
            value: d.value,
            minTrackers: d.minTrackers,
            endDate: d.endDate,
            strategy: d.strategy === 'sum_with_progressive' ? 'sum_with_progressive' : 'no_summing',
          }
        : null,
    defaultPlanId: detail.defaultPlanId,
  };
}
