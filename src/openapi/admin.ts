import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { ADMIN_SCOPE, type AdminRouteSpec } from '../admin/admin-route.js';

const ADMIN_ERRORS: Record<number, string> = {
  400: 'Invalid input; every bad field is listed in `errors`.',
  401: 'No API key, or one that is unknown, revoked or expired (UNAUTHENTICATED).',
  403:
    `The credential lacks the scope \`${ADMIN_SCOPE}\` (INSUFFICIENT_SCOPE), is a JWT bound to a ` +
    'Navixy user (USER_BINDING), or asks to give a key a scope, Panel account or rate limit it ' +
    'does not hold itself (GRANT_EXCEEDS_CALLER, naming them in `notGrantable`).',
  404: 'No key with this id (KEY_NOT_FOUND).',
  409: 'The key is not active: revoked, expired or already rotated (KEY_NOT_ROTATABLE).',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  429: 'The client used up its rate limit (CLIENT_RATE_LIMITED); see Retry-After, RateLimit-Policy and RateLimit.',
  501: 'The gateway has no API_KEY_HMAC_SECRET, so it issues no keys (MANAGED_KEYS_DISABLED).',
  503:
    'Redis, which holds the managed keys, does not answer: the keys cannot be read or written ' +
    '(STORE_UNAVAILABLE), or the managed key sent cannot be checked (AUTH_UNAVAILABLE); see Retry-After.',
};

/** What {@link registerAdminRoute} borrows from the document: the shared problem response. */
export interface AdminDocumentParts {
  problem(description: string): ResponseConfig;
  /** The 429 answer, with `Retry-After` and the rate limit fields. */
  tooManyRequests(description: string): ResponseConfig;
  headers: ResponseConfig['headers'];
}

/** Adds one `/admin` operation: it calls no Panel action and needs the admin scope only. */
export function registerAdminRoute(
  registry: OpenAPIRegistry,
  route: AdminRouteSpec,
  parts: AdminDocumentParts,
): void {
  const status = route.status ?? 200;
  const { description, schema } = route.response;
  const success: ResponseConfig = schema
    ? { description, headers: parts.headers, content: { 'application/json': { schema } } }
    : { description, headers: parts.headers };
  const statuses = [401, 403, 429, 503, ...(route.errors ?? [])];
  if (route.params || route.query || route.body) statuses.push(400);
  if (route.body) statuses.push(415);
  const body = route.body && {
    required: !route.body.safeParse(undefined).success,
    content: { 'application/json': { schema: route.body } },
  };
  registry.registerPath({
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `Required scope: \`${ADMIN_SCOPE}\`.`]
      .filter(Boolean)
      .join('\n\n'),
    tags: ['Administration'],
    security: [{ bearerAuth: [ADMIN_SCOPE] }, { apiKeyHeader: [ADMIN_SCOPE] }],
    request: { params: route.params, query: route.query, ...(body ? { body } : {}) },
    responses: {
      [status]: success,
      ...Object.fromEntries(
        statuses
          .sort((a, b) => a - b)
          .map((code) => {
            const description = ADMIN_ERRORS[code] ?? 'See docs/errors.md.';
            return [
              code,
              code === 429 ? parts.tooManyRequests(description) : parts.problem(description),
            ];
          }),
      ),
    },
    'x-required-scopes': [ADMIN_SCOPE],
  });
}
