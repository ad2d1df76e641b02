import { GatewayError, type FieldError } from '../problems/gateway-error.js';
import { panelErrorCode } from './error-codes.js';

/** What Navixy said, exposed to clients as the problem's `upstream` member. */
export interface UpstreamInfo {
  code: number;
  description: string;
}

export interface PanelErrorDetails {
  action: string;
  navixyCode: number;
  description: string;
  /** The HTTP status Navixy answered with. */
  httpStatus: number;
  /** Code 7's `errors[]`: `{parameter, error}` pairs, parameter names dotted for nested fields. */
  errors: { parameter: string; error: string }[];
}

/** Navixy answered `success: false`: its code decides our status through the error-code table. */
export class PanelError extends GatewayError {
  readonly action: string;
  readonly navixyCode: number;
  readonly upstreamStatus: number;
  readonly upstreamDescription: string;
  readonly upstreamErrors: PanelErrorDetails['errors'];

  constructor(details: PanelErrorDetails) {
    const mapped = panelErrorCode(details.navixyCode);
    const fieldErrors: FieldError[] = details.errors.map((e) => ({
      in: 'upstream',
      name: e.parameter,
      message: e.error,
    }));
    // Navixy's description of its code is the title: the table's row, not the catalogue's.
    const problem = { code: mapped.code, status: mapped.status, title: mapped.description };
    super(problem, {
      detail: `The Panel API refused ${details.action}: ${details.description}`,
      headers: mapped.status === 429 ? { 'Retry-After': '1' } : {},
      extensions: {
        upstream: { code: details.navixyCode, description: details.description },
        ...(fieldErrors.length > 0 ? { errors: fieldErrors } : {}),
      },
    });
    this.action = details.action;
    this.navixyCode = details.navixyCode;
    this.upstreamStatus = details.httpStatus;
    this.upstreamDescription = details.description;
    this.upstreamErrors = details.errors;
  }
}

/**
 * Whether a failed exchange may have reached Navixy. Only `no` proves that a state-changing
 * action was not executed, which is the one case where it may be sent again.
 */
export type Delivery = 'no' | 'maybe';

/** No answer within the attempt's time (`UPSTREAM_TIMEOUT_MS`) or the request's deadline. */
export class UpstreamTimeoutError extends GatewayError {
  constructor(
    readonly action: string,
    timeoutMs: number,
    cause?: unknown,
    readonly delivery: Delivery = 'maybe',
    detail = `The Panel API did not answer ${action} within ${timeoutMs} ms`,
  ) {
    super('UPSTREAM_TIMEOUT', { detail, cause });
  }
}

/** The client request's deadline passed before the call could be sent: nothing went out. */
export class UpstreamDeadlineError extends UpstreamTimeoutError {
  constructor(action: string) {
    super(action, 0, undefined, 'no', `The request's time ran out before ${action} was answered`);
  }
}

/** Connection refused, reset or closed before an answer. */
export class UpstreamUnreachableError extends GatewayError {
  constructor(
    readonly action: string,
    cause?: unknown,
    readonly delivery: Delivery = 'maybe',
  ) {
    super('UPSTREAM_UNREACHABLE', {
      detail: `The connection to the Panel API failed during ${action}`,
      cause,
    });
  }
}

/**
 * The account's circuit breaker is open: Navixy failed repeatedly, so calls are refused at once
 * instead of piling up behind timeouts. `Retry-After` says when the next probe may go out.
 */
export class UpstreamCircuitOpenError extends GatewayError {
  constructor(
    readonly action: string,
    readonly retryAfterSeconds: number,
  ) {
    super('UPSTREAM_CIRCUIT_OPEN', {
      detail:
        `The Panel API failed repeatedly, so ${action} was not sent. ` +
        `The gateway tries again in ${retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** An answer that is not the Panel API's JSON envelope (an HTML error page, a truncated body). */
export class UpstreamBadResponseError extends GatewayError {
  constructor(
    readonly action: string,
    readonly upstreamStatus: number,
    reason: string,
  ) {
    const unavailable = upstreamStatus >= 500;
    super(unavailable ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_BAD_RESPONSE', {
      detail: `${action}: HTTP ${upstreamStatus}, ${reason}`,
    });
  }
}

/**
 * The gateway's own Panel login is refused (wrong credentials, blocked account). Remembered with
 * back-off so clients get this at once instead of causing a login storm.
 */
export class UpstreamAuthFailedError extends GatewayError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly upstream: UpstreamInfo,
  ) {
    super('UPSTREAM_AUTH_FAILED', {
      detail:
        'The Panel API refused the gateway\u2019s credentials; an operator must fix them. ' +
        `The next login attempt is in ${retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extensions: { upstream },
    });
  }
}
