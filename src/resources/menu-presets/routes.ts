import { z } from 'zod';
import { GatewayError } from '../../problems/gateway-error.js';
import { PanelError } from '../../panel/errors.js';
import { defineRoute, type PanelCall } from '../../routing/route-spec.js';
import type { MenuItemUpstream, presetEntryUpstream } from '../../panel/schemas/user-menu.js';
import { byIdParams, openEnum, orNull, out } from '../shared/common.js';

const tag = 'Menu presets';

/** Reference §4.2 "Menu preset family": titles are localisation keys. */
const tab = z.object({ title: z.string().max(255), destination: z.string().max(64) });
const item = z.object({
  title: z.string().max(255),
  icon: z.string().max(255).optional(),
  tabs: z.array(tab),
});
const group = z.object({ title: z.string().max(255).nullable(), items: z.array(item) });
const presetInput = z
  .strictObject({ title: z.string().min(1).max(255), main: z.array(group), footer: group })
  .meta({ id: 'MenuPresetInput' });

const assignment = z.discriminatedUnion('type', [
  z.object({ type: z.literal('default') }),
  z.object({ type: z.literal('users'), userIds: z.array(z.number().int().positive()).max(10_000) }),
]);

/** What Navixy answers: any title or destination may be missing (§5.12), so may be null. */
const tabOut = z.object({ title: out.str, destination: out.str });
const itemOut = z.object({ title: out.str, icon: z.string().optional(), tabs: z.array(tabOut) });
const groupOut = z.object({ title: out.str, items: z.array(itemOut) });

const presetSchema = z
  .object({
    id: z.number().int(),
    title: out.str,
    main: z.array(groupOut),
    footer: groupOut,
    owner: openEnum(['dealer', 'platform']).meta({
      description: 'Platform presets are read-only.',
    }),
    assignments: z.array(
      z.union([
        ...assignment.options,
        z.object({ type: z.string().meta({ description: 'A kind Navixy may add later.' }) }),
      ]),
    ),
  })
  .meta({ id: 'MenuPreset' });

type PresetEntry = z.output<typeof presetEntryUpstream>;

const toItem = (i: MenuItemUpstream) => ({
  title: orNull(i.title),
  ...(i.icon ? { icon: i.icon } : {}),
  tabs: (i.tabs ?? []).map((t) => ({ title: orNull(t.title), destination: orNull(t.destination) })),
});

/** A group; [MD]'s footer is a bare array of items (§7): one untitled group. */
const toGroup = (g: PresetEntry['preset']['footer'] | undefined) => {
  if (Array.isArray(g)) return { title: null, items: g.map(toItem) };
  return { title: orNull(g?.title), items: (g?.items ?? []).map(toItem) };
};

type Assignment = NonNullable<NonNullable<PresetEntry['assignments']>[number]>;

function toAssignment(a: Assignment) {
  if (a.type === 'users') return { type: 'users' as const, userIds: a.ids ?? [] };
  if (a.type === 'default') return { type: 'default' as const };
  return { type: a.type ?? 'unknown' };
}

async function listPresets(panel: PanelCall) {
  const { list } = await panel('user/menu/preset/list');
  return (list ?? []).map(({ preset, owner, assignments }) => ({
    id: preset.id,
    title: orNull(preset.title),
    main: (preset.main ?? []).map(toGroup),
    footer: toGroup(preset.footer),
    owner: orNull(owner),
    assignments: (assignments ?? []).filter((a): a is Assignment => !!a).map(toAssignment),
  }));
}

async function findPreset(panel: PanelCall, id: number) {
  const preset = (await listPresets(panel)).find((p) => p.id === id);
  if (!preset) throw new GatewayError('NOT_FOUND', { detail: `No menu preset ${id}.` });
  return preset;
}

/**
 * The menu item list: [SPEC]'s `user/menu/item/list`, or, where Navixy knows no such action
 * (112, "Wrong method"), [MD]'s older `user/menu/preset/items/list` (reference §7).
 */
async function menuItems(panel: PanelCall) {
  try {
    return await panel('user/menu/item/list');
  } catch (error) {
    if (error instanceof PanelError && [111, 112].includes(error.navixyCode)) {
      return panel('user/menu/preset/items/list');
    }
    throw error;
  }
}

export const menuPresetRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/menu-presets',
    operationId: 'listMenuPresets',
    summary: 'The menu presets users\u2019 interfaces can get',
    tag,
    actions: ['user/menu/preset/list'],
    response: { description: 'All presets.', schema: z.object({ items: z.array(presetSchema) }) },
    handle: async ({ panel }) => ({ items: await listPresets(panel) }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/menu-presets',
    operationId: 'createMenuPreset',
    summary: 'Create a menu preset',
    tag,
    actions: ['user/menu/preset/create', 'user/menu/preset/list'],
    body: presetInput,
    status: 201,
    response: { description: 'The new preset.', schema: presetSchema },
    async handle({ body, panel }) {
      const { id } = await panel('user/menu/preset/create', { preset: body });
      return findPreset(panel, id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/menu-presets/{id}',
    operationId: 'replaceMenuPreset',
    summary: 'Replace a menu preset (dealer presets only)',
    tag,
    actions: ['user/menu/preset/update', 'user/menu/preset/list'],
    params: byIdParams,
    body: presetInput,
    response: { description: 'The preset as stored.', schema: presetSchema },
    errors: [404],
    async handle({ params, body, panel }) {
      await panel('user/menu/preset/update', { preset: { ...body, id: params.id } });
      return findPreset(panel, params.id);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/menu-presets/{id}',
    operationId: 'deleteMenuPreset',
    summary: 'Delete a menu preset; its users fall back to the dealer default',
    tag,
    actions: ['user/menu/preset/delete'],
    params: byIdParams,
    status: 204,
    response: { description: 'Deleted.' },
    errors: [404],
    async handle({ params, panel }) {
      await panel('user/menu/preset/delete', { preset_id: params.id });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/menu-presets/{id}/assignment',
    operationId: 'assignMenuPreset',
    summary: 'Make a preset the default, or give it to these users (replacing its user list)',
    tag,
    actions: ['user/menu/preset/assign'],
    params: byIdParams,
    body: assignment,
    status: 204,
    response: { description: 'Assigned.' },
    errors: [404],
    async handle({ params, body, panel }) {
      const target =
        body.type === 'users'
          ? { type: 'users' as const, ids: body.userIds }
          : { type: 'default' as const };
      await panel('user/menu/preset/assign', { preset_id: params.id, target });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/menu-items',
    operationId: 'listMenuItems',
    summary: 'The destinations a menu preset can link to',
    tag,
    actions: ['user/menu/item/list', 'user/menu/preset/items/list'],
    response: {
      description: 'All items.',
      schema: z.object({ items: z.array(z.object({ title: out.str, destination: z.string() })) }),
    },
    async handle({ panel }) {
      const { list } = await menuItems(panel);
      return {
        items: (list ?? []).map(({ title, destination }) => ({
          title: orNull(title),
          destination,
        })),
      };
    },
  }),
];
