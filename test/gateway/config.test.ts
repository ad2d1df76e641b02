import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const base = {
  PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel/',
  PANEL_LOGIN: '20410',
  PANEL_PASSWORD: 'secret-password-1',
};
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

function problemsOf(env: Record<string, string>, readFile = noFiles): string[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('settings', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base, noFiles);
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      panel: {
        url: 'https://api.eu.navixy.com/v2/panel',
        login: '20410',
        password: 'secret-password-1',
      },
      redis: undefined,
      redisKeyPrefix: 'npg:',
      apiKeys: [],
      sessionTtlSeconds: 86_400,
      upstreamTimeoutMs: 15_000,
      logLevel: 'info',
    });
  });

  it('reports every bad or missing setting in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PANEL_API_URL: 'https://api.eu.navixy.com/v2/user',
      REDIS_URL: 'http://localhost',
      UPSTREAM_TIMEOUT_MS: '5',
      LOG_LEVEL: 'loud',
    });
    const named = problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'PORT',
        'PANEL_API_URL',
        'PANEL_LOGIN',
        'PANEL_PASSWORD',
        'REDIS_URL',
        'UPSTREAM_TIMEOUT_MS',
        'LOG_LEVEL',
      ]),
    );
  });

  it('reads the password from PANEL_PASSWORD_FILE and refuses both or neither', () => {
    const { PANEL_PASSWORD: _unused, ...withoutPassword } = base;
    const config = loadConfig(
      { ...withoutPassword, PANEL_PASSWORD_FILE: '/run/secrets/panel' },
      (path) => (path === '/run/secrets/panel' ? 'from-file-password\n' : noFiles(path)),
    );
    expect(config.panel.password).toBe('from-file-password');
    expect(problemsOf({ ...base, PANEL_PASSWORD_FILE: '/x' })).toContainEqual(
      expect.stringContaining('exactly one of PANEL_PASSWORD or PANEL_PASSWORD_FILE'),
    );
    expect(problemsOf({ ...withoutPassword, PANEL_PASSWORD_FILE: '/missing' })).toContainEqual(
      'PANEL_PASSWORD_FILE: cannot read /missing (ENOENT)',
    );
  });

  it('validates API_KEYS_FILE entries and never echoes a secret', () => {
    const file = JSON.stringify([
      { name: 'ok', sha256: 'a'.repeat(64), scopes: ['users:read'] },
      { name: 'bad', sha256: 'plaintext-key', scopes: ['users'] },
    ]);
    const problems = problemsOf({ ...base, API_KEYS_FILE: '/keys.json' }, () => file);
    expect(problems.join('\n')).toMatch(/\[1\.sha256\]/);
    expect(problems.join('\n')).toMatch(/\[1\.scopes\.0\]: must be written category:operation/);
    expect(problems.join('\n')).not.toContain('plaintext-key');
    expect(problems.join('\n')).not.toContain('secret-password-1');
  });

  it('exits non-zero with a clear message when PANEL_API_URL is missing', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, PANEL_LOGIN: '1', PANEL_PASSWORD: 'x' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PANEL_API_URL');
    expect(result.stderr).toContain('Invalid configuration');
  });
});

describe('PANEL_ACCOUNTS_FILE', () => {
  const files = (entries: unknown, passwords: Record<string, string> = {}) => {
    const all: Record<string, string> = { '/accounts.json': JSON.stringify(entries), ...passwords };
    return (path: string) => all[path] ?? noFiles(path);
  };
  const eu = {
    id: 'eu',
    url: 'https://api.eu.navixy.com/v2/panel',
    login: '20410',
    passwordFile: '/eu',
  };
  const us = {
    id: 'us',
    url: 'https://api.us.navixy.com/v2/panel/',
    login: '20410',
    passwordFile: '/us',
  };
  const withFile = { PANEL_ACCOUNTS_FILE: '/accounts.json' };

  it('reads every account, its password from its own file, the first being the default', () => {
    const config = loadConfig(
      withFile,
      files([eu, us], { '/eu': 'eu-password-1\n', '/us': '  us-password-2 ' }),
    );
    expect(config.panelAccounts).toEqual([
      {
        id: 'eu',
        url: 'https://api.eu.navixy.com/v2/panel',
        login: '20410',
        password: 'eu-password-1',
      },
      {
        id: 'us',
        url: 'https://api.us.navixy.com/v2/panel',
        login: '20410',
        password: 'us-password-2',
      },
    ]);
    expect(config.panel).toBe(config.panelAccounts[0]);
  });

  it('puts the single account first, named default, beside the file accounts', () => {
    const config = loadConfig({ ...base, ...withFile }, files([us], { '/us': 'us-password-1' }));
    expect(config.panelAccounts.map((account) => account.id)).toEqual(['default', 'us']);
    expect(config.panel).toMatchObject({ id: 'default', password: 'secret-password-1' });
  });

  it('reports every bad entry at once, quoting no password', () => {
    const problems = problemsOf(
      withFile,
      files([
        { id: 'Bad Id', url: 'https://api.eu.navixy.com/v2/user', login: '', passwordFile: '/p' },
        { id: 'ok', url: 'ftp://x/panel', login: 'l', password: 'inline-secret-9' },
        eu,
        eu,
      ]),
    ).join('\n');
    expect(problems).toMatch(/\[0\.id\]: must be 1-63 lowercase/);
    expect(problems).toMatch(/\[0\.url\]: must be the Panel API base/);
    expect(problems).toMatch(/\[0\.login\]/);
    expect(problems).toMatch(/\[1\.url\]/);
    expect(problems).toMatch(/\[1\.passwordFile\]/);
    expect(problems).toMatch(/\[1\][^\n]*password/);
    expect(problems).toMatch(/\[3\.id\]: duplicate account id/);
    expect(problems).not.toContain('inline-secret-9');
  });

  it('refuses the id default beside the single account, and one login twice on one host', () => {
    const clash = problemsOf(
      { ...base, ...withFile },
      files([{ ...eu, id: 'default' }], { '/eu': 'eu-password-1' }),
    );
    expect(clash).toContainEqual(expect.stringContaining('the id "default" names the account'));
    const twice = problemsOf(
      { ...base, ...withFile },
      files([{ ...eu, url: `${eu.url}/` }], { '/eu': 'eu-password-1' }),
    );
    expect(twice).toContainEqual(expect.stringContaining('"default" and "eu" are the same login'));
    expect([...clash, ...twice].join('\n')).not.toMatch(/eu-password-1|secret-password-1/);
  });

  it('reports a password file that is missing or empty, and no account at all', () => {
    const problems = problemsOf(withFile, files([eu, us], { '/us': '\n' }));
    expect(problems).toContainEqual(
      'PANEL_ACCOUNTS_FILE /accounts.json [0.passwordFile]: cannot read /eu (ENOENT)',
    );
    expect(problems).toContainEqual(
      'PANEL_ACCOUNTS_FILE /accounts.json [1.passwordFile]: /us is empty',
    );
    expect(problemsOf(withFile, files([]))).toContainEqual(
      expect.stringMatching(/^PANEL_ACCOUNTS_FILE .*\[\]/),
    );
    expect(problemsOf({}).map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PANEL_API_URL', 'PANEL_LOGIN', 'PANEL_PASSWORD']),
    );
  });

  it('asks for the rest of the single account when part of it is given beside the file', () => {
    const problems = problemsOf(
      { PANEL_LOGIN: '20410', ...withFile },
      files([eu], { '/eu': 'eu-password-1' }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual(['PANEL_API_URL', 'PANEL_PASSWORD']);
  });

  it('refuses a file key naming an account that is not configured', () => {
    const keys = JSON.stringify([
      { name: 'typo', sha256: 'a'.repeat(64), scopes: ['users:read'], accounts: ['default', 'ue'] },
      { name: 'all', sha256: 'b'.repeat(64), scopes: ['users:read'], accounts: ['*'] },
    ]);
    const problems = problemsOf({ ...base, API_KEYS_FILE: '/keys.json' }, () => keys);
    expect(problems).toEqual(['API_KEYS_FILE: key "typo" names unknown accounts ue']);
  });

  it('reads the accounts claim name of JWTs, panel_accounts unless set', () => {
    const jwt = {
      JWT_JWKS_URL: 'https://id.example.com/jwks.json',
      JWT_ISSUER: 'https://id.example.com/',
      JWT_AUDIENCE: 'gateway',
    };
    expect(loadConfig({ ...base, ...jwt }, noFiles).jwt?.accountsClaim).toBe('panel_accounts');
    expect(
      loadConfig({ ...base, ...jwt, JWT_ACCOUNTS_CLAIM: 'accounts' }, noFiles).jwt?.accountsClaim,
    ).toBe('accounts');
  });
});

describe('operator mistakes caught by the settings', () => {
  it('reads TRUST_PROXY as Express does: what proxy-addr compiles, nothing else', () => {
    expect(problemsOf({ ...base, TRUST_PROXY: '300.1.1.1' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: .*300\.1\.1\.1/),
    ]);
    expect(problemsOf({ ...base, TRUST_PROXY: '10.0.0.0/8,foo' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: /),
    ]);
    for (const accepted of ['10.0.0.0/8,loopback', 'loopback, 192.168.0.1/24', '2', '::1']) {
      expect(loadConfig({ ...base, TRUST_PROXY: accepted }, noFiles).trustProxy).toBe(accepted);
    }
  });

  it('reports every problem of PANEL_ACCOUNTS_FILE and what depends on it in one go', () => {
    const entries = [
      { id: 'eu', url: 'ftp://api.eu.navixy.com/v2/panel', login: '1', passwordFile: '/p1' },
      { id: 'us', url: 'https://api.us.navixy.com/v2/panel', login: '2', passwordFile: '/gone' },
      { id: 'me', url: 'https://api.me.navixy.com/v2/panel', login: '3', passwordFile: '/p3' },
      { id: 'me2', url: 'https://api.me.navixy.com/v2/panel/', login: '3', passwordFile: '/p3' },
    ];
    const keys = [
      { name: 'typo', sha256: 'a'.repeat(64), scopes: ['users:read'], accounts: ['xx'] },
    ];
    const all: Record<string, string> = {
      '/accounts.json': JSON.stringify(entries),
      '/keys.json': JSON.stringify(keys),
      '/p1': 'password-one',
      '/p3': 'password-three',
    };
    const problems = problemsOf(
      { PANEL_ACCOUNTS_FILE: '/accounts.json', API_KEYS_FILE: '/keys.json' },
      (path) => all[path] ?? noFiles(path),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\[0\.url\]/),
        'PANEL_ACCOUNTS_FILE /accounts.json [1.passwordFile]: cannot read /gone (ENOENT)',
        expect.stringContaining('"me" and "me2" are the same login on the same host'),
        'API_KEYS_FILE: key "typo" names unknown accounts xx',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/password-one|password-three/);
  });

  it('refuses METRICS_PORT equal to PORT, and a header timeout longer than the request one', () => {
    expect(problemsOf({ ...base, PORT: '9000', METRICS_PORT: '9000' })).toEqual([
      expect.stringMatching(/^METRICS_PORT: .*PORT/),
    ]);
    expect(problemsOf({ ...base, PORT: '0', METRICS_PORT: '0' })).toEqual([]);
    expect(
      problemsOf({ ...base, HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }),
    ).toEqual([expect.stringMatching(/^HEADERS_TIMEOUT_MS: .*REQUEST_TIMEOUT_MS/)]);
  });

  it('applies the documented limits of slow clients and connections', () => {
    expect(loadConfig(base, noFiles).server).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 1_000,
    });
  });
});
