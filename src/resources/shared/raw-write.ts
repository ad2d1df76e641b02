import type { z } from 'zod';
import type { PanelPayload } from '../../panel/client.js';

/**
 * Writes that lose nothing (design.md "Writes lose nothing"). Navixy's updates replace whole
 * records and reset whatever they are not sent, so a read-merge-write gives back the record
 * **as Navixy returned it** — the fields this gateway does not model included, in the shape
 * they came in — with only the client's changes applied. The rule, per update action:
 *
 * - every field of the record goes back unchanged, unmodelled ones too: Navixy's request
 *   schemas are open (none says `additionalProperties: false`), and a field it adds next month
 *   may be one its update resets when it is left out;
 * - withheld are only the fields Navixy maintains itself or documents as read-only (balances,
 *   counters, creation dates, image paths, the record's id when the update names it otherwise):
 *   a stale copy of those could undo a change made between the read and the write;
 * - a `null` goes back only where the update's request schema takes one; elsewhere the field is
 *   left out, which is how Navixy itself says "no value" (§5.12).
 *
 * Each resource lists its withheld fields beside its write (`*_WITHHELD`); docs/panel-fields.md
 * shows them per route.
 */
export type Raw = PanelPayload;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` as an object, or an empty one when Navixy answered something else. */
export const asRecord = (value: unknown): Raw => (isObject(value) ? value : {});

/** `record` without the `withheld` fields: what goes back to the update. */
export function echo(record: unknown, withheld: readonly string[]): Raw {
  const kept = { ...asRecord(record) };
  for (const name of withheld) delete kept[name];
  return kept;
}

/**
 * `params` without the nulls `schema` (the action's request schema) does not take, at any depth
 * the schema describes. Unmodelled fields keep their values but never a null: Navixy omits
 * null fields itself, so a null there can only mean "nothing".
 */
export function dropRefusedNulls(params: Raw, schema: z.ZodType): Raw {
  const shape = objectShape(schema);
  const result: Raw = {};
  for (const [name, value] of Object.entries(params)) {
    const field = shape?.[name];
    if (value === null) {
      if (field && field.safeParse(null).success) result[name] = null;
      continue;
    }
    result[name] = isObject(value) && field ? dropRefusedNulls(value, field) : value;
  }
  return result;
}

/** The shape of an object schema, through optional, nullable, default and intersection wrappers. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = (schema as z.core.$ZodType)._zod.def as unknown as Record<string, unknown>;
  switch (def.type) {
    case 'object':
      return def.shape as Record<string, z.ZodType>;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return objectShape(def.innerType as z.ZodType);
    case 'intersection': {
      const left = objectShape(def.left as z.ZodType);
      const right = objectShape(def.right as z.ZodType);
      return left || right ? { ...left, ...right } : undefined;
    }
    case 'union': {
      // A discriminated form: the fields any variant takes (each is the same type in all).
      const shapes = (def.options as z.ZodType[]).map(objectShape);
      return shapes.some(Boolean)
        ? (Object.assign({}, ...shapes) as Record<string, z.ZodType>)
        : undefined;
    }
    default:
      return undefined;
  }
}
