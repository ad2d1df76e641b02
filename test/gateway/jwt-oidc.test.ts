import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';
import { OIDC_AUDIENCE, startOidcProvider, type OidcProvider } from '../helpers/oidc-provider.js';

/**
 * The gateway as an RFC 9068 resource server of a real OpenID provider (node-oidc-provider, in
 * process), configured with the issuer alone (its key set and algorithms discovered): its access
 * tokens pass, for an internal app (client credentials) and for a mobile user (authorization
 * code with PKCE, bound to a Navixy user by a claim); its ID tokens do not, and its key
 * rotations never turn good tokens into 401s. The gateway's clock for tokens and key set
 * fetches is the test's, moved by hand: no real waits.
 */
const USER = 371321;
const OTHER_USER = 371322;
let provider: OidcProvider;
let h: Harness;
let clock = Date.now();
const secrets: string[] = [];

beforeAll(async () => {
  provider = await startOidcProvider(['users:read', 'trackers:read', 'base:get_dealer_info'], {
    navixyUsers: { alice: USER },
  });
  h = await startHarness({
    name: 'jwt-oidc',
    secrets,
    now: () => clock,
    // The default floor between key set fetches (1 s) is what the rotation tests move past.
    settings: {
      JWT_ISSUER: provider.issuer,
      JWT_AUDIENCE: OIDC_AUDIENCE,
      // The provider stamps tokens with the real time, which runs ahead of the test's clock
      // however slowly a loaded machine runs this file.
      JWT_CLOCK_SKEW_SECONDS: '300',
    },
  });
  // What main.ts does before listening.
  expect(await h.gateway.tokenIssuer?.check()).toBeUndefined();
});
afterAll(async () => {
  secrets.push(...provider.tokens);
  await h.close();
  await provider.close();
});
beforeEach(() => {
  provider.jwksDown = false;
  h.sim.control.resetCounters();
});

const users = (token: string) =>
  h.http.get('/v1/users?limit=1').set('Authorization', `Bearer ${token}`);

describe('tokens of a real OpenID provider', () => {
  it('found its key set from JWT_ISSUER alone, at start-up, and is ready', async () => {
    expect(provider.metadataFetches).toBe(1); // read once; the check below is the test's own
    expect(provider.jwksFetches).toBeGreaterThanOrEqual(1);
    // Unset JWT_ALGORITHMS: what the provider advertises that the gateway verifies.
    const metadata = (await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json()) as { id_token_signing_alg_values_supported: string[] };
    const algorithms = await h.gateway.tokenIssuer!.algorithms();
    expect(algorithms).toContain('RS256');
    expect(metadata.id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining(algorithms),
    );
    const res = await h.http.get('/readyz').expect(200);
    expect(res.body.checks).toMatchObject({ jwtKeys: 'ok' });
  });

  it("accepts an internal app's access token (client credentials, typ at+jwt), naming it by provider and subject", async () => {
    const res = await users(await provider.accessToken('users:read')).expect(200);
    const line = h.logs.requests().find((r) => r.requestId === res.headers['x-request-id']);
    expect(line).toMatchObject({ principal: `jwt:${provider.issuer}#reporting-job`, status: 200 });
  });

  it("binds a mobile user's access token (authorization code + PKCE) to its Navixy user: its own data only", async () => {
    const token = await provider.userAccessToken('alice', 'users:read');
    const withToken = (path: string) => h.http.get(path).set('Authorization', `Bearer ${token}`);
    const me = await withToken('/v1/me').expect(200);
    expect(me.body).toMatchObject({ id: USER });
    expectDocumented(me, 'get', '/v1/me');
    await withToken(`/v1/users/${USER}`).expect(200);
    const calls = h.sim.control.calls();
    for (const path of [`/v1/users/${OTHER_USER}`, '/v1/users?limit=1']) {
      const res = await withToken(path).expect(403);
      expect(res.body).toMatchObject({ code: 'USER_BINDING' });
      expect(res.body.detail).toContain(`bound to Navixy user ${USER}`);
    }
    expect(h.sim.control.calls()).toBe(calls);
  });

  it('takes a mobile token of a login bound to no user as unbound: /v1/me refused', async () => {
    const token = await provider.userAccessToken('bob', 'users:read');
    const res = await h.http.get('/v1/me').set('Authorization', `Bearer ${token}`).expect(403);
    expect(res.body).toMatchObject({ code: 'USER_BINDING' });
    await users(token).expect(200);
  });

  it("refuses its ID token, though the ID token's aud is the gateway's, with 401 naming the type check", async () => {
    const idToken = await provider.idToken('alice');
    const res = await users(idToken);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(res.body.detail).toMatch(/not an access token: its "typ" header is not at\+jwt/);
    expectDocumented(res, 'get', '/v1/users');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('tells a token caller that the token, not an API key, lacks a scope', async () => {
    const res = await h.http
      .get('/v1/trackers')
      .set('Authorization', `Bearer ${await provider.accessToken('users:read')}`)
      .expect(403);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['trackers:read'],
    });
    expect(res.body.detail).toContain('the token lacks trackers:read');
  });
});

describe('key rotation at the provider', () => {
  it('takes a token of a new key at once when the floor allows, with one fetch for all waiting requests', async () => {
    await users(await provider.accessToken('users:read')).expect(200);
    await provider.rotateKeys();
    const token = await provider.accessToken('users:read');
    clock += 1_000;
    const before = provider.jwksFetches;
    const answers = await Promise.all(Array.from({ length: 5 }, () => users(token)));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    expect(provider.jwksFetches).toBe(before + 1);
    // The previous key is still published: its tokens keep working.
    await users(await provider.accessToken('users:read')).expect(200);
  });

  it('answers 503 with Retry-After, never 401, for a new key within the floor, then accepts it', async () => {
    clock += 1_000;
    await provider.rotateKeys();
    await users(await provider.accessToken('users:read')).expect(200); // fetched now
    await provider.rotateKeys();
    const token = await provider.accessToken('users:read');
    const before = provider.jwksFetches;
    const early = await users(token);
    expect(early.status).toBe(503);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.body).toMatchObject({ code: 'AUTH_UNAVAILABLE', status: 503 });
    expectDocumented(early, 'get', '/v1/users');
    expect(provider.jwksFetches).toBe(before);
    clock += 1_000;
    await users(token).expect(200);
    expect(provider.jwksFetches).toBe(before + 1);
  });

  it('answers 503, never 401, while the key set cannot be fetched, then accepts the token', async () => {
    clock += 1_000;
    await provider.rotateKeys();
    const token = await provider.accessToken('users:read');
    provider.jwksDown = true;
    const down = await users(token);
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
    expect(h.sim.control.calls()).toBe(0);
    provider.jwksDown = false;
    clock += 1_000;
    await users(token).expect(200);
  });

  it('refuses with 401 a key the provider does not publish, once a fresh key set lacks it', async () => {
    clock += 1_000;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ scope: 'users:read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-published', typ: 'at+jwt' })
      .setIssuer(provider.issuer)
      .setAudience(OIDC_AUDIENCE)
      .setSubject('intruder')
      .setIssuedAt(Math.floor(clock / 1000))
      .setExpirationTime(Math.floor(clock / 1000) + 60)
      .sign(privateKey);
    secrets.push(forged);
    const res = await users(forged);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/no key of the issuer matches its "kid"/);
  });
});
