import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { listenApp, rawRequest } from '../helpers/raw-http.js';
import { tinyServer, type TinyServer } from '../helpers/tiny-server.js';

const ORIGIN = 'https://fleet.example.com';
let plain: Harness;
let configured: Harness;

beforeAll(async () => {
  plain = await startHarness({ name: 'hardening-plain' });
  configured = await startHarness({
    name: 'hardening-cors',
    simulator: plain.sim,
    settings: { CORS_ORIGINS: `${ORIGIN}, https://ops.example.com`, TRUST_PROXY: 'loopback' },
  });
});
afterAll(async () => {
  await configured.close();
  await plain.close();
});

describe('CORS', () => {
  it('is off by default: no Access-Control header for any origin', async () => {
    const res = await plain.client(plain.key).get('/v1/dealer').set('Origin', ORIGIN).expect(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('allows the listed origins, exposing the headers clients need', async () => {
    const res = await configured
      .client(configured.key)
      .get('/v1/dealer')
      .set('Origin', ORIGIN)
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
  });

  it('answers a preflight 204 without credentials, and nothing for an unlisted origin', async () => {
    const preflight = await configured.http
      .options('/v1/users')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Panel-Account/);

    const other = await configured
      .client(configured.key)
      .get('/v1/dealer')
      .set('Origin', 'https://evil.example.net')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  const ipOf = (h: Harness, requestId: string) =>
    h.logs.requests().find((r) => r.requestId === requestId)?.ip;

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    await plain.http
      .get('/healthz')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Request-Id', 'xff-untrusted')
      .expect(200);
    expect(ipOf(plain, 'xff-untrusted')).not.toBe('203.0.113.7');

    await configured.http
      .get('/healthz')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Request-Id', 'xff-trusted')
      .expect(200);
    expect(ipOf(configured, 'xff-trusted')).toBe('203.0.113.7');
  });

  it('refuses settings it cannot read', () => {
    const base = {
      PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
      PANEL_LOGIN: '20410',
      PANEL_PASSWORD: 'secret-password',
    };
    expect(() =>
      loadConfig({ ...base, CORS_ORIGINS: 'https://a.example.com/path' }, () => ''),
    ).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'everyone' }, () => '')).toThrow(/TRUST_PROXY/);
  });
});

/** A request sent over a real socket by node:http, which lets a client set any header. */
function sendWith(
  port: number,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders,
  body?: Buffer,
) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

/** Headers a client, a proxy or an attacker may send; none of them is the Panel API's business. */
const CLIENT_ONLY_HEADERS = [
  'authorization',
  'x-api-key',
  'cookie',
  'x-foo',
  'proxy-authorization',
  'te',
  'upgrade',
  'forwarded',
  'x-forwarded-host',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-subdealer-id',
  'x-request-id',
  'origin',
];

describe('what goes upstream', () => {
  let gateway: Awaited<ReturnType<typeof listenApp>>;
  /** A server no request may ever reach: its address is what the tricks below point at. */
  let elsewhere: TinyServer;
  beforeAll(async () => {
    gateway = await listenApp(plain.gateway.app);
    elsewhere = await tinyServer((_req, res) => res.end('{}'));
  });
  afterAll(async () => {
    await gateway.close();
    await elsewhere.close();
  });

  const simHost = () => new URL(plain.sim.url).host;
  const hostile = (): OutgoingHttpHeaders => ({
    host: new URL(elsewhere.origin).host,
    authorization: `Bearer ${plain.key}`,
    'x-api-key': plain.key,
    cookie: 'session=client-cookie-value',
    connection: 'keep-alive, X-Foo',
    'x-foo': 'hop-by-hop-value',
    'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
    te: 'trailers',
    upgrade: 'websocket',
    forwarded: `for=203.0.113.7;host=${new URL(elsewhere.origin).host};proto=https`,
    'x-forwarded-host': new URL(elsewhere.origin).host,
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    'x-request-id': 'hostile-headers',
    origin: 'https://evil.example',
  });

  /** Every call that reached the simulator: only its own actions, only its own headers. */
  function expectCleanCalls(allowed: readonly string[]) {
    const calls = plain.sim.control.callLog();
    for (const call of calls) {
      expect(allowed).toContain(call.action);
      expect(call.target).toBe(`/v2/panel/${call.action}`);
      expect(call.headers.host).toBe(simHost());
      for (const name of CLIENT_ONLY_HEADERS) expect(call.headers).not.toHaveProperty(name);
      const values = Object.values(call.headers).join('\n');
      for (const leaked of ['client-cookie-value', 'hop-by-hop-value', plain.key, '203.0.113.7']) {
        expect(values).not.toContain(leaked);
      }
      expect(call.headers.connection ?? 'keep-alive').toMatch(/^keep-alive$/i);
    }
    expect(elsewhere.received).toEqual([]);
    return calls;
  }

  it('sends a read with none of the client, hop-by-hop or proxy headers it came with', async () => {
    plain.sim.control.resetCounters();
    const res = await sendWith(gateway.port, 'GET', '/v1/dealer', hostile());
    expect(res.status).toBe(200);
    const calls = expectCleanCalls(['account/auth', 'dealer/get_info']);
    expect(calls.map((c) => c.action)).toContain('dealer/get_info');
  });

  it('sends a sub-dealer read, a download and an upload just as cleanly', async () => {
    plain.sim.control.resetCounters();
    const sub = await sendWith(gateway.port, 'GET', '/v1/dealer', {
      ...hostile(),
      'x-subdealer-id': '20501',
    });
    expect(sub.status).toBe(200);
    const file = await sendWith(gateway.port, 'GET', '/v1/user-exports?format=csv', hostile());
    expect(file.status).toBe(200);
    const boundary = 'hardening';
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="l.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await sendWith(
      gateway.port,
      'PUT',
      '/v1/dealer/branding/logo',
      {
        ...hostile(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    );
    expect(upload.status).toBeLessThan(500);
    const calls = expectCleanCalls([
      'account/auth',
      'subpaas/session/create',
      'dealer/get_info',
      'user/export',
      'dealer/settings/image/upload',
    ]);
    expect(calls.map((c) => c.action)).toEqual(
      expect.arrayContaining(['subpaas/session/create', 'user/export']),
    );
  });

  it('lets no path or request-target trick call another Panel action or another host', async () => {
    const evil = new URL(elsewhere.origin).host;
    const tricks: [target: string, allowed: string[]][] = [
      ['/v1/users/..%2F..%2Faccount%2Fauth', []],
      ['/v1/users/1%2F..%2F..%2Faccount', []],
      ['/v1/users/1/../../v2/panel/account/auth', []],
      ['/v1/dealer/..%2F..%2Fv2%2Fpanel%2Faccount%2Flogout', []],
      [`//${evil}/v1/dealer`, []],
      ['//evil.example/v1/dealer', []],
      [`http://${evil}/v2/panel/account/auth`, []],
      [`http://${evil}/v1/dealer`, ['account/auth', 'dealer/get_info']],
      ['http://evil.example/v1/users/1', ['account/auth', 'user/read']],
      ['*', []],
    ];
    for (const [target, allowed] of tricks) {
      plain.sim.control.resetCounters();
      const res = await rawRequest(
        gateway.port,
        `GET ${target} HTTP/1.1\r\nHost: ${evil}\r\nX-API-Key: ${plain.key}\r\nConnection: close`,
      );
      expect(res.status, target).toBeLessThan(500);
      if (res.status >= 400)
        expect(res.headers['content-type']).toContain('application/problem+json');
      expectCleanCalls(allowed);
    }
  });
});

describe('security headers', () => {
  const HELMET = {
    'content-security-policy': "default-src 'none';frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'strict-transport-security': expect.stringContaining('max-age='),
  };

  it("come with every problem answer, the client's fault or Navixy's", async () => {
    const key = plain.key;
    const answers = [
      await plain.http.get('/nowhere').expect(404),
      await plain.http.get('/v1/dealer').expect(401),
      await plain.http.delete('/v1/dealer').set('X-API-Key', key).expect(405),
      await plain.http.get('/v1/users?limit=0').set('X-API-Key', key).expect(400),
      await plain.http
        .post('/v1/users')
        .set('X-API-Key', key)
        .set('Content-Type', 'application/json')
        .send('{')
        .expect(400),
      await plain.http
        .post('/v1/users')
        .set('X-API-Key', key)
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(415),
    ];
    plain.sim.control.failNext(5, 5, 'dealer/get_info');
    answers.push(await plain.http.get('/v1/dealer').set('X-API-Key', key).expect(502));
    plain.sim.control.reset();
    for (const res of answers) {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers).toMatchObject(HELMET);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('come with the problem answered to a request Node could not parse', async () => {
    const gateway = await listenApp(plain.gateway.app);
    try {
      const res = await rawRequest(gateway.port, 'FROB /v1/dealer HTTP/1.1\r\nHost: gw');
      expect(res.status).toBe(400);
      expect(res.headers).toMatchObject(HELMET);
    } finally {
      await gateway.close();
    }
  });
});
