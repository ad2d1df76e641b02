import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  knownPanelErrorCodes,
  panelErrorCode,
  SESSION_ENDED_CODES,
} from '../../src/panel/error-codes.js';
import { problemType } from '../../src/http/problem.js';
import { startSimulator } from '@navixy-panel-gateway/simulator';
import { startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { listenApp, rawKeepAlive, rawRequest } from '../helpers/raw-http.js';

let h: Harness;
/** The first attempt and the two retries a read may get. */
const ATTEMPTS = 3;
const dealer = () => h.http.get('/v1/dealer').set('X-API-Key', h.key);

beforeAll(async () => {
  // Each failure is mapped on its own here: a breaker opening after a few of them would hide the
  // rest (it has its own tests in upstream-faults.test.ts).
  h = await startHarness({
    name: 'errors',
    upstreamTimeoutMs: 300,
    settings: { CIRCUIT_BREAKER_THRESHOLD: '1000' },
  });
  await dealer().expect(200); // a cached session, so each failure below is the action's own
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.reset());

describe('Navixy error codes', () => {
  const codes = knownPanelErrorCodes().filter((code) => !SESSION_ENDED_CODES.has(code));

  it.each(codes)('maps Navixy code %i to its documented status and problem code', async (code) => {
    h.sim.control.failNext(ATTEMPTS, code, 'dealer/get_info'); // retries of a read fail too
    const res = await dealer();
    const expected = panelErrorCode(code);
    expect(res.status).toBe(expected.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: problemType(expected.code),
      status: expected.status,
      code: expected.code,
      title: expected.description,
      upstream: { code },
      requestId: res.headers['x-request-id'],
    });
    expect(res.body).not.toHaveProperty('stack');
    expectDocumented(res, 'get', '/v1/dealer');
  });

  it('answers 429 with Retry-After for Navixy code 15', async () => {
    h.sim.control.failNext(ATTEMPTS, 15, 'dealer/get_info');
    const res = await dealer().expect(429);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('hides session errors 3 and 4 from the client by logging in again', async () => {
    for (const code of SESSION_ENDED_CODES) {
      h.sim.control.failNext(1, code, 'dealer/get_info');
      await dealer().expect(200);
    }
  });
});

describe('transport failures', () => {
  it('answers 504 UPSTREAM_TIMEOUT when Navixy is slower than UPSTREAM_TIMEOUT_MS', async () => {
    h.sim.control.setLatency(2_500, 'dealer/get_info');
    const res = await dealer();
    expect(res.status).toBe(504);
    expect(res.body.code).toBe('UPSTREAM_TIMEOUT');
    expectDocumented(res, 'get', '/v1/dealer');
  });

  it('answers 502 UPSTREAM_UNREACHABLE when the connection is reset', async () => {
    h.sim.control.resetNextConnections(ATTEMPTS, 'dealer/get_info');
    const res = await dealer().expect(502);
    expect(res.body.code).toBe('UPSTREAM_UNREACHABLE');
  });

  it('answers 502 UPSTREAM_BAD_RESPONSE for a body that is not JSON', async () => {
    h.sim.control.garbageNext(1, 'dealer/get_info');
    const res = await dealer().expect(502);
    expect(res.body.code).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('answers 502 UPSTREAM_UNREACHABLE when nothing listens upstream', async () => {
    const gone = await startSimulator();
    const g = await startHarness({ name: 'gone', simulator: gone });
    await gone.close();
    try {
      const res = await g.http.get('/v1/dealer').set('X-API-Key', g.key).expect(502);
      expect(res.body.code).toBe('UPSTREAM_UNREACHABLE');
    } finally {
      await g.close();
    }
  });
});

describe('routing errors', () => {
  it('answers 404 problem+json for an unknown route', async () => {
    const res = await h.http.get('/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
  });

  it('answers 405 with Allow for a method the resource does not support', async () => {
    const res = await h.http.delete('/v1/users/1').set('X-API-Key', h.key).expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH');
    expect(res.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect(h.sim.control.calls()).toBe(0);
  });

  it('answers a request Node cannot parse with a problem, not a bare status line', async () => {
    const server = await listenApp(h.gateway.app);
    try {
      const cases = [
        ['FROB /v1/dealer HTTP/1.1\r\nHost: gw', 400, 'MALFORMED_REQUEST'],
        ['GET /v1/d\xffaler HTTP/1.1\r\nHost: gw', 400, 'MALFORMED_REQUEST'],
        // Framing a proxy and the gateway could read differently (request smuggling, RFC 9112 §6.3).
        [
          'POST /v1/users HTTP/1.1\r\nHost: gw\r\nContent-Length: 1\r\nContent-Length: 2',
          400,
          'MALFORMED_REQUEST',
        ],
        ['POST /v1/users HTTP/1.1\r\nHost: gw\r\nContent-Length: -1', 400, 'MALFORMED_REQUEST'],
        [
          'POST /v1/users HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked, gzip',
          400,
          'MALFORMED_REQUEST',
        ],
        [
          `GET /v1/dealer HTTP/1.1\r\nHost: gw\r\nX-Big: ${'a'.repeat(20_000)}`,
          431,
          'HEADERS_TOO_LARGE',
        ],
      ] as const;
      for (const [head, status, code] of cases) {
        const res = await rawRequest(server.port, head);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.parse(res.body)).toMatchObject({
          status,
          code,
          requestId: res.headers['x-request-id'],
        });
      }
      // A connection that already carried an answer gets one too (keep-alive clients).
      const both = await rawKeepAlive(
        server.port,
        'GET /healthz HTTP/1.1\r\nHost: gw',
        'FROB /v1/dealer HTTP/1.1\r\nHost: gw',
      );
      expect(both).toMatch(/^HTTP\/1.1 200 [\s\S]*HTTP\/1.1 400 [\s\S]*"code":"MALFORMED_REQUEST"/);
    } finally {
      await server.close();
    }
    expect(h.sim.control.calls()).toBe(0);
  });

  it('never forwards odd paths upstream', async () => {
    for (const path of [
      '/v1/users/..%2f..%2faccount%2fauth',
      '/v1/users/1%00',
      '/v2/panel/account/auth',
    ]) {
      const res = await h.http.get(path).set('X-API-Key', h.key);
      expect([400, 404]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(h.sim.control.calls()).toBe(0);
  });
});
