import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

const usersOnly = makeKey('users-only', ['users:read']);
const wildcard = makeKey('users-all', ['users:*']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'auth', keys: [usersOnly, wildcard] });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

describe('client authentication', () => {
  it('accepts a key as a Bearer token and in X-API-Key', async () => {
    await h.http.get('/v1/dealer').set('Authorization', `Bearer ${h.key}`).expect(200);
    await h.http.get('/v1/dealer').set('X-API-Key', h.key).expect(200);
  });

  it('answers 401 with a Bearer challenge when no key is sent, and calls nothing upstream', async () => {
    const res = await h.http.get('/v1/users');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="navixy-panel-gateway"');
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expectDocumented(res, 'get', '/v1/users');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('answers 401 invalid_token for an unknown key', async () => {
    const res = await h.http.get('/v1/users').set('Authorization', 'Bearer npg_not-a-real-key');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(JSON.stringify(res.body)).not.toContain('npg_not-a-real-key');
  });

  it('names the credential sent: a JWT where none are taken is not called an API key', async () => {
    const jwtShaped = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    const res = await h.http.get('/v1/users').set('Authorization', `Bearer ${jwtShaped}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(res.body.detail).toBe(
      'The bearer token is a JWT, and this gateway takes no JWTs (JWT_ISSUER is not set); send an API key.',
    );
    const key = await h.http.get('/v1/users').set('X-API-Key', 'npg_unknown');
    expect(key.body.detail).toBe('The API key is not valid');
    const scope = await h.http.get('/v1/trackers').set('X-API-Key', usersOnly.key).expect(403);
    expect(scope.body.detail).toContain('the API key lacks trackers:read');
  });

  it('answers 401 invalid_request for an Authorization header that is not Bearer', async () => {
    const res = await h.http.get('/v1/users').set('Authorization', `Basic ${h.key}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('answers 403 naming the missing scope before any upstream call', async () => {
    const res = await h.http.get('/v1/trackers').set('X-API-Key', usersOnly.key);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['trackers:read'],
      missingScopes: ['trackers:read'],
    });
    expectDocumented(res, 'get', '/v1/trackers');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('lets a key with the scope through, and category:* grant every operation of its category', async () => {
    await h.http.get('/v1/users?limit=1').set('X-API-Key', usersOnly.key).expect(200);
    await h.http.get('/v1/users?limit=1').set('X-API-Key', wildcard.key).expect(200);
    await h.http.get('/v1/dealer').set('X-API-Key', wildcard.key).expect(403);
  });

  it('checks the key before validating input', async () => {
    await h.http.get('/v1/users?limit=abc').expect(401);
    await h.http.get('/v1/trackers?limit=abc').set('X-API-Key', usersOnly.key).expect(403);
  });
});
