/**
 * JSON Schema (OpenAPI 3.x flavour, and what `z.toJSONSchema` writes) flattened into one entry
 * per field path: `value.discount.percent`, `list[].id`. Alternatives (`anyOf`, `oneOf`) and
 * `allOf` are merged, so a field is described by every type and enum value any branch gives it.
 * Only the parts a comparison of two descriptions needs are kept.
 */
export interface FieldInfo {
  /** JSON types the field may take; empty: any. `integer` is kept apart from `number`. */
  types: Set<string>;
  /** Enum (or const) values when every branch that gives the field a type lists them. */
  enum?: Set<string | number | boolean | null>;
  /** Present in every branch's `required` of its parent object. */
  required: boolean;
}

export type Flat = Map<string, FieldInfo>;

type Schema = Record<string, unknown>;

/** Resolves a `$ref` (`#/components/schemas/User`) to the schema it names. */
export type Resolve = (ref: string) => Schema | undefined;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A resolver for local refs (`#/…`) inside `document`. */
export function localResolver(document: unknown): Resolve {
  return (ref) => {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      node = isSchema(node) ? node[key] : undefined;
    }
    return isSchema(node) ? node : undefined;
  };
}

/** One schema with refs followed and `allOf` folded in: the branches a value may match. */
function branches(schema: Schema, resolve: Resolve, seen: Set<string>): Schema[] {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref !== undefined) {
    if (seen.has(ref)) return [];
    const target = resolve(ref);
    return target ? branches(target, resolve, new Set([...seen, ref])) : [];
  }
  const base: Schema = { ...schema };
  delete base.anyOf;
  delete base.oneOf;
  delete base.allOf;
  let result = [base];
  // `allOf`: every part at once; a part with alternatives multiplies the branches.
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [];
  for (const part of parts) result = product(result, branches(part, resolve, seen));
  const alternatives = [schema.anyOf, schema.oneOf].find(Array.isArray) as unknown[] | undefined;
  if (alternatives) {
    result = product(
      result,
      alternatives.filter(isSchema).flatMap((alt) => branches(alt, resolve, seen)),
    );
  }
  return result;
}

const product = (left: Schema[], right: Schema[]) =>
  right.length === 0 ? left : left.flatMap((l) => right.map((r) => mergeAll(l, r)));

/** Both at once (`allOf`): properties and required lists joined, types narrowed. */
function mergeAll(a: Schema, b: Schema): Schema {
  const merged: Schema = { ...a, ...b };
  if (isSchema(a.properties) || isSchema(b.properties)) {
    merged.properties = { ...(a.properties as Schema), ...(b.properties as Schema) };
  }
  const required = [a.required, b.required].filter(Array.isArray).flat();
  if (required.length > 0) merged.required = required;
  if (a.type !== undefined && b.type === undefined) merged.type = a.type;
  return merged;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  const types = Array.isArray(type)
    ? type.map((t) => String(t))
    : typeof type === 'string'
      ? [type]
      : [];
  if (schema.nullable === true && types.length > 0) types.push('null');
  if (types.length === 0 && 'const' in schema) return [jsonType(schema.const)];
  if (types.length === 0 && Array.isArray(schema.enum))
    return [...new Set(schema.enum.map(jsonType))];
  if (types.length === 0 && isSchema(schema.properties)) return ['object'];
  if (types.length === 0 && isSchema(schema.items)) return ['array'];
  return types;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function enumOf(schema: Schema): FieldInfo['enum'] {
  if ('const' in schema) return new Set([schema.const as string]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum as string[]);
  return undefined;
}

/**
 * Every field of `schema`, by path. The root itself is the path `''`; array items add `[]`.
 * Depth is bounded so recursive schemas end.
 */
export function flatten(schema: unknown, resolve: Resolve, maxDepth = 8): Flat {
  const flat: Flat = new Map();
  if (isSchema(schema)) visit(flat, '', [schema], resolve, true, maxDepth);
  return flat;
}

function visit(
  flat: Flat,
  path: string,
  schemas: Schema[],
  resolve: Resolve,
  required: boolean,
  depth: number,
): void {
  const all = schemas.flatMap((s) => branches(s, resolve, new Set()));
  const info = describe(all, required);
  const existing = flat.get(path);
  flat.set(path, existing ? combine(existing, info) : info);
  if (depth === 0) return;
  const objects = all.filter((b) => isSchema(b.properties));
  const names = new Set(objects.flatMap((b) => Object.keys(b.properties as Schema)));
  for (const name of names) {
    const holders = objects.filter((b) => name in (b.properties as Schema));
    const child = holders.map((b) => (b.properties as Schema)[name]).filter(isSchema);
    const inEvery =
      holders.length === objects.length &&
      holders.every((b) => Array.isArray(b.required) && b.required.includes(name));
    visit(flat, path ? `${path}.${name}` : name, child, resolve, inEvery, depth - 1);
  }
  // A map's values (`additionalProperties` with a schema) are the field `*`; an open object
  // with no properties at all is a map of anything (passed on whole).
  const values = all.map((b) => b.additionalProperties).filter(isSchema);
  if (values.some((v) => Object.keys(v).length > 0) || (values.length > 0 && names.size === 0)) {
    visit(flat, path ? `${path}.*` : '*', values, resolve, false, depth - 1);
  }
  const items = all.map((b) => b.items).filter(isSchema);
  if (items.length > 0) visit(flat, `${path}[]`, items, resolve, true, depth - 1);
}

function describe(all: Schema[], required: boolean): FieldInfo {
  const typed = all.map((b) => ({ types: typesOf(b), values: enumOf(b) }));
  // A branch without a type accepts anything: the field as a whole does.
  const anyType = typed.length === 0 || typed.some((t) => t.types.length === 0);
  const types = new Set(anyType ? [] : typed.flatMap((t) => t.types));
  const enumerated = typed.filter((t) => t.types.some((x) => x !== 'null'));
  const closed = enumerated.length > 0 && enumerated.every((t) => t.values !== undefined);
  const values = closed ? new Set(enumerated.flatMap((t) => [...(t.values ?? [])])) : undefined;
  return { types, required, ...(values ? { enum: values } : {}) };
}

function combine(a: FieldInfo, b: FieldInfo): FieldInfo {
  const types =
    a.types.size === 0 || b.types.size === 0
      ? new Set<string>()
      : new Set([...a.types, ...b.types]);
  const values = a.enum && b.enum ? new Set([...a.enum, ...b.enum]) : undefined;
  return { types, required: a.required && b.required, ...(values ? { enum: values } : {}) };
}

/**
 * The entry of `flat` that describes `path`: the path itself, or a map's `*` entry standing for
 * any of its keys (`permissions.*[]` describes `permissions.users[]`).
 */
export function lookup(flat: Flat, path: string): FieldInfo | undefined {
  const exact = flat.get(path);
  if (exact) return exact;
  const wanted = segments(path);
  for (const [candidate, info] of flat) {
    const parts = segments(candidate);
    if (
      parts.length === wanted.length &&
      parts.every((part, i) => part === wanted[i] || (part === '*' && wanted[i] !== '[]'))
    ) {
      return info;
    }
  }
  return undefined;
}

/** `list[].id` → `list`, `[]`, `id`. */
export const segments = (path: string) => path.split(/\.|(?=\[\])/).filter(Boolean);
