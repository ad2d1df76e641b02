/**
 * Reference §7: where Navixy's published contract ([SPEC], `Admin_Panel.openapi.json`) and the
 * older docs or the admin front-end ([MD], [UI]) disagree, nobody knows which shape production
 * answers today. The simulator answers the [SPEC] shape by default; each case can be switched to
 * the older one, so a client is tested against both. docs/simulator.md lists both shapes of each.
 */
export const SHAPE_CASES = [
  /** `user/read` `discount`: `{percent, end_date, device_limit}` / `{value, min_trackers, end_date, strategy}`. */
  'discount',
  /** `user/transaction/list` items: `{id, user_id, amount, type, text, timestamp}` / the long [MD] form. */
  'transaction',
  /** `order/read` line items: `positions[]` / `bundles[]`. */
  'order-lines',
  /** `tracker/move`: `{id}` of a new tracker record / no `id`, the tracker keeps its ID. */
  'tracker-move-id',
  /** `tracker/batch_clone` `list`: outcome objects / clone IDs. */
  'batch-clone-list',
  /** `user/menu/item/list` `{list}` / `user/menu/preset/items/list` answering a bare array. */
  'menu-items',
  /** Menu preset `footer`: one group / an array of items. */
  'preset-footer',
  /** `subpaas/create`: `{id}` / no `id`. */
  'subpaas-create-id',
  /** Tracker `comment`, `avatar_file_name`, `source.corrupted`: absent / present. */
  'tracker-extras',
  /** `tracker/active/history/list` `users_map`: present / absent. */
  'users-map',
  /** Service prices `phone_call`: absent / present. */
  'phone-call-price',
  /** `tariff/defaults/read` `camera`: absent / present. */
  'tariff-defaults-camera',
  /** `user/transaction/change_balance` `type`: `main`, `balance`, `bonus` / only `balance`, `bonus`. */
  'change-balance-type',
  /** `tracker/list` `clones_filter`: any text / only the four values the older sources name. */
  'clones-filter',
  /** `user/list`, `tracker/list` `order_by`: any text / only the [MD] values. */
  'list-order-by',
] as const;

/** One point where the published contract and the older sources disagree. */
export type ShapeCase = (typeof SHAPE_CASES)[number];

/** Which cases answer the older shape: a list (`[]`: none) or `'all'`. */
export type LegacyShapes = readonly ShapeCase[] | 'all';

const KNOWN: ReadonlySet<string> = new Set(SHAPE_CASES);

export function isShapeCase(value: unknown): value is ShapeCase {
  return typeof value === 'string' && KNOWN.has(value);
}

/**
 * Checks a choice from outside (control route, environment): `'all'` or an array of known case
 * names. Throws `RangeError` naming what is wrong.
 */
export function parseLegacyShapes(value: unknown): LegacyShapes {
  if (value === 'all') return 'all';
  if (!Array.isArray(value)) {
    throw new RangeError('legacy must be "all" or an array of shape case names');
  }
  const unknown = value.filter((item) => !isShapeCase(item));
  if (unknown.length > 0) {
    const names = unknown.map((item) => JSON.stringify(item)).join(', ');
    throw new RangeError(`unknown shape case ${names}; known: ${SHAPE_CASES.join(', ')}`);
  }
  return [...new Set(value as ShapeCase[])];
}

/** `SIMULATOR_LEGACY_SHAPES`: `all`, or case names separated by commas (blank: none). */
export function parseLegacyShapesText(text: string): LegacyShapes {
  const trimmed = text.trim();
  if (trimmed === 'all') return 'all';
  const names = trimmed === '' ? [] : trimmed.split(',').map((name) => name.trim());
  return parseLegacyShapes(names.filter((name) => name !== ''));
}

/** The current choice, read by every action that answers or accepts a conflicting shape. */
export class ShapeMode {
  private choice: LegacyShapes = [];
  private legacySet: ReadonlySet<ShapeCase> = new Set();

  constructor(choice: LegacyShapes = []) {
    this.set(choice);
  }

  /** Replaces the choice; `[]` answers every case in the published shape. */
  set(choice: LegacyShapes): void {
    const checked = parseLegacyShapes(choice);
    this.choice = checked;
    this.legacySet = new Set(checked === 'all' ? SHAPE_CASES : checked);
  }

  /** Whether this case answers (or accepts only) the older shape. */
  legacy(shapeCase: ShapeCase): boolean {
    return this.legacySet.has(shapeCase);
  }

  /** The choice as it was made (`'all'` stays `'all'`). */
  current(): LegacyShapes {
    return this.choice === 'all' ? 'all' : [...this.choice];
  }
}
