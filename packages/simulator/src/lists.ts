import { RawJson, jsonOf } from './json.js';
import type { ParamReader } from './params.js';

/** Reference §4.0: the paging, ordering and filter parameters every list action takes. */
export interface ListQuery {
  readonly offset: number;
  readonly limit: number | undefined;
  readonly orderBy: string;
  readonly ascending: boolean;
  /** Lower-cased; `undefined` when absent, empty or only spaces (§4.8). */
  readonly filter: string | undefined;
}

export type SortKey = string | number | boolean | undefined;

/** How one action lists its records: the `order_by` keys and the fields `filter` searches. */
export interface ListSpec<T> {
  /** `order_by` values in documentation order; the first is the default. */
  readonly orderBy: Readonly<Record<string, (item: T) => SortKey>>;
  readonly id: (item: T) => number;
  /** The values `filter` is matched against (§4.8, §4.9 list them per action). */
  readonly searchFields: (item: T) => ReadonlyArray<string | number | undefined>;
}

/** How strictly a list reads its parameters: [SPEC] types some more loosely than others. */
export interface ListRules {
  /**
   * `order_by` may be any text ([SPEC] leaves it untyped for `user/list` and `tracker/list`,
   * reference §7 `list-order-by`); one the list does not know keeps the default order.
   */
  readonly anyOrderBy?: boolean;
  /** [SPEC] gives `offset` and `limit` no minimum (`dealer/activation_code/list`): below 0 is 0. */
  readonly unboundedPaging?: boolean;
}

export function readListQuery<T>(
  reader: ParamReader,
  spec: ListSpec<T>,
  rules: ListRules = {},
): ListQuery {
  const keys = Object.keys(spec.orderBy);
  const filter = reader.string('filter');
  const min = rules.unboundedPaging === true ? undefined : 0;
  const offset = reader.int('offset', { min }) ?? 0;
  const limit = reader.int('limit', { min });
  const orderBy =
    rules.anyOrderBy === true ? reader.string('order_by') : reader.oneOf('order_by', keys);
  return {
    offset: Math.max(0, offset),
    limit: limit === undefined ? undefined : Math.max(0, limit),
    orderBy: orderBy !== undefined && keys.includes(orderBy) ? orderBy : (keys[0] ?? 'id'),
    ascending: reader.bool('ascending') ?? true,
    filter: filter === undefined || filter.trim() === '' ? undefined : filter.toLowerCase(),
  };
}

/** The filtered, ordered page and `count`, the total matching ignoring offset and limit (§4.0). */
export function runList<T>(
  items: readonly T[],
  spec: ListSpec<T>,
  query: ListQuery,
  keep?: (item: T) => boolean,
): { page: readonly T[]; count: number } {
  const { filter } = query;
  const matching = items.filter(
    (item) =>
      (keep === undefined || keep(item)) &&
      (filter === undefined || searchText(item, spec).includes(filter)),
  );
  const ordered = order(matching, spec, query);
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return { page: ordered.slice(query.offset, end), count: matching.length };
}

/**
 * Reference §4.0 response: `{"success":true,"list":[...],"count":N}`; `toJson` serialises one
 * item (a view of it, when a shape case changes it).
 */
export function listBody<T extends object>(
  page: readonly T[],
  count: number,
  toJson: (item: T) => string = jsonOf,
): RawJson {
  const items = page.map((item) => toJson(item)).join(',');
  return new RawJson(`{"success":true,"list":[${items}],"count":${count}}`);
}

const searchTexts = new WeakMap<object, string>();

/** Case-insensitive: the fields joined by a separator no filter contains, so no match spans two. */
function searchText<T>(item: T, spec: ListSpec<T>): string {
  const key = item as object;
  let text = searchTexts.get(key);
  if (text === undefined) {
    const fields = spec.searchFields(item).filter((field) => field !== undefined);
    text = fields.join('\u0000').toLowerCase();
    searchTexts.set(key, text);
  }
  return text;
}

/** Items arrive in ID order, so the default order needs no sort; ties keep ID order. */
function order<T>(items: T[], spec: ListSpec<T>, query: ListQuery): readonly T[] {
  if (query.orderBy === 'id') return query.ascending ? items : items.reverse();
  const keyOf = spec.orderBy[query.orderBy];
  if (keyOf === undefined) return items;
  const direction = query.ascending ? 1 : -1;
  return items
    .map((item) => ({ item, key: normalise(keyOf(item)), id: spec.id(item) }))
    .sort((a, b) => direction * compareKeys(a.key, b.key) || a.id - b.id)
    .map((entry) => entry.item);
}

function normalise(key: SortKey): SortKey {
  return typeof key === 'string' ? key.toLowerCase() : key;
}

/** Absent values first, as MySQL orders NULLs; strings compared case-insensitively. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
