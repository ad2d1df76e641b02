import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../observability/logger.js';
import { incomingTraceId } from '../observability/spans.js';
import type { RequestSpan, Tracing } from '../observability/tracing.js';
import type { UpstreamTrace } from '../observability/upstream-trace.js';

/** Who made the request, as logs and audit records name it (an authenticated principal). */
export interface Caller {
  /** The identity, namespaced by kind: `file:…`, `managed:…`, `jwt:…`. */
  id: string;
  /** The name its holder goes by. */
  name: string;
}

/** What the gateway knows about one request while handling it. */
export interface RequestContext {
  requestId: string;
  started: number;
  /** The matched route pattern (`/v1/users/{id}`), set by the router. */
  route?: string;
  principal?: Caller;
  /** Stable problem code of the answer, when it is an error. */
  errorCode?: string;
  /** The configured Panel account the request chose (`X-Panel-Account`, or its only one). */
  account?: string;
  /** The dealer the request acted as (`login@host`, or a sub-dealer of it), for the audit. */
  dealer?: string;
  /** The ids the request names in its path (`{ id: '371321' }`), for the audit. */
  targets?: Record<string, string>;
  /** Upstream calls made for the request, and its arrival time, from which its deadline runs. */
  upstream: UpstreamTrace;
  /** The trace of the request: its server span's when traced, else the client's `traceparent`'s. */
  traceId?: string;
  /** The request's server span, when traced. */
  span?: RequestSpan;
}

/**
 * The status logged and counted for a request whose answer was never finished: the client went
 * away, or its connection was cut at the shutdown deadline. As nginx's "client closed request",
 * which no client ever receives; the status the app had set meanwhile (200 by default) would say
 * it was served.
 */
export const ABORTED_STATUS = 499;

/** The status of the answer as it ended: {@link ABORTED_STATUS} unless it was sent whole. */
export function finalStatus(res: Response): number {
  return res.writableFinished ? res.statusCode : ABORTED_STATUS;
}

/** A client-supplied id is honoured only when it is short and plain (it is echoed and logged). */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

export function contextOf(res: Response): RequestContext {
  return res.locals.ctx as RequestContext;
}

/**
 * First middleware: request id (honour and echo `X-Request-Id`), timing, the server span when
 * tracing is on, and the one log line per request, written when the response is finished or
 * the client went away.
 */
export function requestContext(logger: Logger, tracing?: Tracing): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const span = tracing?.enabled ? startSpan(tracing, req) : undefined;
    const ctx: RequestContext = {
      requestId,
      started: performance.now(),
      upstream: { arrivedAt: Date.now(), calls: [], span: span?.scope },
      traceId: span ? span.traceId : incomingTraceId(req.headers.traceparent),
      span,
    };
    res.locals.ctx = ctx;
    res.setHeader('X-Request-Id', requestId);
    res.once('close', () => {
      if (span) endSpan(tracing!, span, req, res, ctx);
      logRequest(logger, req, res, ctx);
    });
    next();
  };
}

/** The server span, with the semantic conventions' request attributes (never the query). */
function startSpan(tracing: Tracing, req: Request): RequestSpan {
  return tracing.startRequest(req.headers, {
    'http.request.method': req.method,
    'url.path': req.path,
    'url.scheme': req.protocol,
    'client.address': req.ip,
  });
}

function endSpan(
  tracing: Tracing,
  span: RequestSpan,
  req: Request,
  res: Response,
  ctx: RequestContext,
) {
  tracing.endRequest(span, {
    method: req.method,
    route: ctx.route,
    status: finalStatus(res),
    code: ctx.errorCode,
  });
}

function logRequest(logger: Logger, req: Request, res: Response, ctx: RequestContext): void {
  const calls = ctx.upstream.calls;
  const last = calls.at(-1);
  const record = {
    requestId: ctx.requestId,
    traceId: ctx.traceId,
    spanId: ctx.span?.spanId,
    method: req.method,
    ip: req.ip,
    route: ctx.route ?? null,
    path: ctx.route ? undefined : req.path,
    status: finalStatus(res),
    durationMs: Math.round((performance.now() - ctx.started) * 100) / 100,
    principal: ctx.principal?.id,
    account: ctx.account,
    code: ctx.errorCode,
    upstreamAction: last?.action,
    upstreamCode: last?.navixyCode,
    upstreamCalls: calls.length > 1 ? calls : undefined,
    aborted: res.writableFinished ? undefined : true,
  };
  if (res.statusCode >= 500 && res.writableFinished) logger.error(record, 'request');
  else if (record.aborted) logger.warn(record, 'request');
  else logger.info(record, 'request');
}
