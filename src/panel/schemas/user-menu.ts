import { z } from 'zod';
import { done, id, io, noParams, up, upList, upObject } from './fields.js';

/** Reference §4.2 "Menu preset family": titles are localisation keys. */
const tab = z.object({ title: z.string(), destination: z.string() });
const item = z.object({ title: z.string(), icon: z.string().optional(), tabs: z.array(tab) });
const group = z.object({ title: z.string().nullable(), items: z.array(item) });
/** [SPEC] MenuPresetDraft: `main` is an array of groups, `footer` one group. */
const presetDraft = z.object({ title: z.string().min(1), main: z.array(group), footer: group });

/** Navixy omits null fields (§5.12): anything but a preset's id may be missing. */
const upTab = z.looseObject({ title: up.str, destination: up.str });
const upItem = z.looseObject({ title: up.str, icon: up.str, tabs: upList(upTab) });
const upGroup = z.looseObject({ title: up.str, items: upList(upItem) });

/**
 * MenuPresetListEntry (§4.2). `footer` is one group in [SPEC]; [MD] describes it as an array of
 * items (§7), read as one untitled group.
 */
export const presetEntryUpstream = z.looseObject({
  preset: z.looseObject({
    id: z.number().int(),
    title: up.str,
    main: upList(upGroup),
    footer: z.union([upGroup, z.array(upItem)]).nullish(),
  }),
  owner: up.str,
  assignments: upList(upObject({ type: up.str, ids: upList(z.number().int()) })),
});

export type MenuItemUpstream = z.output<typeof upItem>;
export type MenuGroupUpstream = z.output<typeof upGroup>;

/** MFA settings and targets (§4.2 "MFA settings"). */
const mfaSettings = z.discriminatedUnion('type', [
  z.object({ type: z.literal('allowed'), factor_types: z.array(z.literal('email')).min(1) }),
  z.object({ type: z.literal('disallowed') }),
]);
const mfaTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('selected'), ids: z.array(id).min(1).max(100) }),
]);

export const presetList = io(noParams, z.looseObject({ list: upList(presetEntryUpstream) }));
export const presetCreate = io(
  z.object({ preset: presetDraft }),
  // The answer's id may be any Navixy id (§4.8).
  z.looseObject({ id: z.number().int() }),
);
/** Full overwrite; platform presets are not updatable (§4.8). */
export const presetUpdate = io(z.object({ preset: presetDraft.extend({ id }) }), done);
export const presetDelete = io(z.object({ preset_id: id }), done);
/** §4.8: `users` replaces the preset's user list; at most 10,000 ids. */
export const presetAssign = io(
  z.object({
    preset_id: id,
    target: z.discriminatedUnion('type', [
      z.object({ type: z.literal('default') }),
      z.object({ type: z.literal('users'), ids: z.array(id).max(10_000) }),
    ]),
  }),
  done,
);
/** MenuItemDestination entries: the destination is what a preset's tab names. */
const menuItem = z.looseObject({ title: up.str, destination: z.string() });
export const menuItemList = io(noParams, z.looseObject({ list: upList(menuItem) }));
/**
 * [MD]'s older path for the same list (reference §7), answering a bare array: the Panel client
 * reads it as `{list}`. Called only where `user/menu/item/list` is no action (112).
 */
export const menuItemListLegacy = menuItemList;
export const mfaSettingsUpdate = io(z.object({ target: mfaTarget, settings: mfaSettings }), done);
export const mfaDefaultRead = io(
  noParams,
  z.looseObject({ value: upObject({ type: up.str, factor_types: up.strings }) }),
);
export const mfaDefaultUpdate = io(z.object({ settings: mfaSettings }), done);
