import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { PANEL_ACCOUNT_ID } from '../auth/account-refs.js';
import type { RouteSpec } from '../routing/route-spec.js';
import { scopesFor } from '../panel/actions.js';
import { PANEL_ACTIONS } from '../panel/actions.js';
import { shareParameters } from './share-parameters.js';
import {
  createSharedResponses,
  PROBLEM_RESPONSE_NAMES,
  type ProblemResponse,
  type SharedResponses,
} from './shared-responses.js';
import { everyProblemCode } from '../panel/error-codes.js';
import {
  CACHE_HEADER_COMPONENTS,
  NOT_MODIFIED,
  withCacheRequestHeaders,
  withCacheResponses,
} from './cache-headers.js';

const problemSchema = z
  .object({
    type: z.string().meta({ description: 'URN naming the problem type; one per `code`.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z
      .enum(everyProblemCode())
      .meta({ description: 'Stable UPPER_SNAKE code; switch on this.' }),
    requestId: z.string().meta({ description: 'Also in the X-Request-Id header and the logs.' }),
    upstream: z
      .object({ code: z.number().int(), description: z.string() })
      .optional()
      .meta({ description: 'What the Panel API said, when it said no.' }),
    errors: z
      .array(z.object({ in: z.string(), name: z.string(), message: z.string() }))
      .optional()
      .meta({
        description: 'Every invalid field, for VALIDATION_FAILED and UPSTREAM_VALIDATION_FAILED.',
      }),
    requiredScopes: z.array(z.string()).optional(),
    missingScopes: z.array(z.string()).optional(),
    checks: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

const COMMON_ERRORS: Record<number, string> = {
  401: 'No API key or JWT, a key that is unknown, revoked or expired, or a JWT that is not valid (UNAUTHENTICATED).',
  403: 'The credential lacks a scope (INSUFFICIENT_SCOPE), a user-bound JWT calls outside its user (USER_BINDING), X-Panel-Account names an account the credential may not use or that does not exist (PANEL_ACCOUNT_FORBIDDEN), or the Panel account lacks the permission (PANEL_PERMISSION_DENIED).',
  429: 'The client used up its own rate limit (CLIENT_RATE_LIMITED; see RateLimit-Policy and RateLimit), the Panel API is rate limiting (UPSTREAM_RATE_LIMITED), or the gateway is holding calls back to keep the Panel account under its rate (UPSTREAM_LOAD_LIMITED); see Retry-After.',
  502: 'The Panel API failed, refused the gateway\u2019s login (UPSTREAM_AUTH_FAILED, with Retry-After), or could not be reached.',
  503: 'The Panel API is overloaded or a login is still in progress, or the API key store or the JWT issuer\u2019s key set does not answer, or a token names a key fetched too recently to fetch again (AUTH_UNAVAILABLE).',
  504: 'The Panel API did not answer in time (UPSTREAM_TIMEOUT).',
};

/** Statuses a route may list in `errors`, beyond the ones every route can answer. */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  402: 'The dealer\u2019s plan does not include the feature (FEATURE_UNAVAILABLE).',
  404: 'No such record, or not the dealer\u2019s (NOT_FOUND).',
  409: 'The change conflicts with the record\u2019s state.',
  413: 'The file is over UPLOAD_LIMIT_BYTES (PAYLOAD_TOO_LARGE).',
  415: 'The body is not of the media type this operation takes (UNSUPPORTED_MEDIA_TYPE).',
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** A problem answer as a shared component holds it (components are not converted from zod). */
const problemComponent = (description: string): ProblemResponse => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const REQUEST_ID_HEADER = {
  description: 'The request id (the client\u2019s own when it sent a valid one).',
  schema: { type: 'string' as const },
};

/** draft-ietf-httpapi-ratelimit-headers-10 §3, §4: on every answer to a rate-limited client. */
const RATE_LIMIT_HEADER_COMPONENTS = {
  RateLimitPolicy: {
    description:
      'The client rate limit that applies: `"<policy>";q=<requests>;w=<window seconds>`, the policy ' +
      '`key` (the key\u2019s own), a scope rule, or `default`. Absent when the client is not limited.',
    schema: { type: 'string' as const },
  },
  RateLimit: {
    description:
      'Where the client stands: `"<policy>";r=<requests remaining>;t=<seconds until one more is allowed>`.',
    schema: { type: 'string' as const },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again (at least 1).',
    schema: { type: 'integer' as const, minimum: 1 },
  },
};

const headerRef = (name: keyof typeof RATE_LIMIT_HEADER_COMPONENTS | 'RequestId') => ({
  $ref: `#/components/headers/${name}`,
});

const rateLimitHeaders = {
  'RateLimit-Policy': headerRef('RateLimitPolicy'),
  RateLimit: headerRef('RateLimit'),
};

/** Headers of an answer to an authenticated request. */
/**
 * Headers of a success answer. The rate fields are on every answer to a rate-limited client: the
 * document says so once (`info.description`, `components.headers`) and names them on 429 and
 * `default`, rather than on each of the operations' success answers.
 */
const answerHeaders = { 'X-Request-Id': headerRef('RequestId') };

/** 429 carries `Retry-After` (whole seconds) and, for CLIENT_RATE_LIMITED, the rate fields. */
const tooManyRequests = (description: string): ProblemResponse => ({
  ...problemComponent(description),
  headers: { 'Retry-After': headerRef('RetryAfter'), ...rateLimitHeaders },
});

const requestHeaders = z.object({
  'X-Panel-Account': z
    .string()
    .regex(PANEL_ACCOUNT_ID)
    .optional()
    .meta({
      description:
        'The Panel account to act as, by the id the gateway\u2019s configuration gives it. Needed ' +
        'only when the credential may use several accounts (400 PANEL_ACCOUNT_REQUIRED without ' +
        'it); an account it may not use, or one that does not exist, is 403 PANEL_ACCOUNT_FORBIDDEN.',
    }),
  'X-Subdealer-Id': z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .optional()
    .meta({
      description:
        'Act as this sub-dealer of the dealer: the gateway uses the sub-dealer\u2019s own Panel session ' +
        '(obtained, cached and renewed by the gateway; never shown). Needs the scope `subpaas:create` too.',
    }),
});

function successResponse(route: RouteSpec): Record<number, ResponseConfig> {
  const status = route.status ?? 200;
  const { description, schema, contentTypes } = route.response;
  if (status === 204) return { 204: { description, headers: answerHeaders } };
  const content = contentTypes
    ? Object.fromEntries(
        contentTypes.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]),
      )
    : { 'application/json': { schema: schema ?? z.object({}) } };
  return { [status]: { description, headers: answerHeaders, content } };
}

function requestBody(route: RouteSpec) {
  if (route.body) {
    return { required: true, content: { 'application/json': { schema: route.body } } };
  }
  if (route.upload) {
    const schema = (route.upload.fields ?? z.object({})).extend({
      file: z.string().meta({ format: 'binary', description: route.upload.description }),
    });
    return { required: true, content: { 'multipart/form-data': { schema } } };
  }
  return undefined;
}

/** What a route without Panel actions (`/admin`) can answer besides its own errors. */
const GATEWAY_ONLY_STATUSES = [401, 403, 429, 503];

/**
 * Failures every operation can answer in the same words: said once, in each operation's
 * `default` answer, instead of once per status per operation (they were a fifth of the document).
 * A route with its own words for one of them still lists it.
 */
const FOLDED_INTO_DEFAULT = [401, 429, 502, 503, 504];

/** `default`: the folded failures, then anything else, with the headers they may carry. */
const otherFailure = (usesPanel: boolean): ProblemResponse => ({
  ...problemComponent(
    [
      'Any other failure, as problem+json with a stable `code` (see docs/errors.md):',
      ...FOLDED_INTO_DEFAULT.filter(
        (status) => usesPanel || GATEWAY_ONLY_STATUSES.includes(status),
      ).map((status) => `${status}: ${COMMON_ERRORS[status]}`),
      'Panel API refusals carry `upstream`.',
    ].join('\n\n'),
  ),
  headers: { 'Retry-After': headerRef('RetryAfter'), ...rateLimitHeaders },
});

/** `Administration` → `Administration`, `getApiKey` → `GetApiKey`: to build component names. */
const pascal = (text: string) =>
  text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());

/**
 * The route's problem answers, each a `$ref` to a shared component. A common answer gets the
 * status's name (PROBLEM_RESPONSE_NAMES); one in a route's own words (`errorDescriptions`, or a
 * route that uses no Panel account) gets that name followed by the route's tag.
 */
function problemAnswers(
  route: RouteSpec,
  shared: SharedResponses,
): Record<string, { $ref: string }> {
  const usesPanel = route.actions.length > 0;
  const answers: Record<string, { $ref: string }> = {};
  const add = (
    status: number | 'default',
    response: ProblemResponse,
    common: boolean,
    base?: string,
  ) => {
    const name = base ?? PROBLEM_RESPONSE_NAMES[status] ?? `Problem${status}`;
    answers[status] = common
      ? shared.ref(response, name, `${name}${pascal(route.operationId)}`)
      : shared.ref(response, `${name}${pascal(route.tag)}`, `${name}${pascal(route.operationId)}`);
  };
  const accountRequired = usesPanel
    ? '; the credential may use several Panel accounts and X-Panel-Account is missing (PANEL_ACCOUNT_REQUIRED)'
    : '';
  const ambiguous =
    'a Host, Authorization or X-API-Key header sent twice (DUPLICATE_HEADER), or different ' +
    'credentials in Authorization and X-API-Key (CONFLICTING_CREDENTIALS)';
  const takesInput = Boolean(route.params || route.query || route.body || route.upload);
  add(
    400,
    problemComponent(
      takesInput
        ? `Invalid input, every bad field listed in \`errors\` (VALIDATION_FAILED)${accountRequired}; or ${ambiguous}.`
        : `An invalid header (VALIDATION_FAILED)${accountRequired}; or ${ambiguous}.`,
    ),
    usesPanel,
    takesInput ? 'InvalidRequest' : 'InvalidHeaders',
  );
  const own = route.errorDescriptions ?? {};
  const listed = [...(route.errors ?? []), ...(route.body || route.upload ? [415] : [])];
  if (route.upload) listed.push(413);
  for (const status of listed) {
    const description =
      own[status] ?? ERROR_DESCRIPTIONS[status] ?? 'See docs/errors.md for the codes.';
    add(status, problemComponent(description), own[status] === undefined);
  }
  for (const [key, common] of Object.entries(COMMON_ERRORS)) {
    const status = Number(key);
    if (!usesPanel && !GATEWAY_ONLY_STATUSES.includes(status)) continue;
    // Said once, in `default`, unless the route has its own words for it.
    if (FOLDED_INTO_DEFAULT.includes(status) && own[status] === undefined) continue;
    const description = own[status] ?? common;
    const response = status === 429 ? tooManyRequests(description) : problemComponent(description);
    add(status, response, own[status] === undefined);
  }
  add('default', otherFailure(usesPanel), true);
  return answers;
}

function registerRoute(registry: OpenAPIRegistry, route: RouteSpec, shared: SharedResponses): void {
  const usesPanel = route.actions.length > 0;
  const scopes = [...new Set([...scopesFor(route.actions), ...(route.scopes ?? [])])].sort();
  const body = requestBody(route);
  registry.registerPath({
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    description: [
      route.description,
      scopes.length > 0 && `Required scopes: ${scopes.map((s) => `\`${s}\``).join(', ')}.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    tags: [route.tag],
    // The document's own `security` (any of the three credentials) applies, the scopes being
    // in the description; only routes of a user-bound JWT say otherwise.
    ...(route.self ? { security: [{ jwtAuth: [] }] } : {}),
    request: {
      params: route.params,
      query: route.query,
      ...(usesPanel ? { headers: withCacheRequestHeaders(route, requestHeaders) } : {}),
      ...(body ? { body } : {}),
    },
    responses: {
      ...withCacheResponses(route, successResponse(route)),
      ...problemAnswers(route, shared),
    },
    ...(usesPanel
      ? { 'x-panel-actions': route.actions.map((name) => PANEL_ACTIONS[name].path) }
      : {}),
  });
}

function registerOperational(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (only when METRICS_TOKEN is set; see also METRICS_PORT)',
    description:
      'Served on this port only when `METRICS_TOKEN` is set, to scrapers sending it as ' +
      '`Authorization: Bearer <token>` (not an API key); otherwise 404. `METRICS_PORT` serves ' +
      'the same on a listener of its own. Labels are route templates, Panel actions, Navixy ' +
      'codes and account ids: never a raw path, id, key or hash.',
    tags: ['Operations'],
    security: [],
    responses: {
      200: {
        description: 'The Prometheus text exposition format.',
        content: { 'text/plain': { schema: z.string() } },
      },
      401: problem('No metrics token, or a wrong one (UNAUTHENTICATED).'),
      404: problem('Metrics are not served on this port (ROUTE_NOT_FOUND).'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    tags: ['Operations'],
    security: [],
    responses: {
      200: {
        description: 'Alive.',
        content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    summary: 'Readiness: the store answers and a Panel session can be had',
    tags: ['Operations'],
    security: [],
    responses: {
      200: {
        description: 'Ready to serve.',
        content: {
          'application/json': {
            schema: z.object({
              status: z.literal('ready'),
              checks: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      503: problem(
        'Not ready: `SHUTTING_DOWN`, `STORE_UNAVAILABLE` (Redis does not answer) or `NOT_READY` (no Panel session); `checks` says which dependency failed.',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    summary: 'Interactive documentation of this API (Swagger UI, served locally)',
    tags: ['Operations'],
    security: [],
    responses: {
      200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs/init.js',
    operationId: 'docsScript',
    summary: 'The script of /docs',
    tags: ['Operations'],
    security: [],
    responses: {
      200: { description: 'JavaScript.', content: { 'text/javascript': { schema: z.string() } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.yaml',
    operationId: 'openapi',
    summary: 'This document',
    tags: ['Operations'],
    security: [],
    responses: {
      200: {
        description: 'OpenAPI 3.1, YAML.',
        content: { 'application/yaml': { schema: z.string() } },
      },
    },
  });
}

/** The OpenAPI 3.1 document of the gateway, generated from the same zod schemas that validate. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A gateway API key: `Authorization: Bearer <key>`.',
  });
  registry.registerComponent('securitySchemes', 'jwtAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A mobile app\u2019s JWT from the configured issuer: `Authorization: Bearer <jwt>`, checked against ' +
      'the issuer\u2019s key set. Its scope claim gives the scopes; its user id claim binds it to one ' +
      'Navixy user, which may then call only `/v1/me` routes and `/v1/users/{its id}` routes.',
  });
  registry.registerComponent('securitySchemes', 'apiKeyHeader', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key in its own header.',
  });
  registry.registerComponent('headers', 'RequestId', REQUEST_ID_HEADER);
  for (const [name, header] of Object.entries(RATE_LIMIT_HEADER_COMPONENTS)) {
    registry.registerComponent('headers', name, header);
  }
  const shared = createSharedResponses();
  for (const route of routes) registerRoute(registry, route, shared);
  for (const [name, header] of Object.entries(CACHE_HEADER_COMPONENTS)) {
    registry.registerComponent('headers', name, header);
  }
  for (const [name, response] of Object.entries(shared.components)) {
    registry.registerComponent('responses', name, response);
  }
  registry.registerComponent('responses', 'NotModified', NOT_MODIFIED);
  registerOperational(registry);
  // The shared problem answers name the Problem schema by `$ref`, which does not register it.
  const definitions = [...registry.definitions, problemSchema];
  const document = new OpenApiGeneratorV31(definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Navixy Panel Gateway',
      version,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'A stable REST surface over the Navixy Panel API. The gateway holds the Panel credentials and ' +
        'session; clients authenticate with their own API keys (or, for mobile apps, JWTs of a configured issuer), whose scopes are Navixy permissions ' +
        '(`category:operation`). Every failure is RFC 9457 `application/problem+json` with a stable `code`. ' +
        'Fields are camelCase, times ISO-8601 UTC, absent values `null`; Navixy "tariffs" are plans.\n\n' +
        'Every answer carries `X-Request-Id`; every answer to a rate-limited client carries ' +
        '`RateLimit-Policy` and `RateLimit` (`components.headers`, docs/rate-limits.md). GET answers ' +
        'read through the read cache carry `ETag`, `Age` and `Cache-Control: private, no-cache`; ' +
        'every other answer carries `Cache-Control: no-store`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, { jwtAuth: [] }],
    tags: [
      { name: 'Dealer', description: 'The dealer account the gateway acts as.' },
      { name: 'Users', description: 'The dealer\u2019s end users.' },
      { name: 'Me', description: 'The user a mobile app\u2019s JWT is bound to.' },
      { name: 'Trackers', description: 'The trackers of those users.' },
      { name: 'Operations', description: 'Health, readiness and this document.' },
      {
        name: 'Administration',
        description: 'Managed API keys of the gateway itself; the scope `gateway:admin`.',
      },
    ],
  });
  return shareParameters(document);
}
