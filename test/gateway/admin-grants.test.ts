import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { jwtSettings, startIssuer, type TestIssuer } from '../helpers/jwt-issuer.js';
import { expectDocumented } from '../helpers/openapi.js';

/**
 * `/admin` gives no more than the caller holds: a user-bound token is refused like on every
 * route outside its user, and a minted or rotated key gets no scope, account or rate beyond
 * its minter's.
 */
const root = makeKey('root', [...ALL_SCOPES, 'gateway:admin']);
root.entry.accounts = ['*'];
root.entry.rateLimit = 'off';
/** An administrator of users only, on the default account, at the default rate (100/60s). */
const narrow = makeKey('narrow', ['gateway:admin', 'users:read', 'users:update']);
let issuer: TestIssuer;
let h: Harness;
const issued: string[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  h = await startHarness({
    name: 'admin-grants',
    keys: [root, narrow],
    settings: { ...jwtSettings(issuer), CLIENT_RATE_LIMIT: '100/60s' },
    secrets: issued,
  });
});
afterAll(async () => {
  issued.push(...issuer.tokens);
  await h.close();
  await issuer.close();
});

const mintAs = async (key: string, body: object) => {
  const res = await h.client(key).post('/admin/keys', body);
  if (res.status === 201) issued.push(res.body.key);
  return res;
};

/** Every key the store holds, by name. */
async function storedNames(): Promise<string[]> {
  const res = await h.client(root.key).get('/admin/keys?limit=100').expect(200);
  return (res.body.items as { name: string }[]).map((item) => item.name);
}

describe('a user-bound token on /admin', () => {
  it('is refused with 403 USER_BINDING, though it holds gateway:admin, and mints nothing', async () => {
    const token = await issuer.sign({
      sub: 'app-user',
      scope: [...ALL_SCOPES, 'gateway:admin'].join(' '),
      navixy_user_id: 371321,
    });
    const auth = (req: Test) => req.set('Authorization', `Bearer ${token}`);
    const list = await auth(h.http.get('/admin/keys'));
    expect(list.status).toBe(403);
    expect(list.body).toMatchObject({ code: 'USER_BINDING', status: 403 });
    expectDocumented(list, 'get', '/admin/keys');
    const mint = await auth(h.http.post('/admin/keys')).send({
      name: 'from-a-phone',
      scopes: ['users:read'],
      accounts: ['*'],
    });
    expect(mint.status).toBe(403);
    expect(mint.body).toMatchObject({ code: 'USER_BINDING' });
    expect(await storedNames()).not.toContain('from-a-phone');
    const rotate = await auth(h.http.post('/admin/keys/0123456789abcdef/rotations')).send({});
    expect(rotate.body).toMatchObject({ code: 'USER_BINDING' });
    const revoke = await auth(h.http.delete('/admin/keys/0123456789abcdef'));
    expect(revoke.body).toMatchObject({ code: 'USER_BINDING' });
  });

  it('lets a token without the user claim administer within what it holds', async () => {
    const token = await issuer.sign({ sub: 'ops-tool', scope: 'gateway:admin users:read' });
    const res = await h.http
      .post('/admin/keys')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'by-token', scopes: ['users:read'] });
    expect(res.status).toBe(201);
    issued.push(res.body.key);
    const wider = await h.http
      .post('/admin/keys')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'by-token-wider', scopes: ['users:*'] });
    expect(wider.status).toBe(403);
    expect(wider.body.detail).toMatch(/token/);
  });
});

describe('what a key may grant', () => {
  it('grants scopes it holds, itself or by category:*, and gateway:admin when it holds it', async () => {
    await expect(mintAs(narrow.key, { name: 'n1', scopes: ['users:read'] })).resolves.toMatchObject(
      { status: 201 },
    );
    const admin = await mintAs(narrow.key, { name: 'n2', scopes: ['gateway:admin', 'users:read'] });
    expect(admin.status).toBe(201);
    const wildcard = await mintAs(root.key, { name: 'r1', scopes: ['users:read', 'users:*'] });
    expect(wildcard.status).toBe(201);
    // The admin key it minted can in turn grant only what it was given.
    const further = await mintAs(admin.body.key, { name: 'n3', scopes: ['users:update'] });
    expect(further.status).toBe(403);
    expect(further.body).toMatchObject({ notGrantable: { scopes: ['users:update'] } });
  });

  it('refuses scopes it lacks with 403 naming them, and stores nothing', async () => {
    const res = await mintAs(narrow.key, {
      name: 'too-wide',
      scopes: ['users:read', 'users:*', 'trackers:read'],
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      type: 'urn:problem-type:navixy-gateway:grant-exceeds-caller',
      code: 'GRANT_EXCEEDS_CALLER',
      status: 403,
      notGrantable: { scopes: ['users:*', 'trackers:read'] },
    });
    expect(res.body.detail).toContain('users:*, trackers:read');
    expect(res.body.detail).toMatch(/API key/);
    expectDocumented(res, 'post', '/admin/keys');
    expect(await storedNames()).not.toContain('too-wide');
  });

  it('grants accounts it may use, * only when it holds *', async () => {
    const scopes = ['users:read'];
    expect((await mintAs(narrow.key, { name: 'd', scopes, accounts: ['default'] })).status).toBe(
      201,
    );
    const star = await mintAs(narrow.key, { name: 'all', scopes, accounts: ['*'] });
    expect(star.status).toBe(403);
    expect(star.body).toMatchObject({ notGrantable: { accounts: ['*'] } });
    const other = await mintAs(narrow.key, { name: 'w', scopes, accounts: ['default', 'west'] });
    expect(other.body).toMatchObject({ notGrantable: { accounts: ['west'] } });
    expect((await mintAs(root.key, { name: 'all', scopes, accounts: ['*'] })).status).toBe(201);
  });

  it('grants no rate limit looser than its own effective one', async () => {
    const scopes = ['users:read'];
    for (const rateLimit of ['50/60s', '100/1m', '1/1s']) {
      const res = await mintAs(narrow.key, { name: `ok-${rateLimit}`, scopes, rateLimit });
      expect(res.status, rateLimit).toBe(201);
    }
    for (const rateLimit of ['off', '101/60s', '100/1s', '6000/1h']) {
      const res = await mintAs(narrow.key, { name: 'loose', scopes, rateLimit });
      expect(res.status, rateLimit).toBe(403);
      expect(res.body, rateLimit).toMatchObject({
        code: 'GRANT_EXCEEDS_CALLER',
        notGrantable: { rateLimit },
      });
      expect(res.body.detail).toContain('100 requests per 60 s');
    }
    // Without a limit of its own a key gets the default, which is the minter's own here.
    expect((await mintAs(narrow.key, { name: 'plain', scopes })).status).toBe(201);
  });

  it('rotates only keys whose grants it could give, leaving the others untouched', async () => {
    const wide = await mintAs(root.key, { name: 'wide', scopes: ['users:*', 'trackers:read'] });
    const res = await h
      .client(narrow.key)
      .post(`/admin/keys/${wide.body.id}/rotations`, {})
      .expect(403);
    expect(res.body).toMatchObject({
      code: 'GRANT_EXCEEDS_CALLER',
      notGrantable: { scopes: ['users:*', 'trackers:read'] },
    });
    expectDocumented(res, 'post', '/admin/keys/{id}/rotations');
    const after = await h.client(root.key).get(`/admin/keys/${wide.body.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'active', graceUntil: null });

    const mine = await mintAs(narrow.key, { name: 'mine', scopes: ['users:read'] });
    const rotated = await h
      .client(narrow.key)
      .post(`/admin/keys/${mine.body.id}/rotations`, {})
      .expect(201);
    issued.push(rotated.body.key);
  });
});
