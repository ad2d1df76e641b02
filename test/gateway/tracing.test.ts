import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracing, otlpTracesUrl } from '../../src/observability/tracing.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CLIENT_SPAN}-01`;

const exporter = new InMemorySpanExporter();
const tracing = createTracing({}, { processor: new SimpleSpanProcessor(exporter) });
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ name: 'tracing', tracing });
});
afterAll(async () => {
  await h.close();
  await tracing.shutdown();
});
beforeEach(() => {
  exporter.reset();
  h.sim.control.resetCounters();
});

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((s) => s.name === name);
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const childrenOf = (parent: ReadableSpan) => spans().filter((s) => parentOf(s) === idOf(parent));
const upstreamSpans = () =>
  spans().filter((s) => s.name.startsWith('panel ') && s.name !== 'panel login');

describe('request spans', () => {
  it('continues the client trace down to Navixy, with one login span for concurrent requests', async () => {
    await Promise.all([
      h.http
        .get('/v1/dealer')
        .set('X-API-Key', h.key)
        .set('X-Request-Id', 'traced-dealer')
        .set('traceparent', TRACEPARENT)
        .set('tracestate', 'vendor=opaque')
        .expect(200),
      h.http
        .get('/v1/users')
        .set('X-API-Key', h.key)
        .set('X-Request-Id', 'traced-users')
        .set('traceparent', TRACEPARENT)
        .expect(200),
    ]);

    const servers = spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(servers.map((s) => s.name).sort()).toEqual(['GET /v1/dealer', 'GET /v1/users']);
    for (const server of servers) {
      expect(server.spanContext().traceId).toBe(TRACE_ID);
      expect(parentOf(server)).toBe(CLIENT_SPAN);
      expect(server.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.route': server.name.slice(4),
        'http.response.status_code': 200,
      });
      const steps = childrenOf(server).map((s) => s.name);
      expect(steps).toEqual(expect.arrayContaining(['auth', 'limit.client']));
      expect(childrenOf(server).find((s) => s.name === 'auth')?.attributes).toEqual({
        'gateway.principal.kind': 'file-key',
      });
    }

    // One login for both requests, under the request that started it.
    const [login, ...moreLogins] = named('panel login');
    expect(login).toBeDefined();
    expect(moreLogins).toEqual([]);
    expect(servers.map(idOf)).toContain(parentOf(login!));
    expect(login!.kind).toBe(SpanKind.CLIENT);
    expect(login!.attributes).toMatchObject({
      'navixy.action': 'account/auth',
      'http.response.status_code': 200,
    });

    // Every upstream call: a client span under its request, the outbound limiter's wait below.
    const calls = upstreamSpans();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(servers.map(idOf)).toContain(parentOf(call));
      expect(call.attributes).toMatchObject({
        'navixy.action': call.name.slice('panel '.length),
        'http.response.status_code': 200,
      });
      expect(childrenOf(call).map((s) => s.name)).toEqual(['limiter.wait']);
    }

    // What Navixy received names the gateway's span of that very call as its parent.
    const log = h.sim.control.callLog();
    expect(log.length).toBe(calls.length + 1);
    for (const record of log) {
      const sent = record.headers.traceparent ?? '';
      expect(sent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      const parent = sent.split('-')[2];
      const span =
        record.action === 'account/auth' ? login! : calls.find((s) => idOf(s) === parent);
      expect(span?.name).toBe(
        record.action === 'account/auth' ? 'panel login' : `panel ${record.action}`,
      );
      expect(idOf(span!)).toBe(parent);
    }
    const dealerServer = servers.find((s) => s.name === 'GET /v1/dealer')!;
    const dealerCalls = calls.filter((s) => parentOf(s) === idOf(dealerServer)).map(idOf);
    for (const record of log.filter((r) =>
      dealerCalls.includes(r.headers.traceparent!.split('-')[2]!),
    )) {
      expect(record.headers.tracestate).toBe('vendor=opaque');
    }

    // The request log line names the trace and the gateway's span.
    for (const [requestId, server] of [
      ['traced-dealer', dealerServer],
      ['traced-users', servers.find((s) => s.name === 'GET /v1/users')!],
    ] as const) {
      const line = h.logs.requests().find((r) => r.requestId === requestId);
      expect(line).toMatchObject({ traceId: TRACE_ID, spanId: idOf(server) });
    }
  });

  it('starts a new trace without a valid traceparent and marks Navixy errors on the call span', async () => {
    await h.http
      .get('/v1/users/999999')
      .set('X-API-Key', h.key)
      .set('traceparent', `00-${'0'.repeat(32)}-${CLIENT_SPAN}-01`)
      .expect(404);
    const [server] = spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(server?.name).toBe('GET /v1/users/{id}');
    expect(server!.spanContext().traceId).not.toBe('0'.repeat(32));
    expect(server!.parentSpanContext).toBeUndefined();
    expect(server!.attributes).toMatchObject({
      'http.response.status_code': 404,
      'error.type': 'NOT_FOUND',
    });
    // A 4xx is the client's error: the server span stays unset (semantic conventions).
    expect(server!.status.code).toBe(SpanStatusCode.UNSET);
    const [read] = named('panel user/read');
    expect(read?.attributes).toMatchObject({
      'navixy.action': 'user/read',
      'navixy.code': 201,
      'error.type': 'NOT_FOUND',
    });
    expect(read!.status.code).toBe(SpanStatusCode.ERROR);
    expect(parentOf(read!)).toBe(idOf(server!));
  });

  it('names a request no route matched by its method alone, and a refused key on the auth span', async () => {
    await h.http.get('/v1/dealer').set('X-API-Key', 'npg_not-a-key-of-this-gateway').expect(401);
    const [auth] = named('auth');
    expect(auth?.status.code).toBe(SpanStatusCode.ERROR);
    expect(auth!.attributes['error.type']).toMatch(/^[A-Z_]+$/);
    exporter.reset();
    await h.http.get('/nowhere').expect(404);
    expect(spans().map((s) => s.name)).toEqual(['GET']);
  });

  it("traces a sub-dealer's login: its session call under a login span of its own", async () => {
    const list = await h.client(h.key).get('/v1/subdealers').expect(200);
    const id = String((list.body as { items: { id: number }[] }).items[0]!.id);
    exporter.reset();
    await h.client(h.key).get('/v1/dealer').set('X-Subdealer-Id', id).expect(200);
    const [login, ...others] = named('panel login').filter((s) =>
      String(s.attributes['navixy.dealer']).endsWith(`/subpaas:${id}`),
    );
    expect(login).toBeDefined();
    expect(others).toEqual([]);
    // The dealer's `subpaas/session/create` call is the sub-dealer login's own child span.
    const [create] = named('panel subpaas/session/create');
    expect(parentOf(create!)).toBe(idOf(login!));
    const [server] = spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(parentOf(login!)).toBe(idOf(server!));
  });

  it('never puts a key, password, session hash or query value in a span', async () => {
    const wrongKey = 'npg_wrong-key-that-must-not-reach-a-span';
    const queryKey = 'npg_query-key-that-must-not-reach-a-span';
    await h.http.get('/v1/dealer').set('Authorization', `Bearer ${wrongKey}`);
    await h.http.get(`/v1/dealer?api_key=${queryKey}`).set('X-API-Key', h.key);
    await h.client(h.key).post('/v1/users', { login: 'x' }); // refused input
    await h.http.get('/v1/users/1').set('X-API-Key', h.key).set('traceparent', TRACEPARENT);
    const text = JSON.stringify(
      spans().map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        resource: s.resource.attributes,
      })),
    );
    expect(spans().length).toBeGreaterThan(4);
    const secrets = [
      wrongKey,
      queryKey,
      h.key,
      h.config.panelAccounts[0]!.password,
      ...h.sim.control.sessionHashes(),
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('tracing off', () => {
  let off: Harness;
  beforeAll(async () => {
    off = await startHarness({ name: 'tracing-off', store: 'memory', simulator: h.sim });
  });
  afterAll(() => off.close());

  it("logs the client's trace id, and sends Navixy no traceparent", async () => {
    await off.http
      .get('/v1/dealer')
      .set('X-API-Key', off.key)
      .set('X-Request-Id', 'untraced')
      .set('traceparent', TRACEPARENT)
      .expect(200);
    const line = off.logs.requests().find((r) => r.requestId === 'untraced');
    expect(line).toMatchObject({ traceId: TRACE_ID });
    expect(line).not.toHaveProperty('spanId');
    const log = off.sim.control.callLog();
    expect(log.length).toBeGreaterThan(0);
    for (const record of log) expect(record.headers).not.toHaveProperty('traceparent');
    expect(spans()).toEqual([]);
  });

  it('logs no trace id for a request without a valid traceparent', async () => {
    await off.http.get('/healthz').set('X-Request-Id', 'no-trace').set('traceparent', 'junk');
    const line = off.logs.requests().find((r) => r.requestId === 'no-trace');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('traceId');
  });
});

describe('OTEL_* variables', () => {
  it('turn OTLP export on only with an endpoint, and off by OTEL_SDK_DISABLED or a none exporter', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(createTracing({}).enabled).toBe(false);
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' };
    expect(otlpTracesUrl(base)).toBe('http://collector:4318/v1/traces');
    expect(
      otlpTracesUrl({ ...base, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c.example/traces' }),
    ).toBe('https://c.example/traces');
    expect(otlpTracesUrl({ ...base, OTEL_SDK_DISABLED: 'TRUE' })).toBeUndefined();
    expect(otlpTracesUrl({ ...base, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(otlpTracesUrl({ ...base, OTEL_TRACES_EXPORTER: 'otlp' })).toBeDefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
    expect(() => otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /http\(s\) URL/,
    );
  });
});

describe('the read cache span', () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startHarness({ name: 'tracing-cache', tracing, settings: { READ_CACHE: 'on' } });
  });
  afterAll(() => cached.close());

  it('wraps each cacheable read in a cache span that names its result', async () => {
    await cached.http.get('/v1/dealer').set('X-API-Key', cached.key).expect(200);
    await cached.http.get('/v1/dealer').set('X-API-Key', cached.key).expect(200);
    const servers = spans().filter((s) => s.kind === SpanKind.SERVER);
    const caches = named('cache');
    expect(caches.map((s) => s.attributes['cache.result'])).toEqual(['miss', 'hit']);
    expect(caches.map((s) => s.attributes['navixy.action'])).toEqual([
      'dealer/get_info',
      'dealer/get_info',
    ]);
    caches.forEach((span, i) => expect(parentOf(span)).toBe(idOf(servers[i]!)));
    // Only the miss went to Navixy.
    expect(named('panel dealer/get_info')).toHaveLength(1);
  });
});
