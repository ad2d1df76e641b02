import type { z } from 'zod';

/** The definition of a zod 4 schema: enough of it to walk objects, arrays and wrappers. */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => schema.def;

/** Objects with no declared property (`additionalProperties: true` in the spec): any key goes. */
function isOpenMap(def: Def): boolean {
  return def.shape !== undefined && Object.keys(def.shape).length === 0;
}

/**
 * The paths of keys a value carries that its schema does not declare. The contract's objects
 * are open (the spec allows more properties), so parsing alone cannot tell an answer in the
 * published shape from one that also carries the older fields; this can.
 */
export function undeclaredKeys(schema: z.ZodType, value: unknown, path = ''): string[] {
  const def = defOf(schema);
  if (def.innerType !== undefined) {
    return value === null || value === undefined ? [] : undeclaredKeys(def.innerType, value, path);
  }
  if (def.type === 'union' && def.options !== undefined) {
    const fitting = def.options.filter((option) => option.safeParse(value).success);
    const found = fitting.map((option) => undeclaredKeys(option, value, path));
    return found.find((keys) => keys.length === 0) ?? found[0] ?? [];
  }
  if (def.type === 'array' && def.element !== undefined && Array.isArray(value)) {
    const element = def.element;
    return value.flatMap((item, index) => undeclaredKeys(element, item, `${path}[${index}]`));
  }
  if (def.type !== 'object' || def.shape === undefined || isOpenMap(def)) return [];
  if (typeof value !== 'object' || value === null) return [];
  const shape = def.shape;
  return Object.entries(value).flatMap(([key, item]) => {
    const where = path === '' ? key : `${path}.${key}`;
    const declared = shape[key];
    return declared === undefined ? [where] : undeclaredKeys(declared, item, where);
  });
}
