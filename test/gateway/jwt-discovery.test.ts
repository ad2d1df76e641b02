import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { metadataUrls } from '../../src/auth/jwt-discovery.js';
import { IssuerMisconfigured } from '../../src/auth/jwt-issuer-error.js';
import { chooseAlgorithms, createTokenIssuer } from '../../src/auth/jwt-issuer.js';
import type { JwtConfig } from '../../src/auth/jwt-settings.js';
import { startGatewayProcess } from '../helpers/gateway-process.js';
import { startHarness } from '../helpers/harness.js';
import { uniquePrefix } from '../helpers/redis.js';
import { startMetadataIssuer, type MetadataIssuer } from '../helpers/metadata-issuer.js';

/**
 * `JWT_ISSUER` alone: the gateway reads the issuer's metadata (OpenID Connect Discovery, RFC
 * 8414) for its key set and algorithms, and checks both at start-up. A wrong issuer, document or
 * key set is a configuration error; an issuer out of reach is a warning, with readiness failing
 * and tokens answered 503 until its key set loads.
 */
const AUDIENCE = 'navixy-gateway';
let sim: Simulator;
const issuers: MetadataIssuer[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function issuerAt(path = ''): Promise<MetadataIssuer> {
  const issuer = await startMetadataIssuer(path);
  issuers.push(issuer);
  return issuer;
}

const config = (issuer: string, overrides: Partial<JwtConfig> = {}): JwtConfig => ({
  jwksUrl: undefined,
  issuer,
  audience: AUDIENCE,
  algorithms: undefined,
  clockSkewSeconds: 30,
  maxTokenAgeSeconds: undefined,
  scopesClaim: 'scope',
  userIdClaim: 'navixy_user_id',
  accountsClaim: 'panel_accounts',
  jwksCooldownSeconds: 1,
  tokenTypes: ['at+jwt'],
  ...overrides,
});

const startUp = (jwt: JwtConfig) => createTokenIssuer(jwt, { now: Date.now }).check();

describe('where the metadata is', () => {
  it('appends openid-configuration to the issuer and inserts oauth-authorization-server before its path', () => {
    expect(metadataUrls('https://id.example.com')).toEqual([
      'https://id.example.com/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server',
    ]);
    expect(metadataUrls('https://id.example.com/realms/fleet/')).toEqual([
      'https://id.example.com/realms/fleet/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server/realms/fleet',
    ]);
  });

  it('reads the RFC 8414 document of an issuer with a path when there is no OpenID one', async () => {
    const issuer = await issuerAt('/tenants/a');
    const document = issuer.answers.get('/tenants/a/.well-known/openid-configuration')!;
    issuer.answers.delete('/tenants/a/.well-known/openid-configuration');
    issuer.answers.set('/.well-known/oauth-authorization-server/tenants/a', document);
    const tokenIssuer = createTokenIssuer(config(issuer.issuer), { now: Date.now });
    expect(await tokenIssuer.check()).toBeUndefined();
    expect(issuer.requested).toEqual([
      '/tenants/a/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/tenants/a',
      '/keys',
    ]);
    expect(await tokenIssuer.algorithms()).toEqual(['ES256']);
  });
});

describe('the algorithms', () => {
  it('takes the advertised ones the gateway verifies, never HS* or none', () => {
    expect(chooseAlgorithms(undefined, ['RS256', 'HS256', 'none', 'PS256'])).toEqual([
      'RS256',
      'PS256',
    ]);
  });

  it('narrows JWT_ALGORITHMS to the advertised ones, and keeps them when none are advertised', () => {
    expect(chooseAlgorithms(['RS256', 'ES256'], ['ES256', 'ES384'])).toEqual(['ES256']);
    expect(chooseAlgorithms(['PS256'], undefined)).toEqual(['PS256']);
    expect(chooseAlgorithms(undefined, undefined)).toEqual(['RS256', 'ES256']);
  });

  it('refuses to start when none is left', async () => {
    expect(() => chooseAlgorithms(['RS256'], ['ES256'])).toThrow(
      /JWT_ALGORITHMS: the issuer advertises ES256, none of RS256/,
    );
    const issuer = await issuerAt();
    await expect(startUp(config(issuer.issuer, { algorithms: ['RS256'] }))).rejects.toThrow(
      IssuerMisconfigured,
    );
  });
});

describe('a wrong issuer or document stops the start', () => {
  const cases: [string, (issuer: MetadataIssuer) => void, RegExp][] = [
    [
      'a document naming another issuer',
      (issuer) => patchDocument(issuer, { issuer: 'https://evil.example' }),
      /names the issuer "https:\/\/evil\.example", not "http:\/\/127\.0\.0\.1:\d+"/,
    ],
    [
      'a jwks_uri over plain http to another host',
      (issuer) => patchDocument(issuer, { jwks_uri: 'http://id.example.com/keys' }),
      /jwks_uri "http:\/\/id\.example\.com\/keys" is not an https URL/,
    ],
    [
      'a document without jwks_uri',
      (issuer) => patchDocument(issuer, { jwks_uri: undefined }),
      /is malformed \(jwks_uri\)/,
    ],
    [
      'no document at all (a wrong JWT_ISSUER)',
      (issuer) => issuer.answers.delete('/.well-known/openid-configuration'),
      /no issuer metadata found at .*openid-configuration \(404\) nor .*oauth-authorization-server \(404\)/,
    ],
    [
      'a key set that is none',
      (issuer) => issuer.answers.set('/keys', { status: 200, body: { keys: [] } }),
      /the key set at .*\/keys is not a JWKS with at least one key/,
    ],
    [
      'a key set URL that is not there',
      (issuer) => issuer.answers.delete('/keys'),
      /the key set at .*\/keys answered 404/,
    ],
  ];
  for (const [name, breakIt, message] of cases) {
    it(`refuses ${name}`, async () => {
      const issuer = await issuerAt();
      breakIt(issuer);
      const failure = startUp(config(issuer.issuer));
      await expect(failure).rejects.toThrow(IssuerMisconfigured);
      await expect(failure).rejects.toThrow(message);
    });
  }

  it('takes the issuer exactly: a trailing slash JWT_ISSUER lacks is another issuer', async () => {
    const issuer = await issuerAt();
    await expect(startUp(config(`${issuer.issuer}/`))).rejects.toThrow(/names the issuer/);
  });
});

describe('JWT_JWKS_URL overrides discovery', () => {
  it('fetches the key set it names and no metadata, with JWT_ALGORITHMS or RS256,ES256', async () => {
    const issuer = await issuerAt();
    issuer.answers.delete('/.well-known/openid-configuration');
    const tokenIssuer = createTokenIssuer(
      config('urn:example:any-issuer', { jwksUrl: `${issuer.origin}/keys` }),
      { now: Date.now },
    );
    expect(await tokenIssuer.check()).toBeUndefined();
    expect(issuer.requested).toEqual(['/keys']);
    expect(await tokenIssuer.algorithms()).toEqual(['RS256', 'ES256']);
  });
});

describe('an issuer out of reach at start-up', () => {
  it('starts with a warning; readiness fails and tokens get 503 until its key set loads', async () => {
    const issuer = await issuerAt();
    issuer.down = true;
    let clock = Date.now();
    // Tokens the log scan at close must not find.
    const secrets: string[] = [];
    const h = await startHarness({
      name: 'jwt-discovery',
      secrets,
      simulator: sim,
      store: 'memory',
      now: () => clock,
      settings: { JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: AUDIENCE },
    });
    try {
      const unreachable = await h.gateway.tokenIssuer!.check();
      expect(unreachable).toBeInstanceOf(Error);
      expect(unreachable).not.toBeInstanceOf(IssuerMisconfigured);

      const notReady = await h.http.get('/readyz').expect(503);
      expect(notReady.body).toMatchObject({
        code: 'NOT_READY',
        checks: { panelSession: 'ok', jwtKeys: 'unavailable' },
      });
      expect(notReady.body.detail).toMatch(/JWT issuer/);
      const token = await issuer.sign(
        { sub: 'reporting-job', scope: 'users:read' },
        AUDIENCE,
        clock,
      );
      secrets.push(token);
      const refused = await h.http.get('/v1/users?limit=1').set('Authorization', `Bearer ${token}`);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
      expect(refused.headers['retry-after']).toBeDefined();
      // API keys are unaffected.
      await h.http.get('/v1/users?limit=1').set('X-API-Key', h.key).expect(200);

      // Within the floor nothing asks the issuer again, however many probes and tokens come.
      const asked = issuer.requested.length;
      await h.http.get('/readyz').expect(503);
      expect(issuer.requested.length).toBe(asked);

      issuer.down = false;
      clock += 1_000;
      const ready = await h.http.get('/readyz').expect(200);
      expect(ready.body.checks).toMatchObject({ jwtKeys: 'ok' });
      await h.http.get('/v1/users?limit=1').set('Authorization', `Bearer ${token}`).expect(200);

      // Keys in hand stay through a later outage: the instance stays ready.
      issuer.down = true;
      clock += 1_000;
      await h.http.get('/readyz').expect(200);
    } finally {
      await h.close();
    }
  });
});

describe('src/main.ts', () => {
  it('exits 1 before listening, naming JWT_ISSUER, when the metadata names another issuer', async () => {
    const issuer = await issuerAt();
    patchDocument(issuer, { issuer: 'https://evil.example' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: '20410',
        PANEL_PASSWORD: 'startup-password',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        JWT_ISSUER: issuer.issuer,
        JWT_AUDIENCE: AUDIENCE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, output).toBe(1);
    expect(output).toMatch(
      /Invalid configuration:\n {2}- JWT_ISSUER: the metadata at .* names the issuer "https:\/\/evil\.example"/,
    );
    expect(output).not.toMatch(/gateway listening|\n\s+at /);
  });

  it('listens with a warning when the issuer is down, and is not ready', async () => {
    const issuer = await issuerAt();
    issuer.down = true;
    const gateway = await startGatewayProcess({
      sim,
      prefix: uniquePrefix('jwt-discovery-process'),
      env: { JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: AUDIENCE },
    });
    try {
      const warning = gateway.lines.find((line) => line.includes('JWT issuer cannot be reached'));
      expect(warning).toBeDefined();
      expect(JSON.parse(warning!)).toMatchObject({ level: 'warn' });
      const res = await fetch(`${gateway.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ checks: { jwtKeys: 'unavailable' } });
    } finally {
      await gateway.stop();
    }
  });
});

function patchDocument(issuer: MetadataIssuer, patch: Record<string, unknown>): void {
  const path = '/.well-known/openid-configuration';
  const { body } = issuer.answers.get(path)!;
  issuer.answers.set(path, { status: 200, body: { ...(body as object), ...patch } });
}
