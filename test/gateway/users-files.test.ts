import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';
import { expectDocumented } from '../helpers/openapi.js';

let h: Harness;
let userId: number;
beforeAll(async () => {
  h = await startHarness({
    name: 'users-files',
    uploadLimitBytes: 4_096,
  });
  const list = await h.http.get('/v1/users?limit=1').set('X-API-Key', h.key).expect(200);
  userId = list.body.items[0].id;
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const HEADER =
  'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;Comment;Country;Region;City;Street, address;Zip code;Legal name;Tax number;IEC;Registration country;Registration region;Registration city;Registration address;Registration zip code;Discount;End date of discount;Device limit';

describe('user transactions', () => {
  it('answers 403 INSUFFICIENT_FUNDS when the balance would go negative', async () => {
    const res = await h.http
      .post(`/v1/users/${userId}/transactions`)
      .set('X-API-Key', h.key)
      .send({ amount: -99_999_999, type: 'balance', text: 'too much' })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'INSUFFICIENT_FUNDS', upstream: { code: 251 } });
  });

  it('rejects a zero amount and an unknown type before calling Navixy', async () => {
    const res = await h.http
      .post(`/v1/users/${userId}/transactions`)
      .set('X-API-Key', h.key)
      .send({ amount: 0, type: 'main', text: 'x' })
      .expect(400);
    expect(res.body.errors.map((e: { name: string }) => e.name).sort()).toEqual([
      'amount',
      'text',
      'type',
    ]);
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe('GET /v1/user-exports', () => {
  it('streams a CSV of the users', async () => {
    const res = await h.http
      .get('/v1/user-exports?format=csv&columns=id,login')
      .set('X-API-Key', h.key)
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="users.csv"');
    expect(res.text.split('\n').length).toBeGreaterThan(50);
  });
});

describe('POST /v1/user-imports', () => {
  it('imports a CSV file of users', async () => {
    const row = `import.${Date.now()}@example.com;Str0ng-Passw0rd!;1;1;Hopper;Grace;;;;;;;;;;;;;;;;;;;`;
    const res = await h.http
      .post('/v1/user-imports')
      .set('X-API-Key', h.key)
      .attach('file', Buffer.from(`${HEADER}\n${row}\n`), {
        filename: 'users.csv',
        contentType: 'text/csv',
      })
      .expect(200);
    expect(res.body).toEqual({ total: 1, errors: 0 });
    expectDocumented(res, 'post', '/v1/user-imports');
  });

  it('answers 413 for a file over UPLOAD_LIMIT_BYTES, without calling Navixy', async () => {
    const res = await h.http
      .post('/v1/user-imports')
      .set('X-API-Key', h.key)
      .attach('file', Buffer.alloc(10_000, 'a'), {
        filename: 'big.csv',
        contentType: 'text/csv',
      });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('answers 415 when the body is not multipart', async () => {
    await h.http.post('/v1/user-imports').set('X-API-Key', h.key).send({ file: 'x' }).expect(415);
  });

  it('answers 400 MALFORMED_BODY for multipart without a boundary, without calling Navixy', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=']) {
      const res = await h.http
        .post('/v1/user-imports')
        .set('X-API-Key', h.key)
        .set('Content-Type', type)
        .send('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--x--\r\n')
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    }
    expect(h.sim.control.calls()).toBe(0);
  });

  it('answers 400 MALFORMED_BODY for a body cut short inside a part', async () => {
    for (const name of ['file', 'other']) {
      const res = await h.http
        .post('/v1/user-imports')
        .set('X-API-Key', h.key)
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .send(`--x\r\nContent-Disposition: form-data; name="${name}"; filename="u.csv"\r\n\r\nab`)
        .expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    }
    expect(h.sim.control.calls()).toBe(0);
  });
});

describe.each(SHAPE_MODES)('User transactions, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('changes a balance and lists the transaction in ISO time', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    await h.http
      .post(`/v1/users/${userId}/transactions`)
      .set('X-API-Key', h.key)
      .send({ amount: 12.5, type: 'balance', text: 'test top-up' })
      .expect(204);
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await h.http
      .get(
        `/v1/users/${userId}/transactions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      )
      .set('X-API-Key', h.key)
      .expect(200);
    // §7 `transaction`: [SPEC] gives an id and the reason as `text`, [MD] names it
    // `description` and adds the subtype and balances; either way the reason is `description`.
    expect(res.body.items.at(-1)).toMatchObject({
      amount: 12.5,
      timestamp: expect.stringMatching(/Z$/),
      description: 'test top-up',
      userId,
      ...(older(legacy)
        ? { id: null, subtype: expect.any(String), newBalance: expect.any(Number) }
        : { id: expect.any(Number), subtype: null, newBalance: null }),
    });
    expectDocumented(res, 'get', '/v1/users/{id}/transactions');
    const sent = h.sim.control.callLog().find((c) => c.action === 'user/transaction/list');
    expect(sent?.params.from).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
