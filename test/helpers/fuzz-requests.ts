import fc from 'fast-check';
import type { z } from 'zod';
import { anyJson, junkBodies, multipartJunk, shapedLike } from './fuzz-bodies.js';
import { fillPath, latin1, queryString } from './fuzz-paths.js';

export { strayPaths } from './fuzz-paths.js';

/** What the fuzz needs of a route: the `/v1` and `/admin` specs both have it. */
export interface FuzzRoute {
  method: string;
  path: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  upload?: object;
}

/** One generated request, sent as is. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  /** Which credential it carries: a key with every scope, the admin key, or junk. */
  credential: 'full' | 'admin' | 'junk';
  /** Header lines sent after `headers`, repeating a name (no HTTP client sends those). */
  duplicates?: [name: string, value: string][];
  /** Two Host, Authorization or X-API-Key headers, or two different credentials: never served. */
  ambiguous?: boolean;
}

export interface FuzzKeys {
  full: string;
  admin: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
/** WebDAV and other methods Node knows, and a token it does not (refused before the app). */
const ODD_METHODS = ['PROPFIND', 'PURGE', 'MKCOL', 'LOCK', 'REPORT', 'SEARCH', 'M-SEARCH', 'FROB'];

type Credential = [FuzzRequest['credential'], Record<string, string>];

const carry = (key: string) =>
  fc.constantFrom<Record<string, string>>(
    { 'x-api-key': key },
    { authorization: `Bearer ${key}` },
    { authorization: `bearer   ${key}` },
  );

/** Junk in the credential headers: empty, near-miss keys, JWT-shaped, other schemes. */
function junkCredentials(keys: FuzzKeys): fc.Arbitrary<Record<string, string>> {
  const value = fc.oneof(
    fc.constantFrom('', ' ', 'npg_', 'npg_' + 'A'.repeat(43), `${keys.full}x`, keys.full.slice(1)),
    fc.constantFrom('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'a.b.c', 'eyJ.eyJ.', '..', 'Ym9i'),
    fc.string({ unit: latin1(0x20) }),
  );
  return fc.oneof<fc.Arbitrary<Record<string, string>>[]>(
    fc.constant({}),
    value.map((v) => ({ 'x-api-key': v })),
    value.map((v) => ({ authorization: `Bearer ${v}` })),
    value.map((v) => ({ authorization: v })),
    fc
      .constantFrom('Basic Zm9vOmJhcg==', 'Bearer', 'Bearer  ', 'Digest x')
      .map((authorization) => ({ authorization })),
    value.map((v) => ({ authorization: `Bearer ${v}`, 'x-api-key': keys.full })),
  );
}

/**
 * A clean request carries the key its route needs (admin for `/admin`, every scope otherwise);
 * a dirty one either key, or junk half the time.
 */
function credentials(route: FuzzRoute, keys: FuzzKeys, clean: boolean): fc.Arbitrary<Credential> {
  const tagged = (tag: Credential[0], headers: fc.Arbitrary<Record<string, string>>) =>
    headers.map((h): Credential => [tag, h]);
  const fitting = route.path.startsWith('/admin')
    ? tagged('admin', carry(keys.admin))
    : tagged('full', carry(keys.full));
  if (clean) return fitting;
  return fc.oneof(
    { weight: 1, arbitrary: tagged('full', carry(keys.full)) },
    { weight: 1, arbitrary: tagged('admin', carry(keys.admin)) },
    { weight: 2, arbitrary: tagged('junk', junkCredentials(keys)) },
  );
}

const headerText = fc.string({ unit: latin1(0x20) }).map((s) => s.trim());

const CONTENT_TYPES = [
  ...['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1'],
  ...['application/json; charset=utf-16', 'application/json; charset="bogus"', 'APPLICATION/JSON'],
  ...['application/merge-patch+json', 'application/problem+json', 'application/json;;;'],
  ...['text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  ...['multipart/form-data; boundary=fuzzb', '*/*', '/'],
];

/** Headers a well-behaved client sends: a request id, sometimes a sub-dealer. */
const cleanHeaders = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.constantFrom({ 'x-request-id': 'fuzz-1' }, { 'x-request-id': 'r.2:x@y/z+=-' }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ 'x-subdealer-id': '20501' }, { 'x-subdealer-id': '20502' }),
  },
);

/** Headers of any sort: each present or not, junk or plausible. */
const dirtyHeaders = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerText),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'),
    'x-subdealer-id': fc.oneof(
      fc.constantFrom('1', '20501', '0', '-1', '01', '2147483648', '1,2', ' 1', 'abc'),
      headerText,
    ),
    'x-panel-account': fc.oneof(
      fc.constantFrom('default', 'other', 'DEFAULT', '*', '', 'a'.repeat(70), '../x', 'default,x'),
      headerText,
    ),
    'x-request-id': fc.oneof(
      fc.constantFrom('fuzz-1', 'a'.repeat(129), '<script>', '../../etc', 'id\u00e9'),
      headerText,
    ),
    accept: fc.constantFrom('application/xml', '*/*', 'text/html', 'application/json;q=0'),
    origin: fc.constantFrom('https://evil.example', 'null'),
    'x-forwarded-for': fc.constantFrom('203.0.113.7', 'junk, , ,', '::1'),
  },
  { requiredKeys: [] },
);

type Body = { contentType?: string; body: string | Buffer | undefined };

const asJson = (value: unknown): Body => ({
  contentType: 'application/json',
  body: JSON.stringify(value),
});

function cleanBody(route: FuzzRoute, exact: boolean): fc.Arbitrary<Body> {
  if (route.body) return shapedLike(route.body, exact).map(asJson);
  if (route.upload) return multipartJunk;
  return fc.constant({ body: undefined });
}

function dirtyBody(route: FuzzRoute, jsonLimit: number): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ body: undefined }) },
    { weight: 2, arbitrary: cleanBody(route, false) },
    { weight: 2, arbitrary: anyJson.map(asJson) },
    { weight: 3, arbitrary: junkBodies(jsonLimit).map((body) => ({ body })) },
    { weight: 1, arbitrary: multipartJunk },
  );
}

/** A request line carries no spaces or controls (undici refuses them too): encode what is left. */
const requestTarget = (target: string) => target.replace(/[^\x21-\xff]/g, encodeURIComponent);

/**
 * A request for `route`. Half are clean — its method, valid path values, its own query
 * parameters, the key it needs, a body shaped like its schema — so they get past validation into
 * the simulator; the other half change any part of that to anything.
 */
export function routeRequest(
  route: FuzzRoute,
  keys: FuzzKeys,
  jsonLimit: number,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .boolean()
    .chain((clean) => {
      const own = route.method.toUpperCase();
      const method = clean
        ? fc.constant(own)
        : fc.oneof(fc.constant(own), fc.constantFrom(...METHODS), fc.constantFrom(...ODD_METHODS));
      return fc.record({
        method,
        path: fillPath(route.path, clean),
        query: queryString(route.query, clean),
        credential: credentials(route, keys, clean),
        headers: clean ? cleanHeaders : dirtyHeaders,
        body: clean ? cleanBody(route, true) : dirtyBody(route, jsonLimit),
      });
    })
    .map(({ method, path, query, credential: [credential, auth], headers, body }) => ({
      method,
      path: requestTarget(path + query),
      credential,
      headers: {
        ...(body.contentType ? { 'content-type': body.contentType } : {}),
        ...headers,
        ...auth,
      },
      body: method === 'HEAD' ? undefined : body.body,
    }));
}

/**
 * `req` made ambiguous the ways a proxy and the gateway could read differently — a second Host,
 * Authorization or X-API-Key header, credentials in both headers that differ — or carrying the
 * same key in both credential headers, which is not ambiguous.
 */
export function withCredentialHeaders(req: FuzzRequest, keys: FuzzKeys): fc.Arbitrary<FuzzRequest> {
  const { authorization: _a, 'x-api-key': _k, ...rest } = req.headers;
  const key = req.credential === 'admin' ? keys.admin : keys.full;
  const other = key === keys.full ? keys.admin : keys.full;
  const variants: FuzzRequest[] = [
    { ...req, duplicates: [['host', 'other.example']], ambiguous: true },
    {
      ...req,
      headers: { ...rest, authorization: `Bearer ${key}` },
      duplicates: [['authorization', `Bearer ${key}`]],
      ambiguous: true,
    },
    {
      ...req,
      headers: { ...rest, authorization: `Bearer ${key}` },
      duplicates: [['Authorization', `Bearer ${other}`]],
      ambiguous: true,
    },
    {
      ...req,
      headers: { ...rest, 'x-api-key': key },
      duplicates: [['X-API-Key', 'npg_junk']],
      ambiguous: true,
    },
    {
      ...req,
      headers: { ...rest, authorization: `Bearer ${key}`, 'x-api-key': other },
      ambiguous: true,
    },
    { ...req, headers: { ...rest, authorization: `Bearer ${key}`, 'x-api-key': key } },
  ];
  return fc.constantFrom(...variants);
}
