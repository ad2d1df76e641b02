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
 * The one error vocabulary of the gateway: every failure is thrown as a GatewayError (or a
 * subclass) with a stable UPPER_SNAKE `code`, and the problem handler turns it into RFC 9457
 * problem+json. Callers switch on `code`, never on message text.
 */
export class GatewayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(code: string, status: number, title: string, options: GatewayErrorOptions = {}) {
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
    super('VALIDATION_FAILED', 400, 'Request validation failed', {
      detail: errors.map((e) => `${e.in} ${e.name}: ${e.message}`).join('; '),
      extensions: { errors },
    });
  }
}
