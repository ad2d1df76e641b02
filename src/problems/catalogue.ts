/** What the gateway answers for one problem code it raises itself. */
export interface ProblemDefinition {
  /** The HTTP status, the same for every occurrence of the code. */
  readonly status: number;
  /** The problem's RFC 9457 `title`: a summary that does not change from one occurrence to the next. */
  readonly title: string;
  /** When clients get it: the docs' error table (docs/errors.md) is generated from this. */
  readonly when: string;
}

/**
 * Every problem code the gateway raises itself, with its status and title defined once: errors
 * are raised by code (`new GatewayError('RECORD_BUSY', { detail })`), so a code outside this
 * catalogue is a type error. Codes Navixy's answers lead to are in the Navixy code table
 * (src/panel/error-codes.ts); a code in both (`NOT_FOUND`, the gateway's own Panel login and
 * Navixy's outage codes) takes its status from here, and the table gives only Navixy's title.
 * The order is the docs table's.
 */
export const PROBLEMS = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'Request validation failed',
    when: 'bad path, query, header or body input, every bad field in `errors`; nothing was sent upstream',
  },
  MALFORMED_BODY: {
    status: 400,
    title: 'Malformed request body',
    when: 'the body is not valid JSON, or a multipart body that cannot be read',
  },
  DUPLICATE_HEADER: {
    status: 400,
    title: 'Duplicate header',
    when: '`Host`, `Authorization` or `X-API-Key` sent more than once: which one would count is ambiguous',
  },
  CONFLICTING_CREDENTIALS: {
    status: 400,
    title: 'Conflicting credentials',
    when: '`Authorization` and `X-API-Key` both sent, with different credentials (the same key in both is accepted)',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Request body too large',
    when: 'the body is over `JSON_BODY_LIMIT_BYTES`, or the file over `UPLOAD_LIMIT_BYTES`',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    when: 'a body that is not `application/json` (or multipart where a file is taken), not UTF-8, or with an unknown `Content-Encoding`',
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication required',
    when: 'no credential, an unknown API key, a JWT that fails a check (the detail says which), or a malformed `Authorization`',
  },
  INSUFFICIENT_SCOPE: {
    status: 403,
    title: 'Insufficient scope',
    when: 'the key lacks a scope the route needs',
  },
  PANEL_ACCOUNT_REQUIRED: {
    status: 400,
    title: 'Panel account required',
    when: 'the credential may use several Panel accounts and sent no `X-Panel-Account`',
  },
  PANEL_ACCOUNT_FORBIDDEN: {
    status: 403,
    title: 'Panel account not allowed',
    when: '`X-Panel-Account` names an account the credential may not use, or none at all',
  },
  USER_BINDING: {
    status: 403,
    title: 'Not allowed for this user binding',
    when: 'a user-bound JWT called outside its user (`/admin` included), or `/v1/me` without a user-bound JWT',
  },
  GRANT_EXCEEDS_CALLER: {
    status: 403,
    title: 'Cannot grant more than the caller holds',
    when: '`/admin/keys`: the new or rotated key would get a scope, Panel account or rate limit the caller lacks; see `notGrantable`',
  },
  CLIENT_RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    when: 'the client used up its own rate limit; see `Retry-After` and Client rate limits',
  },
  AUTH_UNAVAILABLE: {
    status: 503,
    title: 'Authentication unavailable',
    when: 'the credential cannot be checked now: the JWT key set (unreachable, or not yet refetched) or Redis; see `Retry-After`',
  },
  MALFORMED_REQUEST: {
    status: 400,
    title: 'Malformed HTTP request',
    when: 'Node could not parse the request (unknown method, raw non-ASCII byte in the target)',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'Request headers too large',
    when: "the request headers are over Node's limit (16 KiB)",
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request timeout',
    when: 'the headers did not arrive within `HEADERS_TIMEOUT_MS`, or the whole request within `REQUEST_TIMEOUT_MS`',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: 'Not found',
    when: 'no such route',
  },
  BAD_REQUEST: {
    status: 400,
    title: 'Bad request',
    when: 'another refusal of the HTTP layer, with the 4xx status it chose, e.g. a path that climbs out of `/docs/assets` (403)',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    when: 'the route exists for other methods (see `Allow`)',
  },
  KEY_NOT_FOUND: {
    status: 404,
    title: 'Not found',
    when: '`/admin/keys/{id}`: no managed key with this id',
  },
  KEY_NOT_ROTATABLE: {
    status: 409,
    title: 'Conflict',
    when: 'rotating a key that is revoked, expired or already rotated',
  },
  MANAGED_KEYS_DISABLED: {
    status: 501,
    title: 'Managed keys are not enabled',
    when: 'issuing a managed key without `API_KEY_HMAC_SECRET`',
  },
  RECORD_BUSY: {
    status: 503,
    title: 'The record is being changed by another request',
    when: 'another change of the same record (PATCH, PUT) did not finish in time; `Retry-After: 1`',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    when: "no such record, or not the dealer's: Navixy 201/204 (Navixy answers both alike, with its own title) or the gateway's own lookup",
  },
  UPSTREAM_LOAD_LIMITED: {
    status: 429,
    title: 'Too many requests for the Panel account',
    when: 'the gateway held the call back to keep the account under its rate (see Upstream load)',
  },
  UPSTREAM_AUTH_FAILED: {
    status: 502,
    title: 'The gateway cannot log in to the Panel API',
    when: "the gateway's Panel login is refused (11, 12); `Retry-After` says when it tries again",
  },
  UPSTREAM_UNREACHABLE: {
    status: 502,
    title: 'The Panel API could not be reached',
    when: 'connection refused, reset or closed',
  },
  UPSTREAM_BAD_RESPONSE: {
    status: 502,
    title: 'The Panel API sent an unreadable answer',
    when: "an answer that is not Navixy's JSON envelope",
  },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    title: 'The Panel API is unavailable',
    when: 'Navixy 8, 14, or a 5xx page instead of JSON',
  },
  UPSTREAM_CIRCUIT_OPEN: {
    status: 503,
    title: 'The Panel API is failing; calls are paused',
    when: 'Navixy kept failing; calls are paused, `Retry-After` says until when',
  },
  UPSTREAM_LOGIN_PENDING: {
    status: 503,
    title: 'The Panel login is still in progress',
    when: "another instance's login did not finish in time",
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    title: 'The Panel API did not answer in time',
    when: "no answer within `UPSTREAM_TIMEOUT_MS`, or the request's `REQUEST_DEADLINE_MS` ran out",
  },
  NOT_READY: {
    status: 503,
    title: 'Not ready',
    when: '`/readyz` only: no account can get a Panel session, or no JWT key set yet; `checks` names what failed',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    title: 'Store unavailable',
    when: 'Redis does not answer: `/readyz` (requests are still served from memory), `/admin/keys` (keys live there); `Retry-After`',
  },
  SHUTTING_DOWN: {
    status: 503,
    title: 'Not ready',
    when: '`/readyz` only: SIGTERM received, the instance is draining',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal error',
    when: 'a gateway bug; the details are in the log line with the same `requestId`',
  },
} as const satisfies Record<string, ProblemDefinition>;

/** A problem code the gateway raises itself. */
export type ProblemCode = keyof typeof PROBLEMS;

/** Whether `code` is one of the catalogue's (for the Navixy code table, which must not redefine them). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}
