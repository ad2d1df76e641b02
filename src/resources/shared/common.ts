import { z } from 'zod';

/**
 * Navixy writes date-times as `YYYY-MM-DD HH:MM:SS` in UTC (reference §1.6; one documented
 * example even drops the seconds). Clients get ISO-8601 with an explicit `Z`.
 */
const NAVIXY_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?/;
const NAVIXY_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isoDateTime(value: string | null | undefined): string | null {
  const match = value ? NAVIXY_DATE_TIME.exec(value) : null;
  if (!match) return null;
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}Z`;
}

/** Dates (`YYYY-MM-DD`) are already ISO-8601; anything else (e.g. `0000-00-00`) is no date. */
export function isoDate(value: string | null | undefined): string | null {
  return value && NAVIXY_DATE.test(value) && !value.startsWith('0000') ? value : null;
}

/** Navixy omits null fields (§5.12): a missing value is `null` for clients, never absent. */
export const orNull = <T>(value: T | undefined | null): T | null => value ?? null;

/** Resource field schemas for the OpenAPI document: always present, null when unknown. */
export const out = {
  int: z.number().int().nullable(),
  num: z.number().nullable(),
  str: z.string().nullable(),
  bool: z.boolean().nullable(),
  dateTime: z.iso.datetime().nullable().meta({ description: 'ISO-8601 date-time in UTC' }),
  date: z.iso.date().nullable(),
};

/** A positive Navixy id in the path. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a positive integer id')
  .transform(Number)
  .pipe(z.number().max(2_147_483_647, 'is too large'));

/** A boolean query parameter: `true` or `false`. */
export const queryBool = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .meta({ type: 'boolean' });

/** The path of a record addressed by its id: `/v1/users/{id}`. */
export const byIdParams = z.strictObject({ id: idParam });

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** An integer query parameter (query strings carry text; the number is parsed here). */
function queryInt(min: number, max: number, fallback: number, description: string) {
  // The explicit type keeps the generated document from calling it nullable.
  return z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .default(fallback)
    .meta({ type: 'integer', description });
}

/** Sort fields of a list, each with the Navixy `order_by` value it stands for; the first is the default. */
export type SortColumns = Readonly<Record<string, string>>;

/** `limit`, `offset`, `q`, `sort`, `order` of every list; unknown parameters are refused. */
export function listQuery<const M extends SortColumns>(sortColumns: M) {
  const sortFields = Object.keys(sortColumns) as [keyof M & string, ...(keyof M & string)[]];
  return z.strictObject({
    limit: queryInt(1, MAX_LIMIT, DEFAULT_LIMIT, `Page size, 1 to ${MAX_LIMIT}.`),
    offset: queryInt(0, 1_000_000_000, 0, 'Records to skip.'),
    q: z.string().trim().min(1).max(200).optional().meta({
      description: 'Search text; matches any of the fields Navixy searches (its `filter`).',
    }),
    sort: z.enum(sortFields).default(sortFields[0]),
    order: z.enum(['asc', 'desc']).default('asc'),
  });
}

/**
 * The Navixy paging and sorting parameters of a list query (§4.0); `order_by` keeps the literal
 * values of `sortColumns`, so the compiler holds them to the action's enum.
 */
export function navixyListParams<const M extends SortColumns>(
  query: {
    limit: number;
    offset: number;
    q?: string | undefined;
    sort: keyof M & string;
    order: 'asc' | 'desc';
  },
  sortColumns: M,
) {
  return {
    offset: query.offset,
    limit: query.limit,
    order_by: sortColumns[query.sort],
    ascending: query.order === 'asc',
    ...(query.q ? { filter: query.q } : {}),
  };
}

/**
 * One page of a Navixy list (`list`, `count`) as the gateway's list envelope. No list is an
 * empty page; no count (older answers, §4.6 Appendix A) means the page is all there is.
 */
export function toPage<U, R>(
  upstream: { list?: U[] | null; count?: number | null },
  query: { limit: number; offset: number },
  map: (item: U) => R,
) {
  const list = upstream.list ?? [];
  return {
    items: list.map(map),
    total: upstream.count ?? query.offset + list.length,
    limit: query.limit,
    offset: query.offset,
  };
}

/**
 * An enum of an answer: the values Navixy documents, and any other string it may add later,
 * passed on as it comes rather than refused or hidden (a tolerant reader, design.md).
 */
export function openEnum<const V extends readonly [string, ...string[]]>(values: V) {
  return z
    .union([z.enum(values), z.string()])
    .nullable()
    .meta({
      description: `One of ${values.map((v) => `\`${v}\``).join(', ')}, or a value Navixy adds later.`,
    });
}

/** The list envelope every collection answers with. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().min(0).meta({ description: 'Matching records, ignoring paging.' }),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .meta({ id });
}
