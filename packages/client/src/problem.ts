import type { components } from './schema.js';

/** An RFC 9457 problem as the gateway writes it (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/**
 * The gateway's stable problem codes: the type of the Problem schema's `code`, so it narrows to
 * the union of codes as soon as openapi.yaml lists them (a string until then).
 */
export type ProblemCode = Problem['code'];

/**
 * An answer of the gateway that is not a success, as a typed error: switch on `code` (stable),
 * never on `detail` (for people). `problem` is the whole body, `requestId` what to quote to the
 * gateway's operators, `retryAfterSeconds` the wait it asked for, when it asked.
 */
export class GatewayProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly problem: Problem,
    readonly response: Response,
  ) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'GatewayProblem';
    this.status = response.status;
    this.code = problem.code;
    this.requestId = problem.requestId ?? response.headers.get('x-request-id') ?? undefined;
    this.retryAfterSeconds = retryAfterSeconds(response.headers.get('retry-after'), Date.now());
  }
}

/**
 * An error answer that is not problem+json: something between the client and the gateway (a
 * proxy's HTML page, a load balancer's 502) answered instead.
 */
export class GatewayHttpError extends Error {
  readonly status: number;
  constructor(
    readonly response: Response,
    readonly body: string,
  ) {
    super(`${response.status} ${response.statusText || 'error'} (not a gateway problem)`);
    this.name = 'GatewayHttpError';
    this.status = response.status;
  }
}

/** `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; undefined when unreadable. */
export function retryAfterSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** The problem an error answer carries, or the error saying it carries none. */
export async function errorOf(response: Response): Promise<GatewayProblem | GatewayHttpError> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (/^application\/(problem\+)?json\b/.test(type)) {
    try {
      const body = JSON.parse(text) as Partial<Problem> | null;
      if (body && typeof body.code === 'string' && typeof body.status === 'number') {
        return new GatewayProblem(body as Problem, response);
      }
    } catch {
      // Not JSON after all: reported as what it is below.
    }
  }
  return new GatewayHttpError(response, text);
}
