import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { ALL_SCOPES, makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { jwtSettings, startIssuer, type TestIssuer } from '../helpers/jwt-issuer.js';
import { expectDocumented } from '../helpers/openapi.js';
import { deletePrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { bundledEntry } from '../helpers/entry-bundle.js';

/**
 * A scope is a Navixy permission of the action catalog, its `category:*`, or `gateway:admin`.
 * A misspelled one (`user:reed`) would give a key that can do nothing, so it is refused where
 * an operator or administrator writes it, and ignored (logged once) where an issuer sends it.
 */
const admin = makeKey('admin', [...ALL_SCOPES, 'gateway:admin']);
let issuer: TestIssuer;
let h: Harness;
/** Keys issued here and every token: the harness's log scan must not find them. */
const secrets: string[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  h = await startHarness({
    name: 'unknown-scopes',
    keys: [admin],
    settings: jwtSettings(issuer),
    secrets,
  });
});
afterAll(async () => {
  secrets.push(...issuer.tokens);
  await h.close();
  await issuer.close();
});

describe('scopes an operator writes', () => {
  it('refuses API_KEYS_FILE entries with unknown scopes at start, every problem in one error', () => {
    const file = JSON.stringify([
      { name: 'a', sha256: 'a'.repeat(64), scopes: ['users:*', 'user:reed', 'gateway:admin'] },
      { name: 'b', sha256: 'b'.repeat(64), scopes: ['trackers:raed', 'base:get_dealer_info'] },
      { name: 'c', sha256: 'c'.repeat(64), scopes: ['gateway:*', 'nothing:read'] },
    ]);
    let problems: string[] = [];
    try {
      loadConfig(
        {
          PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
          PANEL_LOGIN: 'l',
          PANEL_PASSWORD: 'p',
          API_KEYS_FILE: '/keys.json',
        },
        () => file,
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      'API_KEYS_FILE /keys.json [0.scopes.1]: unknown scope "user:reed" (did you mean users:read?)',
      'API_KEYS_FILE /keys.json [1.scopes.0]: unknown scope "trackers:raed" (did you mean trackers:read?)',
      'API_KEYS_FILE /keys.json [2.scopes.0]: unknown scope "gateway:*"',
      'API_KEYS_FILE /keys.json [2.scopes.1]: unknown scope "nothing:read"',
    ]);
  });

  it('refuses POST /admin/keys with an unknown scope: 400 naming it, nothing stored', async () => {
    const res = await h
      .client(admin.key)
      .post('/admin/keys', { name: 'typo', scopes: ['users:read', 'user:reed'] })
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        {
          in: 'body',
          name: 'scopes.1',
          message: 'unknown scope "user:reed" (did you mean users:read?)',
        },
      ],
    });
    expectDocumented(res, 'post', '/admin/keys');
    const list = await h.client(admin.key).get('/admin/keys').expect(200);
    expect(JSON.stringify(list.body)).not.toContain('typo');
    const known = await h
      .client(admin.key)
      .post('/admin/keys', { name: 'fine', scopes: ['users:*', 'base:get_dealer_info'] })
      .expect(201);
    secrets.push(known.body.key);
  });

  it('refuses an unknown scope in npm run keys, storing nothing', async () => {
    const prefix = uniquePrefix('unknown-scopes-cli');
    const redis = testRedis();
    const env = {
      PATH: process.env.PATH,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_KEY_HMAC_SECRET: randomBytes(32).toString('hex'),
    };
    try {
      // File entries (`--file-entry`) are checked by the same schema, before anything is made.
      const run = spawnSync(
        process.execPath,
        // The command's bundle (keys-cli.test.ts runs it through tsx as well).
        [await bundledEntry('src/keys-cli.ts'), 'create', '--name', 'x'].concat([
          '--scope',
          'users:read',
          '--scope',
          'user:reed',
        ]),
        { encoding: 'utf8', timeout: 20_000, env },
      );
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toContain('unknown scope "user:reed" (did you mean users:read?)');
      expect(run.stdout).not.toMatch(/npg_/);
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });
});

describe('scopes a token carries', () => {
  const unknownLines = () => h.logs.records().filter((r) => r.msg === 'unknown JWT scope ignored');

  it('ignores scopes unknown to the catalog and logs each name once', async () => {
    const token = await issuer.sign({ sub: 'app', scope: 'openid user:reed users:read' });
    for (let i = 0; i < 3; i += 1) {
      await h.http.get('/v1/users?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    }
    expect(unknownLines().map((r) => r.scope)).toEqual(['openid', 'user:reed']);
  });

  it('stops logging new names once it has logged many, saying so once', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `made:up_${i}`).join(' ');
    for (const sub of ['one', 'two']) {
      const token = await issuer.sign({ sub, scope: `users:read ${many}` });
      await h.http.get('/v1/users?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    }
    expect(unknownLines()).toHaveLength(100);
    const stopped = h.logs
      .records()
      .filter((r) => r.msg === 'unknown JWT scopes: no longer logged');
    expect(stopped).toHaveLength(1);
  });
});
