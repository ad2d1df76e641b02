import { PanelError } from '../errors.js';
import type { MenuAssignment, MenuPresetEntry } from '../model-extras.js';
import { RawJson } from '../json.js';
import { ParamReader } from '../params.js';
import { presetEntryView } from '../shape-views.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { defined, findUser } from './lookups.js';
import { MENU_DESTINATIONS, checkDestinations, readPreset } from './menu-preset-form.js';
import type { ActionDefinition } from './types.js';

/** The items presets are composed of; titles are localisation keys (§4.2). */
const MENU_ITEMS = MENU_DESTINATIONS.map((destination) => ({
  title: `common.menu.${destination}`,
  destination,
}));

/** A preset the dealer may change: platform presets are read-only, so they answer 201 too. */
function dealerPreset(dealer: DealerData, presetId: number): MenuPresetEntry {
  const entry = dealer.presets.get(presetId);
  if (entry?.owner !== 'dealer') throw new PanelError(201);
  return entry;
}

/** Assignments: the stored `default` one, plus the users whose `menu_preset_id` points here. */
function listEntry(
  store: SimulatorStore,
  dealer: DealerData,
  entry: MenuPresetEntry,
): MenuPresetEntry {
  const id = entry.preset.id;
  const ids = store
    .users(dealer)
    .filter((r) => r.user.menu_preset_id === id)
    .map((r) => r.user.id);
  const assignments: MenuAssignment[] = [...entry.assignments];
  if (ids.length > 0) assignments.push({ type: 'users', ids });
  return { ...entry, assignments };
}

/** Points users at a preset, or (`presetId` undefined) back at the dealer default. */
function setUsersPreset(
  store: SimulatorStore,
  dealer: DealerData,
  ids: readonly number[],
  presetId?: number,
): void {
  for (const id of ids) {
    const record = findUser(dealer, id);
    const { menu_preset_id: _old, ...user } = record.user;
    store.putUser(dealer, {
      ...record,
      user: presetId === undefined ? user : { ...user, menu_preset_id: presetId },
    });
  }
}

function usersOfPreset(store: SimulatorStore, dealer: DealerData, presetId: number): number[] {
  return store
    .users(dealer)
    .filter((r) => r.user.menu_preset_id === presetId)
    .map((r) => r.user.id);
}

/** Reference §4.8 `user/menu/preset/assign`: the target replaces the preset's assignment. */
function assign(
  store: SimulatorStore,
  dealer: DealerData,
  presetId: number,
  target: ParamReader,
): void {
  const type = target.oneOf('type', ['default', 'users'] as const, true);
  const ids = type === 'users' ? target.intList('ids', { required: true, max: 10_000 }) : [];
  target.check();
  const entry = dealer.presets.get(presetId);
  if (entry === undefined) throw new PanelError(201);
  if (type === 'default') {
    for (const other of dealer.presets.values()) {
      const assignments = other.assignments.filter((a) => a.type !== 'default');
      dealer.presets.set(other.preset.id, { ...other, assignments });
    }
    const current = defined(dealer.presets.get(presetId));
    dealer.presets.set(presetId, { ...current, assignments: [{ type: 'default' }] });
    return;
  }
  for (const id of defined(ids)) findUser(dealer, id);
  setUsersPreset(store, dealer, usersOfPreset(store, dealer, presetId));
  setUsersPreset(store, dealer, defined(ids), presetId);
}

/** Reference §4.8: menu presets and the menu items they are composed of. */
export const userMenuActions: readonly ActionDefinition[] = [
  {
    name: 'user/menu/preset/list',
    permissions: [['users', 'read']],
    handle: ({ store, dealer, shapes }) => ({
      list: [...dealer.presets.values()].map((entry) =>
        presetEntryView(listEntry(store, dealer, entry), shapes),
      ),
    }),
  },
  {
    name: 'user/menu/preset/create',
    permissions: [['users', 'create']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const { id: _ignored, ...preset } = readPreset(reader, false);
      reader.check();
      checkDestinations(preset);
      const id = store.nextId('preset');
      dealer.presets.set(id, { preset: { id, ...preset }, owner: 'dealer', assignments: [] });
      return { id };
    },
  },
  {
    name: 'user/menu/preset/update',
    permissions: [['users', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const { id, ...preset } = readPreset(reader, true);
      reader.check();
      const entry = dealerPreset(dealer, defined(id));
      checkDestinations(preset);
      // §5.6: a full overwrite of the preset.
      dealer.presets.set(entry.preset.id, { ...entry, preset: { id: entry.preset.id, ...preset } });
      return {};
    },
  },
  {
    name: 'user/menu/preset/delete',
    permissions: [['users', 'delete']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const presetId = reader.int('preset_id', { required: true, min: 1 });
      reader.check();
      const entry = dealerPreset(dealer, defined(presetId));
      // §4.8: assigned users fall back to the dealer default.
      setUsersPreset(store, dealer, usersOfPreset(store, dealer, entry.preset.id));
      dealer.presets.delete(entry.preset.id);
      return {};
    },
  },
  {
    name: 'user/menu/preset/assign',
    permissions: [['users', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const presetId = reader.int('preset_id', { required: true, min: 1 });
      const target = reader.object('target', { required: true });
      reader.check();
      assign(store, dealer, defined(presetId), defined(target));
      return {};
    },
  },
  {
    name: 'user/menu/item/list',
    permissions: [['users', 'read']],
    // [SPEC] path and envelope; §7 `menu-items`: with the older shapes the path does not exist.
    handle({ shapes }) {
      if (shapes.legacy('menu-items')) throw new PanelError(112);
      return { list: MENU_ITEMS };
    },
  },
  {
    name: 'user/menu/preset/items/list',
    permissions: [['users', 'read']],
    // [MD]'s path, answering a bare JSON array; served in every mode, like the §4.10 actions.
    handle: () => new RawJson(JSON.stringify(MENU_ITEMS)),
  },
];
