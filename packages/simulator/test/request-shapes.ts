import type { z } from 'zod';

/** The parts of a zod 4 definition the request checks walk. */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, string>>;
}

const defOf = (schema: z.ZodType): Def => schema.def;

/** The schema without its optional and nullable wrappers. */
export function unwrapped(schema: z.ZodType): z.ZodType {
  const inner = defOf(schema).innerType;
  return inner === undefined ? schema : unwrapped(inner);
}

/**
 * The declared properties of an object schema, or of the member of a union the sample fits
 * (`discount` in either shape, `user` per `legal_type`); `undefined` for anything else.
 */
export function propertiesOf(
  schema: z.ZodType,
  sample: unknown,
): Readonly<Record<string, z.ZodType>> | undefined {
  const def = defOf(unwrapped(schema));
  if (def.type === 'object') return def.shape;
  if (def.type !== 'union' || def.options === undefined) return undefined;
  const member = def.options.find((option) => option.safeParse(sample).success);
  return member === undefined ? undefined : propertiesOf(member, sample);
}

/** The values of an enum schema (behind its wrappers), or `[]`. */
export function enumValues(schema: z.ZodType): string[] {
  const def = defOf(unwrapped(schema));
  return def.type === 'enum' && def.entries !== undefined ? Object.values(def.entries) : [];
}

export const acceptsNull = (schema: z.ZodType): boolean => schema.safeParse(null).success;
export const isOptional = (schema: z.ZodType): boolean => schema.safeParse(undefined).success;

/** A parameter to try: its dotted name (`user.menu_preset_id`) and how to set it in a sample. */
export interface Slot {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly set: (sample: Record<string, unknown>, value: unknown) => Record<string, unknown>;
  readonly drop: (sample: Record<string, unknown>) => Record<string, unknown>;
}

/** Every declared parameter of a request, and of the objects it nests, one level down. */
export function slotsOf(request: z.ZodType, sample: Record<string, unknown>): Slot[] {
  const top = propertiesOf(request, sample) ?? {};
  return Object.entries(top).flatMap(([name, schema]): Slot[] => {
    const own: Slot = {
      name,
      schema,
      set: (params, value) => ({ ...params, [name]: value }),
      drop: ({ [name]: _dropped, ...rest }) => rest,
    };
    const value = sample[name];
    const nested = isRecord(value) ? propertiesOf(schema, value) : undefined;
    const children = Object.entries(nested ?? {}).map(([key, child]): Slot => ({
      name: `${name}.${key}`,
      schema: child,
      set: (params, item) => ({ ...params, [name]: { ...(value as object), [key]: item } }),
      drop: (params) => {
        const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
        return { ...params, [name]: rest };
      },
    }));
    return [own, ...children];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
