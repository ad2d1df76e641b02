/**
 * The spans of one request, as the code on its path makes them. A request that is not traced
 * carries no {@link SpanScope}, and every helper here then does nothing: call sites test for the
 * scope first, so the untraced path allocates nothing for tracing.
 */
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import { GatewayError } from '../problems/gateway-error.js';

export { SpanKind };

/**
 * Where the next span of a request goes: the tracer, and the context holding its parent span.
 * It travels with the request (`UpstreamTrace.span`) and with each Panel call (`CallOptions`),
 * explicitly rather than through AsyncLocalStorage, which would cost on every request.
 */
export interface SpanScope {
  readonly tracer: Tracer;
  readonly context: Context;
}

/** W3C Trace Context (`traceparent`, `tracestate`), in and out. */
const propagator = new W3CTraceContextPropagator();

/** Navixy's error code on an error, read by shape: `PanelError` lives above this layer. */
function navixyCodeOf(error: unknown): number | undefined {
  const code = (error as { navixyCode?: unknown } | null)?.navixyCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Marks a span failed with the error's stable code (`error.type`) and Navixy's code when it has
 * one. Never the message: an error's text is not checked for secrets the way its code is.
 */
export function recordFailure(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  const type = error instanceof GatewayError ? error.code : (error as Error | null)?.name;
  span.setAttribute(ATTR_ERROR_TYPE, type ?? 'unknown');
  const navixyCode = navixyCodeOf(error);
  if (navixyCode !== undefined) span.setAttribute('navixy.code', navixyCode);
}

/**
 * Runs `fn` in a child span `name` of `scope` (ended when `fn` settles, failed when it throws),
 * or plainly when the request is not traced. `fn` gets the child's scope, for spans below it.
 */
export async function withSpan<T>(
  scope: SpanScope | undefined,
  name: string,
  attributes: Attributes,
  fn: (child: SpanScope | undefined) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!scope) return fn(undefined);
  const span = scope.tracer.startSpan(name, { kind, attributes }, scope.context);
  try {
    return await fn({ tracer: scope.tracer, context: trace.setSpan(scope.context, span) });
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Adds attributes to the span a scope holds (the one its children hang from). */
export function annotate(scope: SpanScope, attributes: Attributes): void {
  trace.getSpan(scope.context)?.setAttributes(attributes);
}

/** Notes on a Panel call's span that it is sent again (OpenTelemetry's resend count). */
export function noteResend(scope: SpanScope, resendCount: number): void {
  annotate(scope, { [ATTR_HTTP_REQUEST_RESEND_COUNT]: resendCount });
}

/** Notes the HTTP status Navixy answered a Panel call with. */
export function noteUpstreamStatus(scope: SpanScope, action: string, status: number): void {
  annotate(scope, { 'navixy.action': action, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
}

/** `headers` plus `traceparent` (and `tracestate`) naming the scope's span as the parent. */
export function withTraceHeaders(
  scope: SpanScope,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out = { ...headers };
  propagator.inject(scope.context, out, defaultTextMapSetter);
  return out;
}

/** The parent a client's `traceparent`/`tracestate` name; the root context when none is valid. */
export function extractParent(headers: Record<string, string | string[] | undefined>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** `version-traceid-parentid-flags` (W3C Trace Context §3.2), lower-case hex only. */
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;
const ZEROS = /^0+$/;

/**
 * The trace id a client's `traceparent` carries, for the request log when nothing is traced
 * here: one regular expression, no allocation beyond its match. Invalid ids (all zeros) are none.
 */
export function incomingTraceId(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  const id = match?.[1];
  return id && match[2] && !ZEROS.test(id) && !ZEROS.test(match[2]) ? id : undefined;
}
