import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadKeyStoreConfig } from '../../src/config/load.js';
import { settingsSchema } from '../../src/config/settings.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { REDIS_URL, TEST_SESSION_KEYS } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

const base = {
  PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel/',
  PANEL_LOGIN: '20410',
  PANEL_PASSWORD: 'secret-password-1',
  SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
};
const PASSWORD = 'redis-password-5d0c7e';
const files: Record<string, string> = {
  '/run/secrets/redis': `${PASSWORD}\n`,
  '/run/secrets/sentinel': 'sentinel-password-1\n',
  '/etc/redis/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
  return text;
};

function redisOf(env: Record<string, string>) {
  return loadConfig({ ...base, ...env }, readFile).redis;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env }, readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Redis settings', () => {
  it('reads one server from REDIS_URL, TLS from its scheme', () => {
    expect(redisOf({ REDIS_URL: 'redis://cache:6379' })).toEqual({
      mode: 'standalone',
      url: 'redis://cache:6379',
      tls: false,
    });
    expect(
      redisOf({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA_FILE: '/etc/redis/ca.pem' }),
    ).toMatchObject({ tls: true, tlsCa: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(redisOf({})).toBeUndefined();
  });

  it('reads Sentinels, the master name and both passwords (the Sentinels’ from a file)', () => {
    expect(
      redisOf({
        REDIS_SENTINELS: 'sentinel-1:26379, sentinel-2:26379,[fd00::3]:26380',
        REDIS_SENTINEL_MASTER: 'npg-primary',
        REDIS_USERNAME: 'gateway',
        REDIS_PASSWORD_FILE: '/run/secrets/redis',
        REDIS_SENTINEL_PASSWORD_FILE: '/run/secrets/sentinel',
        REDIS_TLS: 'on',
      }),
    ).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26379 },
        { host: 'fd00::3', port: 26380 },
      ],
      masterName: 'npg-primary',
      username: 'gateway',
      password: PASSWORD,
      sentinelPassword: 'sentinel-password-1',
      tls: true,
    });
  });

  it('reads Cluster seed nodes, with the password set directly', () => {
    expect(
      redisOf({ REDIS_CLUSTER_NODES: '10.0.0.1:6379,10.0.0.2:6379', REDIS_PASSWORD: PASSWORD }),
    ).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 6379 },
        { host: '10.0.0.2', port: 6379 },
      ],
      password: PASSWORD,
      tls: false,
    });
  });

  it('refuses two ways to reach Redis at once, naming the conflict', () => {
    expect(
      problemsOf({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'node-1:6379' }),
    ).toEqual([
      'REDIS_URL, REDIS_CLUSTER_NODES: set only one of REDIS_URL, REDIS_SENTINELS, ' +
        'REDIS_CLUSTER_NODES (one Redis server, Sentinels, or Cluster nodes)',
    ]);
    const all = problemsOf({
      REDIS_URL: 'redis://cache:6379',
      REDIS_SENTINELS: 'sentinel-1:26379',
      REDIS_SENTINEL_MASTER: 'npg',
      REDIS_CLUSTER_NODES: 'node-1:6379',
    });
    expect(all[0]).toMatch(/^REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES: set only one/);
  });

  it('reports every mistake of the Redis settings together, each naming its setting', () => {
    expect(problemsOf({ REDIS_SENTINELS: 'sentinel-1:26379' })).toEqual([
      'REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS (the name the Sentinels monitor)',
    ]);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'node-1, node-2:99999' })).toEqual([
      'REDIS_CLUSTER_NODES: "node-1" is not host:port, e.g. redis-1:26379',
    ]);
    expect(
      problemsOf({
        REDIS_CLUSTER_NODES: 'node-1:6379',
        REDIS_PASSWORD: PASSWORD,
        REDIS_PASSWORD_FILE: '/run/secrets/redis',
        REDIS_SENTINEL_MASTER: 'npg',
        REDIS_SENTINEL_PASSWORD_FILE: '/run/secrets/missing',
        REDIS_TLS_CA_FILE: '/etc/redis/ca.pem',
      }),
    ).toEqual([
      'REDIS_PASSWORD: set REDIS_PASSWORD or REDIS_PASSWORD_FILE, not both',
      'REDIS_SENTINEL_PASSWORD_FILE: cannot read /run/secrets/missing (ENOENT)',
      'REDIS_SENTINEL_MASTER: only with REDIS_SENTINELS',
      'REDIS_TLS_CA_FILE: only with REDIS_TLS=on (or a rediss:// REDIS_URL)',
    ]);
    expect(problemsOf({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS: 'off' })).toEqual([
      'REDIS_TLS: off disagrees with REDIS_URL; with REDIS_URL the scheme decides ' +
        '(rediss:// for TLS), leave REDIS_TLS unset',
    ]);
    expect(
      problemsOf({ REDIS_URL: `redis://:${PASSWORD}@cache:6379`, REDIS_PASSWORD: PASSWORD }),
    ).toEqual(['REDIS_PASSWORD: REDIS_URL holds a password already; set only one']);
  });

  it('refuses Redis credentials without Redis: a forgotten address never means no Redis', () => {
    expect(problemsOf({ REDIS_PASSWORD: PASSWORD, REDIS_TLS: 'on' })).toEqual([
      'REDIS_PASSWORD, REDIS_TLS: set without REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES; ' +
        'Redis is not used',
    ]);
  });

  it('needs session keys with Sentinels or a Cluster as with one server', () => {
    const { SESSION_ENCRYPTION_KEYS: _keys, ...withoutKeys } = base;
    for (const env of [
      { REDIS_SENTINELS: 'sentinel-1:26379', REDIS_SENTINEL_MASTER: 'npg' },
      { REDIS_CLUSTER_NODES: 'node-1:6379' },
    ]) {
      expect(() => loadConfig({ ...withoutKeys, ...env }, readFile)).toThrow(
        /SESSION_ENCRYPTION_KEYS: required with REDIS_(SENTINELS|CLUSTER_NODES)/,
      );
    }
  });

  it('gives the keys CLI the same Redis settings as the gateway', () => {
    const env = {
      REDIS_CLUSTER_NODES: 'node-1:6379',
      REDIS_USERNAME: 'keys',
      REDIS_PASSWORD_FILE: '/run/secrets/redis',
    };
    expect(loadKeyStoreConfig(env, readFile).redis).toEqual(redisOf(env));
  });

  it('never puts a Redis password in a configuration error', () => {
    const cases = [
      { REDIS_URL: `redis://:${PASSWORD}@cache:notaport`, PORT: 'eighty' },
      { REDIS_URL: `redis://:${PASSWORD}@cache:6379`, REDIS_PASSWORD: PASSWORD },
      { REDIS_PASSWORD: PASSWORD, REDIS_SENTINEL_PASSWORD: PASSWORD },
      { REDIS_CLUSTER_NODES: 'node-1', REDIS_PASSWORD_FILE: '/run/secrets/redis' },
      { REDIS_PASSWORD_FILE: '/run/secrets/redis' },
    ];
    for (const env of cases) {
      let message = '';
      try {
        loadConfig({ ...base, ...env }, readFile);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration/);
      expect(message).not.toContain(PASSWORD);
    }
  });

  it('never puts the password in what the connection reports when Redis refuses it', async () => {
    // The test server has no password: AUTH with one is refused, and the refusal is reported.
    const heard: string[] = [];
    const redis = openRedis(
      {
        mode: 'standalone',
        url: REDIS_URL,
        username: 'npg-nobody',
        password: PASSWORD,
        tls: false,
      },
      (error) => heard.push(`${error.name}: ${error.message} ${JSON.stringify(error)}`),
    );
    try {
      await until(() => heard.length > 0);
      await expect(redis.ping()).rejects.toThrow();
    } finally {
      redis.disconnect();
    }
    expect(heard.join('\n')).toMatch(/WRONGPASS|AUTH|NOAUTH/);
    expect(heard.join('\n')).not.toContain(PASSWORD);
  });

  it('documents every Redis setting in docs/settings.md', () => {
    const settingsPage = readFileSync('docs/settings.md', 'utf8');
    const names = Object.keys(settingsSchema.shape).filter((name) => name.startsWith('REDIS_'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      // A `_FILE` twin is documented on its setting's row: `REDIS_PASSWORD` / `_FILE`.
      const twin = name.endsWith('_FILE') && names.includes(name.slice(0, -'_FILE'.length));
      const documented = twin ? `\`${name.slice(0, -'_FILE'.length)}\` / \`_FILE\`` : `\`${name}\``;
      expect(settingsPage, name).toContain(documented);
    }
  });
});
