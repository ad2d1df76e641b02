import { z } from 'zod';
import { id, int, orNull, str } from './fields.js';

/** [SPEC] MenuTab, MenuItem, MenuGroup. */
const menuTab = z.looseObject({ title: str(), destination: str() });
/** MenuItem: `icon` is optional when a preset is written, so may be absent when it is read. */
const menuItem = z.looseObject({ title: str(), icon: str().optional(), tabs: z.array(menuTab) });
const menuGroup = z.looseObject({ title: orNull(str()), items: z.array(menuItem) });

function menuPreset(footer: z.ZodType) {
  return z.looseObject({ id: int(), title: str(), main: z.array(menuGroup), footer });
}

const assignmentTarget = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('default') }),
  z.looseObject({ type: z.literal('users'), ids: z.array(int().min(1)).max(10_000) }),
]);

function presetEntry(footer: z.ZodType) {
  return z.looseObject({
    preset: menuPreset(footer),
    owner: z.enum(['dealer', 'platform']),
    assignments: z.array(assignmentTarget),
  });
}

/** [SPEC] MenuPresetListEntry: `footer` is one group. */
export const presetListEntry = presetEntry(menuGroup);
/** Reference §7 `preset-footer`: [MD]'s table says the footer is an item array. */
export const legacyPresetListEntry = presetEntry(z.array(menuItem));

/** [SPEC] MenuItemDestination. */
export const menuDestination = z.looseObject({ title: str(), destination: str() });

/** The writable menu objects: the [SPEC] lists no required fields in them. */
const tabWrite = z.object({ title: str().optional(), destination: str().optional() });
const itemWrite = z.object({
  title: str().optional(),
  icon: str().optional(),
  tabs: z.array(tabWrite).optional(),
});
const groupWrite = z.object({
  title: str().nullable().optional(),
  items: z.array(itemWrite).optional(),
});
/** A written `footer`: one group ([SPEC]) or an item array ([MD], whose example sends `[]`). */
const footerWrite = z.union([groupWrite, z.array(itemWrite)]);

export const presetDraft = z.object({
  title: str(),
  main: z.array(groupWrite).optional(),
  footer: footerWrite.optional(),
});
export const presetEdit = presetDraft.extend({ id: id() });
export const assignmentTargetWrite = z.discriminatedUnion('type', [
  z.object({ type: z.literal('default') }),
  z.object({ type: z.literal('users'), ids: z.array(id()).max(10_000) }),
]);

/** [SPEC] MfaSettings. */
export const mfaSettings = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('allowed'),
    factor_types: z.array(z.enum(['email'])).min(1),
  }),
  z.looseObject({ type: z.literal('disallowed') }),
]);

/** [SPEC] MfaTarget. */
export const mfaTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('selected'), ids: z.array(id()).min(1).max(100) }),
]);
