/**
 * OpenTelemetry traces, exported over OTLP/HTTP when the standard `OTEL_*` variables ask for it
 * and off otherwise. Off, no provider exists and requests carry no span scope: the request path
 * pays one `enabled` test and the parse of a client's `traceparent` for the log line.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { extractParent, type SpanScope } from './spans.js';
import { VERSION } from './version.js';

// The cache and other steps of the request path make their spans with this helper.
export { withSpan, type SpanScope } from './spans.js';

export const DEFAULT_SERVICE_NAME = 'navixy-panel-gateway';

/** The request's server span, as its end needs it. */
export interface RequestSpan {
  readonly scope: SpanScope;
  readonly traceId: string;
  readonly spanId: string;
}

/** How a request ended, for its server span. */
export interface RequestOutcome {
  method: string;
  /** The route template (`/v1/users/{id}`), when a route matched. */
  route: string | undefined;
  status: number;
  /** The problem code of an error answer. */
  code: string | undefined;
}

export interface Tracing {
  /** False: no span is ever made; callers skip all tracing work. */
  readonly enabled: boolean;
  /**
   * Starts a request's server span, child of the span its `traceparent`/`tracestate` name
   * (a new trace without them). Only when {@link enabled}.
   */
  startRequest(headers: IncomingHttpHeaders, attributes: Attributes): RequestSpan;
  /** Names the span after its route and records the answer, then ends it. */
  endRequest(request: RequestSpan, outcome: RequestOutcome): void;
  /** Exports the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops (SIGTERM). */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Where ended spans go instead of OTLP, tracing on whatever `env` says (tests). */
  processor?: SpanProcessor;
}

const DISABLED: Tracing = {
  enabled: false,
  startRequest() {
    throw new Error('tracing is off');
  },
  endRequest: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

type Env = Readonly<Record<string, string | undefined>>;

/** A variable as the OpenTelemetry specification reads them: empty counts as unset. */
const read = (env: Env, name: string) => env[name]?.trim() || undefined;

/**
 * Where OTLP traces go, by the specification's rules: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as
 * is, else `OTEL_EXPORTER_OTLP_ENDPOINT` plus `/v1/traces`; none when neither is set, when
 * `OTEL_SDK_DISABLED` is `true` or when `OTEL_TRACES_EXPORTER` does not name `otlp` (`none`).
 */
export function otlpTracesUrl(env: Env): string | undefined {
  if (read(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporters = read(env, 'OTEL_TRACES_EXPORTER');
  if (exporters && !exporters.split(',').some((name) => name.trim() === 'otlp')) return undefined;
  const traces = read(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const url = traces ?? (base && `${base.replace(/\/+$/, '')}/v1/traces`);
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`the OTLP traces endpoint must be an http(s) URL: ${url}`);
  }
  return url;
}

/** `OTEL_RESOURCE_ATTRIBUTES` (`key=value,…`, values percent-encoded), then the service. */
function resourceAttributes(env: Env): Attributes {
  const attributes: Attributes = {};
  for (const pair of read(env, 'OTEL_RESOURCE_ATTRIBUTES')?.split(',') ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      attributes[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed value is dropped, as the specification asks, rather than stopping the start.
    }
  }
  attributes[ATTR_SERVICE_NAME] =
    read(env, 'OTEL_SERVICE_NAME') ?? attributes[ATTR_SERVICE_NAME] ?? DEFAULT_SERVICE_NAME;
  attributes[ATTR_SERVICE_VERSION] ??= VERSION;
  return attributes;
}

/**
 * Tracing as `env` configures it. The OTLP exporter itself reads its headers, timeout and
 * compression (`OTEL_EXPORTER_OTLP_*`), the batch processor its `OTEL_BSP_*` and the provider
 * its sampler (`OTEL_TRACES_SAMPLER`) from the process environment, as the SDK documents.
 */
export function createTracing(env: Env, options: TracingOptions = {}): Tracing {
  let processor = options.processor;
  if (!processor) {
    const url = otlpTracesUrl(env);
    if (url === undefined) return DISABLED;
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resourceAttributes(env)),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer(DEFAULT_SERVICE_NAME, VERSION);
  return {
    enabled: true,
    startRequest(headers, attributes) {
      const parent = extractParent(headers);
      const span = tracer.startSpan('request', { kind: SpanKind.SERVER, attributes }, parent);
      const { traceId, spanId } = span.spanContext();
      return { scope: { tracer, context: trace.setSpan(parent, span) }, traceId, spanId };
    },
    endRequest({ scope }, { method, route, status, code }) {
      const span = trace.getSpan(scope.context);
      if (!span) return;
      // Semantic conventions: `{method} {route}`, or the method alone when no route matched.
      span.updateName(route ? `${method} ${route}` : method);
      if (route) span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (code) span.setAttribute(ATTR_ERROR_TYPE, code);
      // A server span fails on 5xx only: a 4xx is the client's error, answered as designed.
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
