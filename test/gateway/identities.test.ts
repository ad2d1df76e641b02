import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { ISSUER, jwtSettings, startIssuer, type TestIssuer } from '../helpers/jwt-issuer.js';

/**
 * Who a caller is, in logs, audit records and client rate-limit counters: set by how it
 * authenticated (file key, managed key, JWT), never by a name it or its minter chose.
 */
const fileApp = makeKey('app', ['base:get_dealer_info']);
const admin = makeKey('admin', [...ALL_SCOPES, 'gateway:admin']);
admin.entry.accounts = ['*'];
admin.entry.rateLimit = 'off';
let issuer: TestIssuer;
let h: Harness;
const issued: string[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  h = await startHarness({
    name: 'identities',
    keys: [fileApp, admin],
    // Two requests per client and hour: the third one tells whose count a request used.
    settings: { ...jwtSettings(issuer), CLIENT_RATE_LIMIT: '2/1h' },
    secrets: issued,
  });
});
afterAll(async () => {
  issued.push(...issuer.tokens);
  await h.close();
  await issuer.close();
});

async function mint(body: object): Promise<{ id: string; key: string }> {
  const res = await h.client(admin.key).post('/admin/keys', body).expect(201);
  const created = res.body as { id: string; key: string };
  issued.push(created.key);
  return created;
}

const dealer = (credential: string) =>
  h.http.get('/v1/dealer').set('Authorization', `Bearer ${credential}`);

/** The request log line and audit record `principal` of the answer `res`. */
function principalOf(res: { headers: Record<string, string> }) {
  const requestId = res.headers['x-request-id'];
  return h.logs.requests().find((r) => r.requestId === requestId)?.principal;
}

describe('principal identities', () => {
  it('counts a file key, a token and managed keys named like either of them apart', async () => {
    const token = await issuer.sign({ sub: 'alice', scope: 'base:get_dealer_info' });
    for (const credential of [fileApp.key, token]) {
      await dealer(credential).expect(200);
      await dealer(credential).expect(200);
      await dealer(credential).expect(429);
    }
    const names = ['app', 'file:app', 'key:app', 'jwt:alice', `jwt:${ISSUER}#alice`];
    for (const name of names) {
      const { id, key } = await mint({ name, scopes: ['base:get_dealer_info'] });
      const res = await dealer(key);
      expect(res.status, name).toBe(200);
      expect(res.headers.ratelimit, name).toBe('"default";r=1;t=3600');
      expect(principalOf(res), name).toBe(`managed:${id}`);
    }
    expect(principalOf(await dealer(fileApp.key))).toBe('file:app');
    expect(principalOf(await dealer(token))).toBe(`jwt:${ISSUER}#alice`);
  });

  it('names the caller by kind in the audit record, with its chosen name beside it', async () => {
    const lookalike = await mint({ name: 'admin', scopes: ['gateway:admin', 'users:read'] });
    const byFile = await h.client(admin.key).post('/admin/keys', {
      name: 'x',
      scopes: ['users:read'],
    });
    const byManaged = await h.client(lookalike.key).post('/admin/keys', {
      name: 'y',
      scopes: ['users:read'],
    });
    expect(byFile.status).toBe(201);
    expect(byManaged.status).toBe(201);
    issued.push(byFile.body.key, byManaged.body.key);
    const audited = (res: { headers: Record<string, string> }) =>
      h.audit.records().find((r) => r.requestId === res.headers['x-request-id']);
    expect(audited(byFile)).toMatchObject({ principal: 'file:admin', principalName: 'admin' });
    expect(audited(byManaged)).toMatchObject({
      principal: `managed:${lookalike.id}`,
      principalName: 'admin',
    });
  });

  it('keeps the count of a rotated key for its successor, not for a new key of the same name', async () => {
    const first = await mint({ name: 'mobile', scopes: ['base:get_dealer_info'] });
    await dealer(first.key).expect(200);
    await dealer(first.key).expect(200);
    const rotation = await h
      .client(admin.key)
      .post(`/admin/keys/${first.id}/rotations`, {})
      .expect(201);
    issued.push(rotation.body.key);
    expect(rotation.body).toMatchObject({ rotatedFrom: first.id, lineage: first.id });
    const successor = await dealer(String(rotation.body.key)).expect(429);
    expect(principalOf(successor)).toBe(`managed:${first.id}`);

    const namesake = await mint({ name: 'mobile', scopes: ['base:get_dealer_info'] });
    const own = await dealer(namesake.key).expect(200);
    expect(own.headers.ratelimit).toBe('"default";r=1;t=3600');
  });
});
