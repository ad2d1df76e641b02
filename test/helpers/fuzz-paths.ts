import fc from 'fast-check';
import type { z } from 'zod';
import { PROTOTYPE_KEYS } from './fuzz-bodies.js';

/** Latin-1 characters from `min` up, without DEL, which no header value or request line carries. */
export const latin1 = (min: number) =>
  fc.integer({ min, max: 0xfe }).map((c) => String.fromCharCode(c === 0x7f ? 0xff : c));

/** Ids of the simulator's seeded records (users, trackers, sub-dealers, plans, presets, bundles). */
export const SEEDED_IDS = ['1', '346', '371321', '371322', '3234901', '3234902', '20501', '12163'];

/** Values a path parameter may need to pass validation and find a record. */
const VALID_SEGMENTS: Record<string, string[]> = {
  id: [...SEEDED_IDS, '7001', '2', '99999'],
  imei: ['352091090000011', '352091090000029'],
  type: ['logo', 'favicon'],
};

/** Path segments that break naive decoding, routing or number parsing. */
const TRICKY_SEGMENTS = [
  ...['0', '-1', '1.5', '1e3', '0x10', '00001', '2147483648', '99999999999999999999999'],
  ...['..', '.', '%2e%2e', '%2F', '..%2F..%2Faccount%2Fauth', '%zz', '%', '%E0%A4%A', '%00'],
  ...['%C0%AF', '', '%20', 'a;b', '%3F', '%23', 'null', 'undefined', 'NaN', 'Infinity', '~'],
  ...PROTOTYPE_KEYS,
];

/** Raw latin-1 text: bytes over 0x7f in a request line are refused by Node's parser. */
const rawSegment = fc.string({ unit: latin1(0x21) }).map((s) => s.replace(/[/?#]/g, ''));

const segment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY_SEGMENTS),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  rawSegment,
  fc.integer({ min: 200, max: 4_000 }).map((n) => 'x'.repeat(n)),
);

const joinTail = (segments: string[]) => segments.map((s) => `/${s}`).join('');

/** The route's path template filled in: valid values when `clean`, anything otherwise. */
export function fillPath(template: string, clean: boolean): fc.Arbitrary<string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const valid = (name: string) => fc.constantFrom(...(VALID_SEGMENTS[name] ?? ['x']));
  const values = names.map((name) =>
    clean
      ? valid(name)
      : fc.oneof({ weight: 1, arbitrary: valid(name) }, { weight: 3, arbitrary: segment }),
  );
  const tail = clean
    ? fc.constant('')
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constant('/') },
        { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }).map(joinTail) },
      );
  return fc.tuple(fc.tuple(...values), tail).map(([filled, extra]) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => filled[i++] ?? '') + extra;
  });
}

const PLAUSIBLE_QUERY = ['1', '0', '2', '20', '100', 'asc', 'desc', 'true', 'false', 'csv', 'a'];

const junkQueryValue = fc.oneof(
  fc.constantFrom('-1', '101', '', '%zz', '%', 'a%00b', '1e400', '[object Object]', '__proto__'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'v'.repeat(n)),
);

/** The values a query schema names (its enum), else ones most parameters accept. */
function plausibleValues(schema: unknown): string[] {
  let def = (schema as z.core.$ZodType)._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  while (def.innerType !== undefined || def.in !== undefined) {
    const next = (def.innerType ?? def.in) as z.core.$ZodType;
    def = next._zod.def as typeof def;
  }
  if (def.type === 'enum') return Object.values(def.entries as Record<string, string>);
  return PLAUSIBLE_QUERY;
}

/** A query string: the route's own parameters with fitting values when `clean`, junk besides. */
export function queryString(query: z.ZodObject | undefined, clean: boolean): fc.Arbitrary<string> {
  const own = Object.entries(query?.shape ?? {});
  const ownPair = own.length
    ? fc
        .constantFrom(...own)
        .chain(([name, schema]) =>
          fc.tuple(fc.constant(name), fc.constantFrom(...plausibleValues(schema))),
        )
    : undefined;
  const junkKey = fc.oneof(
    fc.constantFrom(...PROTOTYPE_KEYS, 'a[]', 'a[b]', 'a[0]', '', '='),
    fc.string({ maxLength: 10 }).map(encodeURIComponent),
    ...(own.length ? [fc.constantFrom(...own.map(([name]) => name))] : []),
  );
  const junkPair = fc.tuple(junkKey, junkQueryValue);
  const pair = clean ? ownPair : fc.oneof(...(ownPair ? [ownPair] : []), junkPair);
  if (!pair) return fc.constant('');
  // A clean query names each parameter once; a dirty one may repeat them.
  const pairs = clean
    ? fc.uniqueArray(pair, { maxLength: 3, selector: ([name]) => name })
    : fc.array(pair, { maxLength: 5 });
  const joined = pairs.map((p) => (p.length ? `?${p.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
  if (clean) return joined;
  return fc.oneof(
    { weight: 5, arbitrary: joined },
    { weight: 1, arbitrary: fc.constantFrom('?', '??', '?&&', '?a', '?a=1&a=2&a[]=3', '?%zz=1') },
  );
}

/** Paths that match no route, or almost one: where the routing table itself is probed. */
export const strayPaths: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('/', '//', '/v1', '/v1/', '/v2/panel/account/auth', '/admin', '/admin/'),
  fc.constantFrom('//evil.example/v1/dealer', '/v1//dealer', '/V1/DEALER', '/v1/dealer/'),
  fc.constantFrom('/docs/assets/../../package.json', '/docs/assets/%2e%2e/x', '/docs/assets/x'),
  fc.constantFrom('/healthz', '/readyz', '/openapi.yaml', '/docs', '/docs/init.js', '/metrics'),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map(joinTail),
);
