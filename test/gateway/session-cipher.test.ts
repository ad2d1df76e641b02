import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/config/load.js';
import { loadConfig } from '../../src/config/load.js';
import { parseSessionKeys } from '../../src/config/session-keys.js';
import { createSessionCipher } from '../../src/panel/session-cipher.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('session cipher', () => {
  const k1 = key('k1');
  const k2 = key('k2');
  const record = '{"hash":"0123456789abcdef0123456789abcdef","expiresAt":1}';

  it('seals with AES-256-GCM under the first key and opens what it sealed', () => {
    const cipher = createSessionCipher([k1]);
    const sealed = cipher.seal(record, 'panel:a:session#3');
    expect(sealed).toMatch(/^a1:k1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('0123456789abcdef');
    expect(cipher.open(sealed, 'panel:a:session#3')).toBe(record);
    // A fresh nonce each time: the same record never seals to the same value.
    expect(cipher.seal(record, 'panel:a:session#3')).not.toBe(sealed);
  });

  it('opens values of an older key during rotation, and seals with the new one', () => {
    const old = createSessionCipher([k1]);
    const rotating = createSessionCipher([k2, k1]);
    const sealedBefore = old.seal(record, 'ctx');
    expect(rotating.open(sealedBefore, 'ctx')).toBe(record);
    expect(rotating.seal(record, 'ctx')).toMatch(/^a1:k2:/);
    // Once the old key is gone, its values no longer open (they count as absent: re-login).
    expect(createSessionCipher([k2]).open(sealedBefore, 'ctx')).toBeUndefined();
  });

  it('refuses a value moved to another account or generation, tampered, or not sealed', () => {
    const cipher = createSessionCipher([k1]);
    const sealed = cipher.seal(record, 'panel:a:session#3');
    expect(cipher.open(sealed, 'panel:b:session#3')).toBeUndefined();
    expect(cipher.open(sealed, 'panel:a:session#4')).toBeUndefined();
    const bytes = Buffer.from(sealed.split(':')[2]!, 'base64url');
    bytes[14] = bytes[14]! ^ 1;
    expect(
      cipher.open(`a1:k1:${bytes.toString('base64url')}`, 'panel:a:session#3'),
    ).toBeUndefined();
    expect(cipher.open(record, 'panel:a:session#3')).toBeUndefined();
    expect(cipher.open('a1:k9:AAAA', 'panel:a:session#3')).toBeUndefined();
  });
});

describe('SESSION_ENCRYPTION_KEYS', () => {
  const base = {
    PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
    PANEL_LOGIN: '20410',
    PANEL_PASSWORD: 'secret-password',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env }, () => '');
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('is required with REDIS_URL and optional without', () => {
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379' }).join('\n')).toMatch(
      /SESSION_ENCRYPTION_KEYS: required with REDIS_URL/,
    );
    expect(problems({})).toEqual([]);
  });

  it('parses id:base64 entries, the first one sealing', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    expect(parseSessionKeys(`new:${a}, old:${b}`).map((k) => k.id)).toEqual(['new', 'old']);
  });

  it('names the bad entry without echoing any key', () => {
    const short = randomBytes(16).toString('base64');
    const found = problems({ SESSION_ENCRYPTION_KEYS: `k1:${short}` }).join('\n');
    expect(found).toMatch(/key "k1" must be 32 bytes/);
    expect(found).not.toContain(short);
    const k = randomBytes(32).toString('base64');
    expect(problems({ SESSION_ENCRYPTION_KEYS: `a:${k} a:${k}` }).join('\n')).toMatch(/twice/);
    expect(problems({ SESSION_ENCRYPTION_KEYS: k }).join('\n')).toMatch(/id:base64key/);
  });
});
