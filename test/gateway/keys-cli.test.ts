import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const keys = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/auth/keys-cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('npm run keys', () => {
  it('creates a key once, with the file entry holding only its SHA-256 and the scopes', () => {
    const result = keys(
      'create',
      '--name',
      'reporting',
      '--scope',
      'users:read',
      '--scope',
      'trackers:read',
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
    const result = keys('create', '--scope', 'users');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('must be written category:operation');
    expect(result.stderr).toMatch(/name/);
    expect(result.stdout).not.toMatch(/npg_/);
  });
});
