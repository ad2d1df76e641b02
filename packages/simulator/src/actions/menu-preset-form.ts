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

/** [SPEC] MenuTab requires neither field; a tab without a destination is an unknown one (201). */
function tabOf(value: unknown): MenuTab | undefined {
  if (!isRecord(value)) return undefined;
  const { title = '', destination = '' } = value;
  if (typeof title !== 'string' || typeof destination !== 'string') return undefined;
  return { title, destination };
}

/** [SPEC] MenuItem requires no field: no title is `''`, no tabs an empty list. */
function itemOf(value: unknown): MenuItem | undefined {
  if (!isRecord(value)) return undefined;
  const { title = '', icon, tabs = [] } = value;
  if (typeof title !== 'string' || !Array.isArray(tabs)) return undefined;
  if (icon !== undefined && typeof icon !== 'string') return undefined;
  const read = tabs.map(tabOf);
  if (read.some((tab) => tab === undefined)) return undefined;
  return { title, ...(icon === undefined ? {} : { icon }), tabs: read as MenuTab[] };
}

function itemsOf(values: readonly unknown[]): MenuItem[] | undefined {
  const items = values.map(itemOf);
  return items.some((item) => item === undefined) ? undefined : (items as MenuItem[]);
}

/** A group; its `title` may be null (omitted in answers, §1.5); no items is an empty list. */
function groupOf(value: unknown): MenuGroup | undefined {
  if (!isRecord(value)) return undefined;
  const { title, items = [] } = value;
  if (title !== undefined && title !== null && typeof title !== 'string') return undefined;
  const read = Array.isArray(items) ? itemsOf(items) : undefined;
  if (read === undefined) return undefined;
  return { ...(typeof title === 'string' ? { title } : {}), items: read };
}

/**
 * §7 `preset-footer`: a footer is one group ([SPEC]) or an item array ([MD]'s table; its example
 * sends `[]`), read as an untitled group of those items, whatever the answers use.
 */
function footerOf(value: unknown): MenuGroup | undefined {
  if (!Array.isArray(value)) return groupOf(value);
  const items = itemsOf(value);
  return items === undefined ? undefined : { items };
}

/** Reads `preset` of create (no `id`) or update (`id` required). `main` is an array of groups. */
export function readPreset(
  reader: ParamReader,
  update: boolean,
): Omit<MenuPreset, 'id'> & { id?: number } {
  const preset = reader.object('preset', { required: true });
  if (preset === undefined) return { title: '', main: [], footer: { items: [] } };
  const id = update ? preset.int('id', { required: true, min: 1 }) : undefined;
  const title = preset.string('title', { required: true }) ?? '';
  const mainRaw = preset.json('main') ?? [];
  const main = Array.isArray(mainRaw) ? mainRaw.map(groupOf) : [undefined];
  if (main.some((group) => group === undefined)) preset.fail('main', 'Invalid menu structure');
  const footer = footerOf(preset.json('footer') ?? { items: [] });
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
