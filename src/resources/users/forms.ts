import { z } from 'zod';
import type { PanelRequest } from '../../panel/actions.js';
import type { UserForm } from '../../panel/schemas/users.js';
import { discountInputSchema, discountPatchSchema, writeDiscount } from './discount.js';

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
  discount: discountInputSchema.nullable().optional(),
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

/**
 * PATCH: any subset of the editable fields (RFC 7396 merge patch); no defaults, which would
 * overwrite. The discount merges too: `{"discount": {"percent": 7}}` changes the percent only.
 */
export const userPatchSchema = userFields
  .extend({ discount: discountPatchSchema.nullable() })
  .partial()
  .meta({ id: 'UserPatch' });

export type UserPatch = z.output<typeof userPatchSchema>;

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

type CreateParams = PanelRequest<'user/create'>;
type UpdateParams = PanelRequest<'user/update'>;

/** The Navixy `user` form fields the client can name, from a whole or partial input. */
export function toNavixyForm(input: UserPatch): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined) form[name] = value;
  };
  set('login', input.login);
  set('legal_type', input.legalType);
  set('activated', input.activated);
  set('verified', input.verified);
  set('menu_preset_id', input.menuPresetId);
  for (const [name, navixy] of TEXT_FIELDS) set(navixy, input[name]);
  return form;
}

/**
 * `user/create` for `input` (§4.8), the password aside: every text field of the form (empty
 * when not given, as Navixy wants them), optional parameters only when the client gave them.
 */
export function toNavixyUser(
  input: UserInput,
): Omit<CreateParams, 'password' | 'locale' | 'time_zone'> {
  const user = {
    ...Object.fromEntries(TEXT_FIELDS.map(([, navixy]) => [navixy, ''])),
    ...toNavixyForm({ ...input, menuPresetId: input.menuPresetId ?? undefined }),
  } as UserForm;
  return {
    user,
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    ...(input.discount ? { discount: writeDiscount(undefined, input.discount) } : {}),
    ...(input.defaultPlanId == null ? {} : { default_tariff_id: input.defaultPlanId }),
  };
}

/**
 * `user/update` for a PUT: the whole record as given, what it leaves out reset (no discount, no
 * default plan, no comment), with the `id` and `activated` Navixy needs (§4.8).
 */
export function toNavixyUserUpdate(input: UserInput, id: number): UpdateParams {
  const { user, ...params } = toNavixyUser(input);
  return {
    ...params,
    user: { ...user, id, activated: input.activated },
    discount: params.discount ?? null,
    default_tariff_id: params.default_tariff_id ?? null,
    comment: params.comment ?? '',
  };
}
