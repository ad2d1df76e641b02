import type { ErrorRequestHandler, Response } from 'express';
import { GatewayError } from '../problems/gateway-error.js';
import { PROBLEMS } from '../problems/catalogue.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import { contextOf } from './context.js';
import { sendJson } from './json.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 `type` of a problem code: a URN, stable and documented in openapi.yaml. */
export function problemType(code: string): string {
  return `urn:problem-type:navixy-gateway:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** Writes `error` as problem+json. Never a stack trace, never upstream secrets. */
export function sendProblem(res: Response, error: GatewayError): void {
  const ctx = contextOf(res);
  ctx.errorCode = error.code;
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  sendJson(
    res,
    {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      requestId: ctx.requestId,
      ...error.extensions,
    },
    error.status,
    PROBLEM_CONTENT_TYPE,
  );
}

/** Errors Express itself raises (body parsing) carry `status` and `type`. */
function fromExpress(error: { status?: unknown; type?: unknown }): GatewayError | undefined {
  if (typeof error.status !== 'number' || error.status < 400 || error.status >= 500)
    return undefined;
  if (error.type === 'entity.too.large') {
    return new GatewayError('PAYLOAD_TOO_LARGE');
  }
  if (error.type === 'entity.parse.failed') {
    return new GatewayError('MALFORMED_BODY', { detail: 'The request body is not valid JSON' });
  }
  if (error.status === 415) {
    // body-parser: a charset other than UTF-8 or a Content-Encoding it cannot undo.
    return new GatewayError('UNSUPPORTED_MEDIA_TYPE', {
      detail: 'Send the body as application/json in UTF-8, uncompressed or as gzip, deflate or br.',
    });
  }
  if (error.status === 404) return new GatewayError('ROUTE_NOT_FOUND');
  // The HTTP layer chose the status (403 for a path out of the assets, 416 for a range).
  const { title } = PROBLEMS.BAD_REQUEST;
  return new GatewayError({ code: 'BAD_REQUEST', status: error.status, title });
}

/** The one error handler: everything thrown anywhere ends here. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let problem = error instanceof GatewayError ? error : fromExpress(error as object);
    if (!problem) {
      logger.error({ err: error, requestId: contextOf(res).requestId }, 'unhandled error');
      problem = new GatewayError('INTERNAL_ERROR', {
        detail:
          'The gateway failed to handle the request; the requestId identifies it in the logs.',
      });
    } else if (problem.status >= 500) {
      logger.warn(
        {
          code: problem.code,
          requestId: contextOf(res).requestId,
          err: problem.cause === undefined ? undefined : errorSummary(problem.cause),
        },
        problem.detail,
      );
    }
    sendProblem(res, problem);
  };
}
