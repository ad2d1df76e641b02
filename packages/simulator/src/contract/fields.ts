import { z } from 'zod';

/**
 * Building blocks of the contract schemas, hand-written from Navixy's `Admin_Panel.openapi.json`
 * (`info.version` 1.2.0). How its answer schemas are read:
 *
 * - Objects are open (`z.looseObject`): the spec never forbids other properties, and clients must
 *   ignore unknown fields (reference §1.5).
 * - The spec marks no answer field `required`. Navixy omits null fields ([BE], and the Order
 *   schema says so), so a field whose type admits null may be null or absent (`orNull`). A field
 *   whose type excludes null is required, unless the spec's text says it may be absent (each such
 *   field says why next to it).
 * - Types, enums (every listed value), `format: date`, lengths and bounds are as the spec gives
 *   them; values the spec only describes in prose (date-times, untyped enums) stay plain strings.
 *
 * Request schemas describe the JSON transport; form and query transports carry the same values
 * as text (§1.3). They are objects that allow other keys, as the simulator ignores them.
 */

export const int = (): z.ZodNumber => z.number().int();
export const num = (): z.ZodNumber => z.number();
export const str = (): z.ZodString => z.string();
export const bool = (): z.ZodBoolean => z.boolean();
/** `format: date`: `YYYY-MM-DD`. */
export const date = (): z.ZodISODate => z.iso.date();
export const strings = (): z.ZodArray<z.ZodString> => z.array(z.string());
/** `format: email`. */
export const email = (): z.ZodEmail => z.email();

/** `type: [T, "null"]` in an answer: null, or omitted as Navixy omits null fields (§1.5). */
export function orNull<T extends z.ZodType>(schema: T): z.ZodOptional<z.ZodNullable<T>> {
  return schema.nullable().optional();
}

/** An object the spec leaves open with no properties (`additionalProperties: true`). */
export const anyObject = (): z.ZodObject<Record<string, never>, z.core.$loose> => z.looseObject({});

/** A success answer: `success: true` beside the action's fields (reference §1.5). */
export function answer<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.looseObject({ success: z.literal(true), ...shape });
}

/** [SPEC] `components.responses.OK`: `{"success": true}` and nothing documented beside it. */
export const ok = answer({});

/** An action that takes no parameters. */
export const noParams = z.object({});

/** `{id}`: the answer of the creating actions. */
export const created = answer({ id: int() });

/** `{list, count}`: one page of a list action and the total ignoring paging (reference §4.0). */
export function page<T extends z.ZodType>(item: T) {
  return answer({ list: z.array(item), count: int() });
}

/** The paging and filter parameters of the list actions; `order_by` differs per action. */
export function listParams<O extends z.ZodType>(orderBy: O) {
  return z.object({
    filter: str().optional(),
    order_by: orderBy.optional(),
    ascending: bool().optional(),
    offset: int().min(0).optional(),
    limit: int().min(0).optional(),
  });
}

/** An ID parameter with the spec's `minimum: 1`. */
export const id = (): z.ZodNumber => int().min(1);
