import fc from 'fast-check';
import type { z } from 'zod';

/** Strings that some field somewhere accepts, so generated bodies often pass validation. */
const PLAUSIBLE_STRINGS = [
  '',
  'a',
  'Fuzz',
  'fuzz@example.com',
  '+15551234567',
  '2026-01-01T00:00:00Z',
  '2026-01-01',
  'en_US',
  'Europe/Berlin',
  '352091090000011',
  'https://example.com/x',
  'Passw0rd!Passw0rd',
  '  ',
  '\u0000',
  'ü'.repeat(300),
];

/** Keys that trip naive merges and lookups. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

const defOf = (schema: unknown): Def => (schema as z.core.$ZodType)._zod.def as Def;

/** Any JSON value, occasionally with keys that pollute prototypes. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 2 })),
  },
);

/**
 * Values shaped after a zod schema: the right keys and types most of the time (so requests get
 * past validation and reach the simulator), wrong or extra ones now and then.
 */
export function shapedLike(schema: unknown, exact = false, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  const shaped = shapedByDef(defOf(schema), exact, depth);
  if (exact) return shaped;
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

function shapedByDef(def: Def, exact: boolean, depth: number): fc.Arbitrary<unknown> {
  const inner = (s: unknown) => shapedLike(s, exact, depth + 1);
  switch (def.type) {
    case 'object':
      return shapedObject(def.shape as Record<string, unknown>, exact, depth);
    case 'string':
      return fc.oneof(fc.constantFrom(...PLAUSIBLE_STRINGS), fc.string({ maxLength: 40 }));
    case 'number':
      return fc.oneof(
        fc.integer({ min: -2, max: 1000 }),
        fc.constantFrom(0, 1, 2_147_483_648, 1e308, -0.5),
        fc.double(),
      );
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(inner(def.element), { maxLength: 4 });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return fc.oneof(inner(def.innerType), fc.constant(null));
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'pipe':
      return inner(def.in);
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), inner(def.valueType), { maxKeys: 3 });
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

/** Most keys of the shape, each usually well-typed; unless `exact`, now and then a key besides. */
function shapedObject(
  shape: Record<string, unknown>,
  exact: boolean,
  depth: number,
): fc.Arbitrary<unknown> {
  const entries = Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, shapedLike(schema, exact, depth + 1)]),
  );
  const known = fc.record(entries, { requiredKeys: Object.keys(shape).slice(0, 3) });
  if (exact) return known;
  return fc.oneof(
    { weight: 5, arbitrary: known },
    {
      weight: 1,
      arbitrary: fc
        .tuple(known, fc.constantFrom(...PROTOTYPE_KEYS, 'surelyNotAField'), anyJson)
        .map(([value, key, extra]) => withKey(value, key, extra)),
    },
  );
}

/** Sets `key` as an own property even when it is `__proto__`, as JSON.parse would. */
function withKey(value: unknown, key: string, extra: unknown): unknown {
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true });
  return copy;
}

/** JSON nested `levels` deep, written as text (no recursion needed to build it). */
export const deeplyNested = (levels: number): string =>
  '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Bodies that are not a JSON value of any useful shape. */
export function junkBodies(jsonLimit: number): fc.Arbitrary<string | Buffer> {
  return fc
    .oneof(
      fc.constantFrom(
        '{',
        '{"a":',
        'nul',
        'undefined',
        "{'a':1}",
        '[1,]',
        '"',
        '{"a":1}{"b":2}',
        '',
      ),
      fc.constantFrom('123', '"text"', 'null', 'true', '[]', '[{}]'),
      fc.integer({ min: 10, max: 5_000 }).map((levels) => deeplyNested(levels)),
      fc.integer({ min: 10, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.constantFrom(jsonLimit - 20, jsonLimit - 1, jsonLimit, jsonLimit + 1, jsonLimit * 3),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])),
      fc.constant(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
    )
    .map((value) =>
      typeof value === 'number' ? JSON.stringify({ s: 'x'.repeat(Math.max(0, value - 8)) }) : value,
    );
}

/** Multipart bodies: a file part, the wrong part, broken boundaries, truncated bodies. */
export const multipartJunk: fc.Arbitrary<{ contentType: string; body: string }> = fc
  .tuple(
    fc.constantFrom('fuzzb', 'other', ''),
    fc.constantFrom('file', 'data', ''),
    fc.string({ maxLength: 200 }),
    fc.boolean(),
  )
  .map(([boundary, part, content, closed]) => ({
    contentType: `multipart/form-data${boundary ? `; boundary=${boundary}` : ''}`,
    body:
      `--fuzzb\r\nContent-Disposition: form-data; name="${part}"; filename="f.png"\r\n` +
      `Content-Type: image/png\r\n\r\n${content}\r\n${closed ? '--fuzzb--\r\n' : ''}`,
  }));
