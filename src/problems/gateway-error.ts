import { PROBLEMS, type ProblemCode } from './catalogue.js';

/** One field that failed validation, named as the client sent it. */
export interface FieldError {
  /** Where the field was: `query`, `path`, `header`, `body`. */
  in: string;
  /** The field's name; nested fields are dotted (`user.login`). */
  name: string;
  message: string;
}

export interface GatewayErrorOptions {
  detail?: string;
  cause?: unknown;
  /** Response headers the problem needs (`Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** Extra problem members, e.g. `upstream` or `errors`. */
  extensions?: Record<string, unknown>;
}

/**
 * A problem whose status and title are not the catalogue's: a Navixy code's row in the Navixy
 * code table (its own status, Navixy's description as title), or `BAD_REQUEST` with the 4xx the
 * HTTP layer chose.
 */
export interface ProblemOutsideCatalogue {
  readonly code: string;
  readonly status: number;
  readonly title: string;
}

/**
 * The one error vocabulary of the gateway: every failure is thrown as a GatewayError (or a
 * subclass) with a stable UPPER_SNAKE `code`, and the problem handler turns it into RFC 9457
 * problem+json. Callers switch on `code`, never on message text. Raised by code: the status
 * and title come from the catalogue (catalogue.ts), so they cannot drift apart between sites.
 */
export class GatewayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(problem: ProblemCode | ProblemOutsideCatalogue, options: GatewayErrorOptions = {}) {
    const { code, status, title } =
      typeof problem === 'string' ? { code: problem, ...PROBLEMS[problem] } : problem;
    super(options.detail ?? title, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.title = title;
    this.detail = options.detail ?? title;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export class ValidationError extends GatewayError {
  constructor(readonly errors: FieldError[]) {
    super('VALIDATION_FAILED', {
      detail: errors.map((e) => `${e.in} ${e.name}: ${e.message}`).join('; '),
      extensions: { errors },
    });
  }
}
