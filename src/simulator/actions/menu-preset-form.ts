import { PanelError } from '../errors.js';
import type { MenuGroup, MenuItem, MenuPreset, MenuTab } from '../model-extras.js';
import type { ParamReader } from '../params.js';

/** Reference §4.2 "Menu preset family": the destinations [MD] lists for `item/list`. */
export const MENU_DESTINATIONS: readonly string[] = (
  'dashboard tracking location_links reports report_schedules fleet garages drivers ' +
  'driver_departments driver_journal driver_skills service_tasks staff tasks task_schedules ' +
  'forms task_courier departments places notifications chat device_activation ' +
  'device_settings feedback'
).split(' ');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function tabOf(value: unknown): MenuTab | undefined {
  if (!isRecord(value) || typeof value.title !== 'string') return undefined;
  if (typeof value.destination !== 'string') return undefined;
  return { title: value.title, destination: value.destination };
}

function itemOf(value: unknown): MenuItem | undefined {
  if (!isRecord(value) || typeof value.title !== 'string' || !Array.isArray(value.tabs)) {
    return undefined;
  }
  const tabs = value.tabs.map(tabOf);
  if (tabs.some((tab) => tab === undefined)) return undefined;
  const icon = typeof value.icon === 'string' ? { icon: value.icon } : {};
  return { title: value.title, ...icon, tabs: tabs as MenuTab[] };
}

/** A group; its `title` may be null (omitted in answers, §1.5). */
function groupOf(value: unknown): MenuGroup | undefined {
  if (!isRecord(value) || !Array.isArray(value.items)) return undefined;
  if (value.title !== undefined && value.title !== null && typeof value.title !== 'string') {
    return undefined;
  }
  const items = value.items.map(itemOf);
  if (items.some((item) => item === undefined)) return undefined;
  const title = typeof value.title === 'string' ? { title: value.title } : {};
  return { ...title, items: items as MenuItem[] };
}

/**
 * Reads `preset` of create (no `id`) or update (`id` required). `main` is an array of groups,
 * `footer` one group ([SPEC]); [MD]'s `"footer": []` is read as an empty group (§7).
 */
export function readPreset(
  reader: ParamReader,
  update: boolean,
): Omit<MenuPreset, 'id'> & { id?: number } {
  const preset = reader.object('preset', { required: true });
  if (preset === undefined) return { title: '', main: [], footer: { items: [] } };
  const id = update ? preset.int('id', { required: true, min: 1 }) : undefined;
  const title = preset.string('title', { required: true, minLength: 1, maxLength: 255 }) ?? '';
  const mainRaw = preset.json('main') ?? [];
  const main = Array.isArray(mainRaw) ? mainRaw.map(groupOf) : [undefined];
  if (main.some((group) => group === undefined)) preset.fail('main', 'Invalid menu structure');
  const footerRaw = preset.json('footer') ?? { items: [] };
  const footer =
    Array.isArray(footerRaw) && footerRaw.length === 0 ? { items: [] } : groupOf(footerRaw);
  if (footer === undefined) preset.fail('footer', 'Invalid menu structure');
  return {
    ...(id === undefined ? {} : { id }),
    title,
    main: main as MenuGroup[],
    footer: footer ?? { items: [] },
  };
}

/** Reference §4.8 `user/menu/preset/create|update`: an unknown destination answers 201. */
export function checkDestinations(preset: Omit<MenuPreset, 'id'>): void {
  const groups = [...preset.main, preset.footer];
  const tabs = groups.flatMap((group) => group.items.flatMap((item) => item.tabs));
  if (tabs.some((tab) => !MENU_DESTINATIONS.includes(tab.destination))) throw new PanelError(201);
}
