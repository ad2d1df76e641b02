import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
      redisUrl: undefined,
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
