import { z } from 'zod';
import { BLOCK_TYPES as blockTypes, type subdealerUpstream } from '../../panel/schemas/subpaas.js';
import { isoDate, openEnum, orNull, out } from '../shared/common.js';
import { mergePatch } from '../shared/merge-patch.js';
import { dropRefusedNulls, echo, type Raw } from '../shared/raw-write.js';
import { PANEL_ACTIONS, type PanelRequest } from '../../panel/actions.js';

/** Editable fields: client name → Navixy parameter (plain names for Navixy's cryptic ones). */
export const SUBDEALER_FIELDS = {
  title: 'title',
  legalName: 'jur_name',
  email: 'email',
  country: 'jur_country',
  monitoringDomain: 'link_monitoring',
  contactName: 'contact_fio',
  contactPosition: 'contact_post',
  contactPhone: 'contact_phone',
} as const;

export const subdealerSchema = z
  .object({
    id: z.number().int(),
    login: out.str,
    blockType: openEnum(blockTypes),
    creationDate: out.date,
    title: out.str,
    legalName: out.str,
    email: out.str,
    country: out.str,
    monitoringDomain: out.str.meta({
      description: 'Domain of the sub-dealer\u2019s monitoring site.',
    }),
    contactName: out.str,
    contactPosition: out.str,
    contactPhone: out.str,
    usersCount: out.int,
    activeUsersCount: out.int,
    trackersCount: out.int,
    activeTrackersCount: out.int,
  })
  .meta({ id: 'Subdealer', description: 'A sub-dealer (Navixy "sub-PaaS") of the dealer.' });

export type Subdealer = z.infer<typeof subdealerSchema>;

export function toSubdealer(s: z.infer<typeof subdealerUpstream>): Subdealer {
  return {
    id: s.subpaas_id,
    login: orNull(s.login),
    blockType: orNull(s.block_type),
    creationDate: isoDate(s.creation_date),
    title: orNull(s.title),
    legalName: orNull(s.jur_name),
    email: orNull(s.email),
    country: orNull(s.jur_country),
    monitoringDomain: orNull(s.link_monitoring),
    contactName: orNull(s.contact_fio),
    contactPosition: orNull(s.contact_post),
    contactPhone: orNull(s.contact_phone),
    usersCount: orNull(s.users_count),
    activeUsersCount: orNull(s.active_users_count),
    trackersCount: orNull(s.trackers_count),
    activeTrackersCount: orNull(s.active_trackers_count),
  };
}

/** Reference §4.2 limits. */
const subdealerFields = z.strictObject({
  title: z.string().min(1).max(50),
  legalName: z.string().min(1).max(100),
  email: z.email(),
  country: z.string().min(1).max(255),
  monitoringDomain: z.string().min(1).max(255),
  contactName: z.string().max(100).optional(),
  contactPosition: z.string().max(50).optional(),
  contactPhone: z.string().max(255).optional(),
  blockType: z.enum(blockTypes),
});

export const subdealerInputSchema = subdealerFields
  .extend({ blockType: z.enum(blockTypes).default('NOT_BLOCKED') })
  .meta({ id: 'SubdealerInput', description: 'A whole sub-dealer record: PUT replaces it.' });

/** PATCH: any subset, with no defaults (a default would overwrite the stored value). */
export const subdealerPatchSchema = subdealerFields.partial().meta({ id: 'SubdealerPatch' });

export type SubdealerInput = z.output<typeof subdealerInputSchema>;

type NavixySubdealer = Record<(typeof SUBDEALER_FIELDS)[keyof typeof SUBDEALER_FIELDS], string>;

/** The Navixy parameters of `subpaas/create` / `subpaas/update` for `input`. */
export function toNavixySubdealer(input: SubdealerInput): NavixySubdealer {
  const fields = Object.entries(SUBDEALER_FIELDS) as [keyof typeof SUBDEALER_FIELDS, string][];
  return Object.fromEntries(
    fields.map(([name, navixy]) => [navixy, input[name] ?? '']),
  ) as NavixySubdealer;
}

/**
 * Fields of `subpaas/read` that `subpaas/update` does not take (raw-write.ts): the id (sent as
 * `subpaas_id`), the login and creation date Navixy assigns, and the counters it keeps.
 */
export const SUBDEALER_WITHHELD = [
  'subpaas_id',
  'login',
  'creation_date',
  'users_count',
  'active_users_count',
  'trackers_count',
  'active_trackers_count',
] as const;

/** The fields `subpaas/update` requires; one the read left out goes as empty (§5.12). */
const REQUIRED_TEXT = ['title', 'jur_name', 'email', 'jur_country', 'link_monitoring'] as const;

/**
 * `subpaas/update` for a PATCH: the sub-dealer as `subpaas/read` answered it (`raw`), the
 * client's changes merged in; fields not named go back exactly as read, unmodelled ones too.
 */
export function subdealerUpdateFromRead(
  raw: Raw,
  patch: Partial<SubdealerInput>,
  id: number,
): PanelRequest<'subpaas/update'> {
  const changes: Raw = {};
  for (const [name, navixy] of Object.entries(SUBDEALER_FIELDS)) {
    const value = patch[name as keyof typeof SUBDEALER_FIELDS];
    if (value !== undefined) changes[navixy] = value;
  }
  if (patch.blockType !== undefined) changes.block_type = patch.blockType;
  const params = mergePatch(echo(raw, SUBDEALER_WITHHELD), changes);
  for (const name of REQUIRED_TEXT) params[name] ??= '';
  params.block_type ??= 'NOT_BLOCKED';
  return dropRefusedNulls(
    { subpaas_id: id, ...params },
    PANEL_ACTIONS['subpaas/update'].request,
  ) as PanelRequest<'subpaas/update'>;
}

export const SUBDEALER_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SUBDEALER_FIELDS).map(([name, navixy]) => [navixy, name])),
  block_type: 'blockType',
  password: 'password',
  new_password: 'password',
};
