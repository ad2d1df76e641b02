import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

const noScopes = makeKey('reference-no-scopes', ['tariffs:read']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'reference', keys: [noScopes] });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const get = (path: string, key = h.key) => h.http.get(path).set('X-API-Key', key);
const sent = (action: string) =>
  h.sim.control.callLog().findLast((c) => c.action === action)?.params;

describe('GET /v1/timezones', () => {
  it('answers the zones in the requested locale', async () => {
    const res = await get('/v1/timezones?locale=de').expect(200);
    expect(res.body.items).toContainEqual({
      zoneId: 'Europe/Moscow',
      description: 'Moskau',
      baseOffset: 3,
      dstOffset: 0,
      countryCode: 'RU',
      altIds: [],
    });
    expect(res.body).toMatchObject({ total: res.body.items.length, offset: 0, limit: 1000 });
    expectDocumented(res, 'get', '/v1/timezones');
    expect(sent('timezone/list')).toEqual({ locale: 'de' });
  });

  it('pages and searches locally', async () => {
    const res = await get('/v1/timezones?q=america&limit=2&offset=1').expect(200);
    expect(res.body.items.map((z: { zoneId: string }) => z.zoneId)).toEqual([
      'America/Chicago',
      'America/Mexico_City',
    ]);
    expect(res.body.total).toBe(6);
  });

  it('needs no scope, and refuses a bad locale before anything goes upstream', async () => {
    await get('/v1/timezones', noScopes.key).expect(200);
    h.sim.control.resetCounters();
    const res = await get('/v1/timezones?locale=english').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ name: 'locale' })]);
    expect(h.sim.control.calls('timezone/list')).toBe(0);
  });
});

describe('GET /v1/email-gateways', () => {
  it('answers the gateways with credentials redacted', async () => {
    const res = await get('/v1/email-gateways').expect(200);
    expect(res.body).toMatchObject({
      boundGatewayId: 2,
      own: [
        {
          id: 2,
          provider: 'smtp',
          params: { 'mail.smtp.host': 'smtp.demo.navixy.com', 'mail.smtp.password': '[redacted]' },
        },
      ],
      leasable: [
        { id: 1, provider: 'router', defaultFromAddress: 'no-reply@domain.tld' },
        { id: 3 },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('Smtp-Secret-1!');
    expectDocumented(res, 'get', '/v1/email-gateways');
  });

  it('needs email_gateways:read (403, nothing upstream)', async () => {
    const res = await get('/v1/email-gateways', noScopes.key).expect(403);
    expect(res.body).toMatchObject({ missingScopes: ['email_gateways:read'] });
    expect(h.sim.control.calls('gateways/email/list')).toBe(0);
  });

  it('maps a Panel permission refusal to 403 PANEL_PERMISSION_DENIED', async () => {
    h.sim.control.failNext(1, 13, 'gateways/email/list');
    const res = await get('/v1/email-gateways').expect(403);
    expect(res.body).toMatchObject({ code: 'PANEL_PERMISSION_DENIED', upstream: { code: 13 } });
  });
});
