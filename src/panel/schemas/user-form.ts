import { z } from 'zod';
import { id } from './fields.js';

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
export const userForm = z.discriminatedUnion('legal_type', [
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
export const discountParam = z.looseObject({
  percent: z.number().min(0).max(100).optional(),
  end_date: z.string().nullable().optional(),
  device_limit: z.number().int().min(0).nullable().optional(),
  value: z.number().min(0).max(100).optional(),
  min_trackers: z.number().int().min(0).optional(),
  strategy: z.string().optional(),
});

/** What create and update take beside the form (§4.8); `comment` is top-level. */
export const userExtras = {
  discount: discountParam.nullable().optional(),
  default_tariff_id: z.number().int().nullable().optional(),
  comment: z.string().max(255).optional(),
};

/** §4.8: update needs `id` and `activated` in the form (7 otherwise). */
const withId = z.looseObject({ id, activated: z.boolean() });

export const userUpdateParams = z.looseObject({
  user: z.intersection(userForm, withId),
  ...userExtras,
});

export type UserForm = z.input<typeof userForm>;
export type DiscountParam = z.input<typeof discountParam>;
export type UserUpdateParams = z.input<typeof userUpdateParams>;
