import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { listenApp, rawRequest } from '../helpers/raw-http.js';

/** Caching, Vary and ambiguous requests: what every answer of the gateway says and refuses. */
const ORIGIN = 'https://fleet.example.com';
const admin = makeKey('admin', ['gateway:admin']);
const reader = makeKey('reader', ['users:read']);
let h: Harness;
let withCors: Harness;
let server: Awaited<ReturnType<typeof listenApp>>;

beforeAll(async () => {
  h = await startHarness({ name: 'hygiene', keys: [admin, reader] });
  withCors = await startHarness({
    name: 'hygiene-cors',
    simulator: h.sim,
    settings: { CORS_ORIGINS: ORIGIN },
  });
  server = await listenApp(h.gateway.app);
});
afterAll(async () => {
  await server.close();
  await withCors.close();
  await h.close();
});

describe('Cache-Control', () => {
  it('is no-store on every answer to a credential: successes, problems, a user session hash', async () => {
    const answers = [
      await h.client(h.key).get('/v1/dealer').expect(200),
      await h.client(h.key).post('/v1/users/371321/sessions').expect(201),
      await h.client(h.key).get('/v1/users/999999').expect(404),
      await h.client(h.key).get('/v1/users?limit=0').expect(400),
      await h.client(reader.key).get('/v1/trackers').expect(403),
      await h.http.get('/v1/dealer').set('X-API-Key', 'npg_unknown').expect(401),
      await h.client(admin.key).get('/admin/keys').expect(200),
      await h.client(h.key).get('/admin/keys').expect(403),
    ];
    expect((answers[1]!.body as { hash: string }).hash).toEqual(expect.any(String));
    for (const [index, res] of answers.entries()) {
      expect(res.headers['cache-control'], `answer ${index}`).toBe('no-store');
    }
  });
});

describe('Vary: Origin', () => {
  it('is on every answer while CORS is on: allowed, other and no origin, and preflights', async () => {
    const key = withCors.key;
    const answers = [
      await withCors.http.get('/v1/dealer').set('X-API-Key', key).set('Origin', ORIGIN),
      await withCors.http.get('/v1/dealer').set('X-API-Key', key),
      await withCors.http.get('/v1/dealer').set('X-API-Key', key).set('Origin', 'https://x.test'),
      await withCors.http
        .options('/v1/users')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST'),
      await withCors.http
        .options('/v1/users')
        .set('Origin', 'https://x.test')
        .set('Access-Control-Request-Method', 'POST'),
      await withCors.http.get('/healthz'),
    ];
    for (const [index, res] of answers.entries()) {
      expect(res.headers.vary, `answer ${index}`).toMatch(/\bOrigin\b/);
    }
  });
});

describe('ambiguous requests', () => {
  const send = (lines: string[], method = 'GET', path = '/v1/dealer') =>
    rawRequest(
      server.port,
      [`${method} ${path} HTTP/1.1`, ...lines, 'Connection: close'].join('\r\n'),
    );

  it('refuses two Host headers, two Authorization headers and two X-API-Key headers with 400', async () => {
    const key = h.key;
    const cases = [
      ['Host: gw.example', 'Host: other.example', `X-API-Key: ${key}`],
      ['Host: gw', `Authorization: Bearer ${key}`, `Authorization: Bearer ${key}`],
      ['Host: gw', `Authorization: Bearer ${key}`, 'Authorization: Bearer npg_other'],
      ['Host: gw', `X-API-Key: ${key}`, 'X-API-Key: npg_other'],
    ];
    for (const lines of cases) {
      for (const [method, path] of [
        ['GET', '/v1/dealer'],
        ['POST', '/admin/keys'],
        ['GET', '/healthz'],
      ] as const) {
        const res = await send(lines, method, path);
        expect(res.status, `${method} ${path} ${lines.join(' | ')}`).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'DUPLICATE_HEADER' });
      }
    }
  });

  it('refuses different credentials in Authorization and X-API-Key, and takes the same one twice', async () => {
    const differ = await send([
      'Host: gw',
      `Authorization: Bearer ${h.key}`,
      `X-API-Key: ${reader.key}`,
    ]);
    expect(differ.status).toBe(400);
    expect(JSON.parse(differ.body)).toMatchObject({ code: 'CONFLICTING_CREDENTIALS' });
    const basic = await send([
      'Host: gw',
      'Authorization: Basic Zm9vOmJhcg==',
      `X-API-Key: ${h.key}`,
    ]);
    expect(basic.status).toBe(400);
    const same = await send(['Host: gw', `Authorization: Bearer ${h.key}`, `X-API-Key: ${h.key}`]);
    expect(same.status).toBe(200);
    for (const res of [differ, basic]) expect(res.body).not.toContain(h.key);
  });
});
