import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGatewayClient,
  GatewayHttpError,
  GatewayProblem,
  ok,
  retryAfterSeconds,
} from '../src/index.js';

/**
 * What the client adds to openapi-fetch, against a small server on 127.0.0.1:0 answering from a
 * script: `Retry-After` waited out for idempotent methods (with a sleep that records the wait
 * and waits for nothing), never for POST or PATCH; errors as typed problems.
 */
interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

let server: Server;
let baseUrl: string;
let script: Scripted[] = [];
const received: { method: string; url: string; body: string; apiKey: string | undefined }[] = [];
let slept: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const apiKey = req.headers['x-api-key'];
      received.push({ method: req.method!, url: req.url!, body, apiKey: apiKey as string });
      const next = script.shift() ?? { status: 200, body: { items: [] } };
      const problem = next.status >= 400;
      res.writeHead(next.status, {
        'content-type': problem ? 'application/problem+json' : 'application/json',
        ...next.headers,
      });
      res.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received.length = 0;
  slept = [];
});

const client = (retries?: { maxAttempts?: number; maxWaitMs?: number }) =>
  createGatewayClient({
    baseUrl,
    apiKey: 'npg_test-key',
    retries,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });

const problem = (status: number, code: string) => ({
  type: `urn:problem:${code}`,
  title: code,
  status,
  detail: `a ${code}`,
  code,
  requestId: 'req-1',
});

const limited = (seconds: string): Scripted => ({
  status: 429,
  headers: { 'retry-after': seconds },
  body: problem(429, 'RATE_LIMITED'),
});

describe('Retry-After', () => {
  it('waits it out and sends a GET again, with the API key each time', async () => {
    script = [
      limited('2'),
      { status: 503, headers: { 'retry-after': '1' }, body: problem(503, 'UPSTREAM_UNAVAILABLE') },
    ];
    const page = await ok(client().GET('/v1/users', { params: { query: { limit: 1 } } }));
    expect(page).toEqual({ items: [] });
    expect(slept).toEqual([2_000, 1_000]);
    expect(received.map((r) => [r.method, r.url, r.apiKey])).toEqual([
      ['GET', '/v1/users?limit=1', 'npg_test-key'],
      ['GET', '/v1/users?limit=1', 'npg_test-key'],
      ['GET', '/v1/users?limit=1', 'npg_test-key'],
    ]);
  });

  it('sends a PUT body again whole on each attempt', async () => {
    script = [limited('1')];
    await client().PUT('/v1/users/{id}/password', {
      params: { path: { id: '7' } },
      body: { password: 'a-New-password-1' },
    });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(JSON.parse(received[1]!.body)).toEqual({ password: 'a-New-password-1' });
  });

  it('never sends a POST or a PATCH twice: the first may have been carried out', async () => {
    for (const send of [
      (c: ReturnType<typeof client>) =>
        c.POST('/v1/users/{id}/sessions', { params: { path: { id: '7' } } }),
      (c: ReturnType<typeof client>) =>
        c.PATCH('/v1/users/{id}', { params: { path: { id: '7' } }, body: { comment: 'x' } }),
    ]) {
      received.length = 0;
      script = [limited('1')];
      const failure = await send(client()).catch((error: unknown) => error);
      expect(failure).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1 });
      expect(received).toHaveLength(1);
    }
    expect(slept).toEqual([]);
  });

  it('gives up after maxAttempts, answering the last problem', async () => {
    script = [limited('1'), limited('1'), limited('1')];
    const failure = await client({ maxAttempts: 2 })
      .GET('/v1/dealer')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayProblem);
    expect(received).toHaveLength(2);
    expect(slept).toEqual([1_000]);
  });

  it('answers at once a wait longer than maxWaitMs, or none asked for', async () => {
    script = [limited('120')];
    await expect(client({ maxWaitMs: 60_000 }).GET('/v1/dealer')).rejects.toMatchObject({
      retryAfterSeconds: 120,
    });
    script = [{ status: 503, body: problem(503, 'UPSTREAM_UNAVAILABLE') }];
    await expect(client().GET('/v1/dealer')).rejects.toMatchObject({ status: 503 });
    expect(received).toHaveLength(2);
    expect(slept).toEqual([]);
  });

  it('reads delay-seconds and HTTP-dates (RFC 9110 §10.2.3)', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('5', now)).toBe(5);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(retryAfterSeconds('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('errors', () => {
  it('turns a problem+json answer into a GatewayProblem with its code, status and request id', async () => {
    script = [{ status: 403, body: problem(403, 'INSUFFICIENT_SCOPE') }];
    const failure = await client()
      .GET('/v1/dealer')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayProblem);
    expect(failure).toMatchObject({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      requestId: 'req-1',
      message: '403 INSUFFICIENT_SCOPE: a INSUFFICIENT_SCOPE',
    });
  });

  it('reports an answer that is no problem (a proxy page) as a GatewayHttpError', async () => {
    script = [
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' },
    ];
    const failure = await client()
      .GET('/v1/dealer')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayHttpError);
    expect(failure).toMatchObject({ status: 502, body: '<h1>Bad gateway</h1>' });
  });

  it('sends a token as a Bearer credential', async () => {
    const withToken = createGatewayClient({ baseUrl, token: 'header.payload.signature' });
    let authorization: string | undefined;
    server.once('request', (req) => (authorization = req.headers.authorization));
    await withToken.GET('/v1/me');
    expect(authorization).toBe('Bearer header.payload.signature');
  });
});
