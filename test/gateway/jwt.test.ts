import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import {
  AUDIENCE,
  ISSUER,
  jwtSettings,
  newSigningKey,
  startIssuer,
  type SignOptions,
  type TestIssuer,
} from '../helpers/jwt-issuer.js';
import { expectDocumented } from '../helpers/openapi.js';

const USER = 371321;
const OTHER_USER = 371322;
const MOBILE_SCOPES = 'users:read user_sessions:create';

let issuer: TestIssuer;
let h: Harness;
/** Secrets the harness's log scan must not find: every token, and user-API session hashes. */
const secrets: string[] = [];
const usersReader = makeKey('users-reader', ['users:read']);

beforeAll(async () => {
  issuer = await startIssuer();
  h = await startHarness({
    name: 'jwt',
    keys: [usersReader],
    secrets,
    settings: jwtSettings(issuer),
  });
});
afterAll(async () => {
  secrets.push(...issuer.tokens);
  await h.close();
  await issuer.close();
});
beforeEach(() => {
  issuer.failure = undefined;
  h.sim.control.resetCounters();
});

/** A mobile app user's token: bound to USER, with the scopes /v1/me needs. */
const userToken = (claims: Record<string, unknown> = {}, options?: SignOptions) =>
  issuer.sign(
    { sub: 'app-user-1', scope: MOBILE_SCOPES, navixy_user_id: USER, ...claims },
    options,
  );

const withToken = (token: string) => ({
  get: (path: string) => h.http.get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string) => h.http.post(path).set('Authorization', `Bearer ${token}`),
});

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a valid JWT bound to a Navixy user', () => {
  it('answers GET /v1/me with its user, as GET /v1/users/{id} does', async () => {
    const res = await withToken(await userToken())
      .get('/v1/me')
      .expect(200);
    expect(h.sim.control.callLog().filter((c) => c.action === 'user/read')).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ user_id: USER }) }),
    ]);
    const byId = await h.client(h.key).get(`/v1/users/${USER}`).expect(200);
    expect(res.body).toEqual(byId.body);
    expect(res.body).toMatchObject({ id: USER });
    expectDocumented(res, 'get', '/v1/me');
  });

  it('starts a user-API session for its user with POST /v1/me/sessions', async () => {
    const res = await withToken(await userToken())
      .post('/v1/me/sessions')
      .expect(201);
    secrets.push(res.body.hash);
    expect(res.body).toEqual({ userId: USER, hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(h.sim.control.callLog().at(-1)).toMatchObject({
      action: 'user/session/create',
      params: expect.objectContaining({ user_id: USER }),
    });
    expectDocumented(res, 'post', '/v1/me/sessions');
  });

  it('names the principal after the token subject in the request log', async () => {
    await withToken(await userToken({ sub: 'log-me' }))
      .get('/v1/me')
      .set('X-Request-Id', 'jwt-log-check')
      .expect(200);
    expect(h.logs.requests().find((r) => r.requestId === 'jwt-log-check')).toMatchObject({
      principal: `jwt:${ISSUER}#log-me`,
      status: 200,
    });
  });

  it('accepts the user id as a decimal string and the scopes as an array', async () => {
    const token = await userToken({
      navixy_user_id: String(USER),
      scope: MOBILE_SCOPES.split(' '),
    });
    await withToken(token).post('/v1/me/sessions').expect(201);
  });

  it('accepts a token expired for less than the clock skew (30 s)', async () => {
    await withToken(await userToken({}, { expiresIn: -10 }))
      .get('/v1/me')
      .expect(200);
  });

  it('may read its own /v1/users/{id}', async () => {
    const res = await withToken(await userToken())
      .get(`/v1/users/${USER}`)
      .expect(200);
    expect(res.body).toMatchObject({ id: USER });
  });
});

describe('the user binding', () => {
  it("refuses another user's id with 403 and calls nothing upstream", async () => {
    const res = await withToken(await userToken()).get(`/v1/users/${OTHER_USER}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'USER_BINDING', status: 403 });
    expect(res.body.detail).toContain(String(USER));
    expectDocumented(res, 'get', '/v1/users/{id}');
    await withToken(await userToken())
      .post(`/v1/users/${OTHER_USER}/sessions`)
      .expect(403);
    expect(h.sim.control.calls()).toBe(0);
  });

  it('refuses routes about no single user (lists, trackers, the dealer), even with the scopes', async () => {
    const token = await userToken({ scope: 'users:* trackers:* base:get_dealer_info' });
    for (const path of ['/v1/users', '/v1/trackers', '/v1/dealer']) {
      const res = await withToken(token).get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.code, path).toBe('USER_BINDING');
    }
    expect(h.sim.control.calls()).toBe(0);
  });

  it('refuses to act as a sub-dealer', async () => {
    const token = await userToken({ scope: `${MOBILE_SCOPES} subpaas:create` });
    const res = await withToken(token).get('/v1/me').set('X-Subdealer-Id', '20411');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('USER_BINDING');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('refuses /v1/me to an API key and to a JWT without the user claim', async () => {
    const key = await h.client(h.key).get('/v1/me');
    expect(key.status).toBe(403);
    expect(key.body).toMatchObject({ code: 'USER_BINDING' });
    expect(key.body.detail).toMatch(/the API key sent is not bound/);
    const unbound = await userToken({ navixy_user_id: undefined });
    const token = await withToken(unbound).post('/v1/me/sessions').expect(403);
    expect(token.body.detail).toMatch(/the token sent is not bound/);
    expect(h.sim.control.calls()).toBe(0);
  });

  it('lets a JWT without the user claim call other routes within its scopes, like an API key', async () => {
    const token = await userToken({ navixy_user_id: undefined, scope: 'users:read' });
    await withToken(token).get('/v1/users?limit=1').expect(200);
    await withToken(token).get(`/v1/users/${OTHER_USER}`).expect(200);
    await withToken(token).get('/v1/trackers').expect(403);
  });

  it('enforces the scopes of the claim: a missing one is 403 before any upstream call', async () => {
    const res = await withToken(await userToken({ scope: 'users:read' })).post('/v1/me/sessions');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['user_sessions:create'],
    });
    expect(res.body.detail).toContain('the token lacks user_sessions:create');
    await withToken(await userToken({ scope: undefined }))
      .get('/v1/me')
      .expect(403);
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe('tokens that are not valid', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a wrong issuer', () => userToken({}, { issuer: 'https://evil.example/' }), /"iss" claim/],
    ['a wrong audience', () => userToken({}, { audience: 'another-api' }), /"aud" claim/],
    ['an expiry beyond the clock skew', () => userToken({}, { expiresIn: -60 }), /expired/],
    ['no expiry', () => userToken({}, { expiresIn: null }), /"exp" claim/],
    [
      'algorithm none',
      () => {
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          sub: 'x',
          iss: ISSUER,
          aud: AUDIENCE,
          exp: now + 300,
          navixy_user_id: USER,
        };
        const header = { alg: 'none', typ: 'JWT', kid: issuer.current.kid };
        return Promise.resolve(`${base64url(header)}.${base64url(claims)}.`);
      },
      /algorithm/,
    ],
    [
      'algorithm HS256 (a shared secret)',
      () =>
        new SignJWT({ sub: 'x', navixy_user_id: USER })
          .setProtectedHeader({ alg: 'HS256', kid: issuer.current.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')),
      /algorithm/,
    ],
    [
      'a signature by another key under the same kid',
      async () => userToken({}, { key: await newSigningKey(issuer.current.kid) }),
      /signature/,
    ],
    ['a kid the issuer does not have', () => userToken({}, { kid: 'no-such-kid' }), /"kid"/],
    [
      'a user id claim that is no id',
      () => userToken({ navixy_user_id: 'alice' }),
      /navixy_user_id/,
    ],
    ['a negative user id', () => userToken({ navixy_user_id: -5 }), /navixy_user_id/],
    ['no subject', () => userToken({ sub: undefined }), /"sub" claim/],
    ['a malformed scope claim', () => userToken({ scope: { all: true } }), /"scope" claim/],
    [
      'a token that is not an access token (typ JWT, as ID tokens have)',
      () => userToken({}, { typ: 'JWT' }),
      /not an access token: its "typ" header is not at\+jwt/,
    ],
    [
      'an "iat" in the future beyond the clock skew',
      () => userToken({}, { issuedIn: 120 }),
      /its "iat" \(issued at\) is in the future/,
    ],
    [
      'a "nbf" in the future',
      () => userToken({ nbf: Math.floor(Date.now() / 1000) + 120 }),
      /not valid yet/,
    ],
  ];

  it.each(cases)(
    'refuses %s with 401 invalid_token, calling nothing upstream',
    async (_, make, reason) => {
      const token = await make();
      secrets.push(token);
      const res = await withToken(token).get('/v1/me');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      expect(res.body.detail).toMatch(/^The token is not valid: /);
      expect(res.body.detail).toMatch(reason);
      expect(JSON.stringify(res.body)).not.toContain(token.split('.')[1]);
      expectDocumented(res, 'get', '/v1/me');
      expect(h.sim.control.calls()).toBe(0);
    },
  );
});

describe('the key set', () => {
  it('fetches it again for an unknown kid, so a rotated key is accepted without a restart', async () => {
    await withToken(await userToken())
      .get('/v1/me')
      .expect(200);
    const before = issuer.fetches;
    const rotated = await newSigningKey(`key-${before + 2}`);
    issuer.rotateTo(rotated);
    await withToken(await userToken())
      .get('/v1/me')
      .expect(200);
    expect(issuer.fetches).toBe(before + 1);
    // Tokens of the retired key no longer verify.
    const old = await userToken({}, { key: await newSigningKey('key-1') });
    await withToken(old).get('/v1/me').expect(401);
  });

  it.each(['reset', 'status'] as const)(
    'answers 503 AUTH_UNAVAILABLE, not 401, when the issuer is down (%s)',
    async (failure) => {
      const fresh = await newSigningKey(`down-${failure}`);
      const token = await userToken({}, { key: fresh });
      issuer.failure = failure;
      const before = issuer.fetches;
      const res = await withToken(token).get('/v1/me');
      expect(issuer.fetches).toBeGreaterThan(before);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: 'AUTH_UNAVAILABLE', status: 503 });
      expectDocumented(res, 'get', '/v1/me');
      expect(h.sim.control.calls()).toBe(0);

      issuer.failure = undefined;
      issuer.rotateTo(fresh);
      await withToken(token).get('/v1/me').expect(200);
    },
  );
});

describe('API keys beside JWTs', () => {
  it('still takes an API key as a Bearer token', async () => {
    await h.http.get('/v1/dealer').set('Authorization', `Bearer ${h.key}`).expect(200);
    await h.http.get('/v1/users?limit=1').set('X-API-Key', usersReader.key).expect(200);
  });

  it('sends nothing that looks like a JWT to the key set when the token is not one', async () => {
    const before = issuer.fetches;
    await h.http.get('/v1/me').set('Authorization', 'Bearer npg_not-a-key').expect(401);
    expect(issuer.fetches).toBe(before);
  });
});

describe('JWT settings', () => {
  const env = {
    PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
    PANEL_LOGIN: 'dealer',
    PANEL_PASSWORD: 'secret-password',
  };
  const jwtEnv = {
    JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
  };
  const problems = (extra: Record<string, string>) => {
    try {
      loadConfig({ ...env, ...extra }, () => '');
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('is off unless configured, with safe defaults once it is', () => {
    expect(loadConfig(env, () => '').jwt).toBeUndefined();
    expect(loadConfig({ ...env, ...jwtEnv }, () => '').jwt).toEqual({
      jwksUrl: jwtEnv.JWT_JWKS_URL,
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: undefined,
      clockSkewSeconds: 30,
      maxTokenAgeSeconds: undefined,
      scopesClaim: 'scope',
      userIdClaim: 'navixy_user_id',
      accountsClaim: 'panel_accounts',
      jwksCooldownSeconds: 1,
      tokenTypes: ['at+jwt'],
    });
  });

  it('needs the issuer and the audience together; the key set URL only beside them', () => {
    expect(problems({ JWT_ISSUER: ISSUER })).toContain('JWT_ISSUER, JWT_AUDIENCE: set both');
    expect(problems({ JWT_JWKS_URL: jwtEnv.JWT_JWKS_URL, JWT_AUDIENCE: AUDIENCE })).toContain(
      'set both',
    );
  });

  it('takes the issuer alone, to be discovered, when it is an https URL (http on loopback)', () => {
    const discovered = { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };
    expect(loadConfig({ ...env, ...discovered }, () => '').jwt).toMatchObject({
      jwksUrl: undefined,
      issuer: ISSUER,
    });
    expect(problems({ ...discovered, JWT_ISSUER: 'http://id.example.com' })).toMatch(
      /^JWT_ISSUER: must be an https URL .*or set JWT_JWKS_URL/,
    );
    expect(problems({ ...discovered, JWT_ISSUER: 'urn:example:issuer' })).toContain('JWT_ISSUER');
    expect(problems({ ...discovered, JWT_ISSUER: 'http://127.0.0.1:9/realm' })).toBe('');
    // With the key set named, the issuer is only compared with `iss`: any string.
    expect(problems({ ...jwtEnv, JWT_ISSUER: 'urn:example:issuer' })).toBe('');
  });

  it('refuses algorithms a public key set cannot safely verify', () => {
    expect(problems({ ...jwtEnv, JWT_ALGORITHMS: 'RS256,HS256' })).toContain('JWT_ALGORITHMS');
    expect(problems({ ...jwtEnv, JWT_ALGORITHMS: 'none' })).toContain('JWT_ALGORITHMS');
    expect(problems({ ...jwtEnv, JWT_ALGORITHMS: 'ES384, EdDSA' })).toBe('');
  });

  it('takes the token types to accept as a list, refusing what is no media type name', () => {
    expect(
      loadConfig({ ...env, ...jwtEnv, JWT_TOKEN_TYPES: 'at+jwt, JWT' }, () => '').jwt,
    ).toMatchObject({ tokenTypes: ['at+jwt', 'JWT'] });
    expect(problems({ ...jwtEnv, JWT_TOKEN_TYPES: 'at+jwt,a b' })).toContain('JWT_TOKEN_TYPES');
  });

  it('refuses a key set over plain http, except from a loopback host', () => {
    expect(problems({ ...jwtEnv, JWT_JWKS_URL: 'http://id.example.com/jwks' })).toContain(
      'JWT_JWKS_URL',
    );
    expect(problems({ ...jwtEnv, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' })).toBe('');
  });
});
