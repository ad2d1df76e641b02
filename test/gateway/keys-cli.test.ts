import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledEntry } from '../helpers/entry-bundle.js';
import { deletePrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('keys-cli');
const secret = randomBytes(32).toString('hex');
const redis = testRedis();
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** The command as `npm run keys` runs it (tsx), for one test; the others run its bundle. */
const TSX = ['--import', 'tsx', 'src/keys-cli.ts'];
let bundled: string[];
beforeAll(async () => {
  bundled = [await bundledEntry('src/keys-cli.ts')];
});

const keysWith = (env: Record<string, string>, args: string[], command = bundled) =>
  spawnSync(process.execPath, [...command, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, ...env },
  });
const keys = (...args: string[]) => keysWith({}, args);
const managed = (...args: string[]) =>
  keysWith({ REDIS_URL, REDIS_KEY_PREFIX: prefix, API_KEY_HMAC_SECRET: secret }, args);

describe('npm run keys', () => {
  it('creates a key once, with the file entry holding only its SHA-256 and the scopes', () => {
    const result = keysWith(
      {},
      [
        'create',
        '--file-entry',
        '--name',
        'reporting',
        '--scope',
        'users:read',
        '--scope',
        'trackers:read',
      ],
      TSX,
    );
    expect(result.status).toBe(0);
    const key = /\b(npg_[\w-]{43})\b/.exec(result.stdout)?.[1];
    const entry = JSON.parse(/(\{"name".*\})/.exec(result.stdout)?.[1] ?? '{}') as Record<
      string,
      unknown
    >;
    expect(key).toBeDefined();
    expect(entry).toEqual({
      name: 'reporting',
      sha256: createHash('sha256').update(key!).digest('hex'),
      scopes: ['users:read', 'trackers:read'],
    });
    expect(JSON.stringify(entry)).not.toContain(key!);
  });

  it('refuses a scope not written category:operation, and a missing name', () => {
    const result = managed('create', '--scope', 'users');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('must be written category:operation');
    expect(result.stderr).toMatch(/name/);
    expect(result.stdout).not.toMatch(/npg_/);
  });

  it('creates a managed key in Redis, kept as its HMAC only, and lists it without secrets', async () => {
    const created = managed('create', '--name', 'cli-app', '--scope', 'users:read');
    expect(created.status, created.stderr).toBe(0);
    const [, key = '', id = ''] = /\b(npg_([0-9a-f]{16})_[\w-]{43})\b/.exec(created.stdout) ?? [];
    const record = await redis.hgetall(`${prefix}apikeys:key:${id}`);
    expect(record).toMatchObject({ id, name: 'cli-app', scopes: '["users:read"]' });
    expect(record.digest).toBe(createHmac('sha256', secret).update(key).digest('hex'));
    expect(JSON.stringify(record)).not.toContain(key.slice(-43));

    const listed = managed('list');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({ id, status: 'active' });
    expect(listed.stdout).not.toContain(key.slice(-43));

    const rotated = managed('rotate', id, '--grace-seconds', '60');
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/npg_[0-9a-f]{16}_[\w-]{43}/);
    expect(await redis.hget(`${prefix}apikeys:key:${id}`, 'graceUntil')).toMatch(/^\d{4}-/);

    const revoked = managed('revoke', id);
    expect(revoked.status).toBe(0);
    expect(await redis.hget(`${prefix}apikeys:key:${id}`, 'revokedAt')).toMatch(/^\d{4}-/);
    const again = managed('rotate', id);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('revoked');
  });

  it('gives a key the Panel accounts of --accounts, managed or for the file', async () => {
    const created = managed(
      'create',
      '--name',
      'two',
      '--scope',
      'users:read',
      '--accounts',
      'eu, us',
    );
    expect(created.status, created.stderr).toBe(0);
    const id = /\bnpg_([0-9a-f]{16})_/.exec(created.stdout)?.[1] ?? '';
    expect(await redis.hget(`${prefix}apikeys:key:${id}`, 'accounts')).toBe('["eu","us"]');
    const listed = managed('list')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; accounts: unknown });
    expect(listed.find((key) => key.id === id)).toMatchObject({ accounts: ['eu', 'us'] });

    const entry = keys(
      'create',
      '--file-entry',
      '--name',
      'f',
      '--scope',
      'users:read',
      '--accounts',
      '*',
    );
    expect(entry.status, entry.stderr).toBe(0);
    expect(entry.stdout).toContain('"accounts":["*"]');
    const bad = managed('create', '--name', 'bad', '--scope', 'users:read', '--accounts', 'EU');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('account id');
  });

  it('gives a key a rate limit of its own, kept in the record and carried over by rotation', async () => {
    const created = managed(
      'create',
      '--name',
      'limited',
      '--scope',
      'users:read',
      '--rate-limit',
      '100/60s',
    );
    expect(created.status, created.stderr).toBe(0);
    const id = /\bnpg_([0-9a-f]{16})_/.exec(created.stdout)?.[1] ?? '';
    expect(await redis.hget(`${prefix}apikeys:key:${id}`, 'rateLimit')).toBe('100/60s');
    const rotated = managed('rotate', id);
    const next = /\bnpg_([0-9a-f]{16})_/.exec(rotated.stdout)?.[1] ?? '';
    expect(await redis.hget(`${prefix}apikeys:key:${next}`, 'rateLimit')).toBe('100/60s');

    const bad = keys(
      'create',
      '--file-entry',
      '--name',
      'x',
      '--scope',
      'users:read',
      '--rate-limit',
      'fast',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('rateLimit: must be <count>/<window>');
    const entry = keys(
      'create',
      '--file-entry',
      '--name',
      'x',
      '--scope',
      'users:read',
      '--rate-limit',
      'off',
    );
    expect(entry.stdout).toContain('"rateLimit":"off"');
  });

  it('needs the HMAC secret to issue a key, and REDIS_URL for managed keys', () => {
    const noSecret = keysWith({ REDIS_URL, REDIS_KEY_PREFIX: prefix }, [
      'create',
      '--name',
      'x',
      '--scope',
      'users:read',
    ]);
    expect(noSecret.status).toBe(1);
    expect(noSecret.stderr).toContain('API_KEY_HMAC_SECRET');
    expect(noSecret.stdout).not.toMatch(/npg_/);
    const noRedis = keys('list');
    expect(noRedis.status).toBe(2);
    expect(noRedis.stderr).toContain('REDIS_URL');
    const shortSecret = keysWith({ REDIS_URL, API_KEY_HMAC_SECRET: 'short' }, ['list']);
    expect(shortSecret.status).toBe(1);
    expect(shortSecret.stderr).toContain('at least 32 bytes');
    expect(shortSecret.stderr).not.toMatch(/\bshort\b/);
  });
});
