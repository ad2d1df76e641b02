import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, ROUTES } from '../../src/resources/route-table.js';
import { startHarness, makeKey, type Harness } from '../helpers/harness.js';
import { listenApp, rawRequest } from '../helpers/raw-http.js';

/** The audit stream: one record per state-changing call, refused ones included, no secrets. */
const reader = makeKey('reader', ['users:read']);
const admin = makeKey('admin', ['gateway:admin', 'users:read']);
const nobody = makeKey('nobody', ['none:none']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    name: 'audit',
    keys: [reader, admin, nobody],
    settings: { JSON_BODY_LIMIT_BYTES: '2048', UPLOAD_LIMIT_BYTES: '2048' },
  });
});
afterAll(() => h.close());

const PASSWORD = 'Str0ng-Passw0rd!';
const newUser = () => ({
  login: `audited.${Date.now()}@example.com`,
  legalType: 'individual',
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: PASSWORD,
  timeZone: 'Europe/London',
});

/** The audit records written for the request that answered with `requestId`. */
function recordsOf(requestId: string) {
  return h.audit.records().filter((r) => r.requestId === requestId);
}

describe('audit log', () => {
  it('writes one record per state-changing call: who, which account, actions, ids, outcome', async () => {
    const created = await h.client(h.key).post('/v1/users', newUser()).expect(201);
    const [record, ...more] = recordsOf(created.headers['x-request-id'] as string);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      log: 'audit',
      principal: 'file:full',
      principalName: 'full',
      panelAccount: h.gateway.panel.dealerId,
      method: 'POST',
      route: '/v1/users',
      targets: {},
      actions: expect.arrayContaining(['user/create']),
      outcome: { status: 201, code: null, completed: true },
    });

    const id = (created.body as { id: number }).id;
    const patched = await h.client(h.key).patch(`/v1/users/${id}`, { comment: 'audited' });
    expect(patched.status).toBe(200);
    expect(recordsOf(patched.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        route: '/v1/users/{id}',
        targets: { id: String(id) },
        actions: expect.arrayContaining(['user/read', 'user/update']),
        outcome: expect.objectContaining({ status: 200 }),
      }),
    ]);
  });

  it('records refused calls too, with no upstream action', async () => {
    const forbidden = await h.client(reader.key).post('/v1/users', newUser()).expect(403);
    expect(recordsOf(forbidden.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        principal: 'file:reader',
        actions: [],
        outcome: { status: 403, code: 'INSUFFICIENT_SCOPE', completed: true },
      }),
    ]);
    const anonymous = await h.http.post('/v1/users').send(newUser()).expect(401);
    expect(recordsOf(anonymous.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({
        principal: null,
        panelAccount: null,
        actions: [],
        outcome: { status: 401, code: 'UNAUTHENTICATED', completed: true },
      }),
    ]);
  });

  it('writes nothing for reads, and never a password, key or session hash', async () => {
    const before = h.audit.lines.length;
    await h.client(h.key).get('/v1/users/371321').expect(200);
    expect(h.audit.lines.length).toBe(before);

    const session = await h.client(h.key).post('/v1/users/371321/sessions').expect(201);
    const issued = await h
      .client(admin.key)
      .post('/admin/keys', { name: 'audited', scopes: ['users:read'] })
      .expect(201);
    const text = h.audit.lines.join('\n');
    expect(text).toContain('/admin/keys');
    for (const secret of [
      PASSWORD,
      h.key,
      admin.key,
      (session.body as { hash: string }).hash,
      (issued.body as { key: string }).key,
      ...h.sim.control.sessionHashes(),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  /** Every route that changes state, with its path filled with a plausible id. */
  const writes = [...ROUTES, ...ADMIN_ROUTES]
    .filter((route) => route.method !== 'get')
    .map((route) => ({
      route,
      url: route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'type'
          ? 'logo'
          : name === 'imei'
            ? '352091090000011'
            : name === 'id' && route.path.startsWith('/admin')
              ? '0123456789abcdef'
              : '346',
      ),
    }));

  it('writes exactly one record for every state-changing route, whatever its outcome', async () => {
    expect(writes.length).toBeGreaterThan(40);
    for (const { route, url } of writes) {
      for (const key of [nobody.key, route.path.startsWith('/admin') ? admin.key : h.key]) {
        const res = await h.http[route.method](url).set('Authorization', `Bearer ${key}`).send({});
        const records = recordsOf(res.headers['x-request-id'] as string);
        expect(records, `${route.method} ${route.path}`).toEqual([
          expect.objectContaining({
            method: route.method.toUpperCase(),
            route: route.path,
            outcome: expect.objectContaining({ status: res.status, completed: true }) as unknown,
          }),
        ]);
        if (key === nobody.key) {
          expect(res.status, `${route.method} ${route.path}`).toBe(403);
          expect(records[0]).toMatchObject({ principal: 'file:nobody', actions: [] });
        }
      }
    }
  });
});

describe('audit of requests refused before they are handled', () => {
  const json = (path: string, key: string) =>
    h.http.post(path).set('X-API-Key', key).set('Content-Type', 'application/json');

  it('writes one record for a body that is malformed, too large or of a media type not taken', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(4_000) });
    const answers = [
      [await json('/v1/users', h.key).send('{"login":'), 400, 'MALFORMED_BODY'],
      [await json('/admin/keys', admin.key).send('{'), 400, 'MALFORMED_BODY'],
      [await json('/v1/users', h.key).send(big), 413, 'PAYLOAD_TOO_LARGE'],
      [await json('/admin/keys', admin.key).send(big), 413, 'PAYLOAD_TOO_LARGE'],
      [
        await json('/v1/users', h.key)
          .set('Content-Type', 'application/json; charset=latin1')
          .send('{}'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        await json('/v1/users', h.key).set('Content-Encoding', 'bogus').send('{}'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        await h.http
          .put('/v1/dealer/branding/logo')
          .set('X-API-Key', h.key)
          .set('Content-Type', 'multipart/form-data; boundary=b')
          .send(
            `--b\r\nContent-Disposition: form-data; name="file"; filename="l.png"\r\n\r\n${'y'.repeat(4_000)}\r\n--b--\r\n`,
          ),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        await json('/v1/users', h.key).set('Authorization', `Bearer ${reader.key}`).send('{}'),
        400,
        'CONFLICTING_CREDENTIALS',
      ],
    ] as const;
    for (const [res, status, code] of answers) {
      const label = `${res.status} ${String(res.body.code)}`;
      expect(res.status, label).toBe(status);
      expect(recordsOf(res.headers['x-request-id'] as string), label).toEqual([
        expect.objectContaining({
          route: expect.stringMatching(/^\/(v1|admin)\//),
          actions: [],
          outcome: { status, code, completed: true },
        }),
      ]);
    }
  });

  it('writes one record for a request with a header twice', async () => {
    const gateway = await listenApp(h.gateway.app);
    try {
      const res = await rawRequest(
        gateway.port,
        'DELETE /v1/trackers/346 HTTP/1.1\r\nHost: gw\r\nHost: other\r\n' +
          `X-API-Key: ${h.key}\r\nX-Request-Id: audit-duplicate-host\r\nConnection: close`,
      );
      expect(res.status).toBe(400);
      expect(recordsOf('audit-duplicate-host')).toEqual([
        expect.objectContaining({
          principal: null,
          method: 'DELETE',
          route: '/v1/trackers/{id}',
          targets: { id: '346' },
          outcome: { status: 400, code: 'DUPLICATE_HEADER', completed: true },
        }),
      ]);
    } finally {
      await gateway.close();
    }
  });
});
