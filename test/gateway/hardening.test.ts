import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const ORIGIN = 'https://fleet.example.com';
let plain: Harness;
let configured: Harness;

beforeAll(async () => {
  plain = await startHarness({ name: 'hardening-plain' });
  configured = await startHarness({
    name: 'hardening-cors',
    simulator: plain.sim,
    settings: { CORS_ORIGINS: `${ORIGIN}, https://ops.example.com`, TRUST_PROXY: 'loopback' },
  });
});
afterAll(async () => {
  await configured.close();
  await plain.close();
});

describe('CORS', () => {
  it('is off by default: no Access-Control header for any origin', async () => {
    const res = await plain.client(plain.key).get('/v1/dealer').set('Origin', ORIGIN).expect(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('allows the listed origins, exposing the headers clients need', async () => {
    const res = await configured
      .client(configured.key)
      .get('/v1/dealer')
      .set('Origin', ORIGIN)
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
  });

  it('answers a preflight 204 without credentials, and nothing for an unlisted origin', async () => {
    const preflight = await configured.http
      .options('/v1/users')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Panel-Account/);

    const other = await configured
      .client(configured.key)
      .get('/v1/dealer')
      .set('Origin', 'https://evil.example.net')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  const ipOf = (h: Harness, requestId: string) =>
    h.logs.requests().find((r) => r.requestId === requestId)?.ip;

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    await plain.http
      .get('/healthz')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Request-Id', 'xff-untrusted')
      .expect(200);
    expect(ipOf(plain, 'xff-untrusted')).not.toBe('203.0.113.7');

    await configured.http
      .get('/healthz')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Request-Id', 'xff-trusted')
      .expect(200);
    expect(ipOf(configured, 'xff-trusted')).toBe('203.0.113.7');
  });

  it('refuses settings it cannot read', () => {
    const base = {
      PANEL_API_URL: 'https://api.eu.navixy.com/v2/panel',
      PANEL_LOGIN: '20410',
      PANEL_PASSWORD: 'secret-password',
    };
    expect(() =>
      loadConfig({ ...base, CORS_ORIGINS: 'https://a.example.com/path' }, () => ''),
    ).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'everyone' }, () => '')).toThrow(/TRUST_PROXY/);
  });
});
