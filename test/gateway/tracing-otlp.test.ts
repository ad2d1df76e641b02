import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, DEFAULT_SERVICE_NAME } from '../../src/observability/tracing.js';
import { VERSION } from '../../src/observability/version.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { tinyServer, type TinyServer } from '../helpers/tiny-server.js';

/** The parts of an OTLP/HTTP JSON export (opentelemetry-proto) this test reads. */
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { name: string; traceId: string; kind: number }[] }[];
  }[];
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

let receiver: TinyServer;
const exports: { path: string | undefined; contentType: string | undefined }[] = [];
let h: Harness;
let tracing: ReturnType<typeof createTracing>;
beforeAll(async () => {
  receiver = await tinyServer((req, res) => {
    exports.push({ path: req.url, contentType: req.headers['content-type'] });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  tracing = createTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.origin,
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.name=overridden',
  });
  h = await startHarness({ name: 'tracing-otlp', store: 'memory', tracing });
});
afterAll(async () => {
  await h.close();
  await tracing.shutdown();
  await receiver.close();
});

describe('OTLP export', () => {
  it('sends the spans of a request to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, with the service', async () => {
    expect(tracing.enabled).toBe(true);
    await h.http
      .get('/v1/dealer')
      .set('X-API-Key', h.key)
      .set('traceparent', `00-${TRACE_ID}-b7ad6b7169203331-01`)
      .expect(200);
    await tracing.forceFlush();

    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((e) => e.path === '/v1/traces')).toBe(true);
    expect(exports[0]!.contentType).toContain('application/json');
    const batches = receiver.received as OtlpExport[];
    const resourceSpans = batches.flatMap((b) => b.resourceSpans);
    const resource = Object.fromEntries(
      resourceSpans[0]!.resource.attributes.map((a) => [a.key, a.value.stringValue]),
    );
    // The resource attribute names the service unless OTEL_SERVICE_NAME does (specification).
    expect(resource).toMatchObject({
      'service.name': 'overridden',
      'service.version': VERSION,
      'deployment.environment.name': 'test',
    });
    const spans = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const names = spans.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['GET /v1/dealer', 'auth', 'limit.client', 'panel login']),
    );
    expect(names.some((n) => n.startsWith('panel ') && n !== 'panel login')).toBe(true);
    expect(spans.every((s) => s.traceId === TRACE_ID)).toBe(true);
  });

  it('names the service navixy-panel-gateway unless told otherwise', async () => {
    const named = createTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.origin });
    const own = createTracing({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.origin}/v1/traces`,
      OTEL_SERVICE_NAME: 'edge-gateway',
    });
    receiver.received.length = 0;
    for (const t of [named, own]) {
      const span = t.startRequest({}, {});
      t.endRequest(span, { method: 'GET', route: undefined, status: 200, code: undefined });
      await t.shutdown();
    }
    const services = (receiver.received as OtlpExport[]).map(
      (b) =>
        b.resourceSpans[0]!.resource.attributes.find((a) => a.key === 'service.name')?.value
          .stringValue,
    );
    expect(services).toEqual([DEFAULT_SERVICE_NAME, 'edge-gateway']);
  });
});
