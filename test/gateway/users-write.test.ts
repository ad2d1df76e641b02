import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { older, SHAPE_MODES } from '../helpers/shapes.js';
import { expectDocumented } from '../helpers/openapi.js';

const readOnly = makeKey('read-only', ['users:read']);
let h: Harness;
const as = (key: string) => h.client(key);
let api: ReturnType<typeof as>;

beforeAll(async () => {
  h = await startHarness({
    name: 'users-write',
    keys: [readOnly],
  });
  api = as(h.key);
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());
const sent = (action: string) =>
  h.sim.control.callLog().findLast((c) => c.action === action)?.params;

let seq = 0;
const newUser = (extra: object = {}) => ({
  login: `new.user.${Date.now()}.${seq++}@example.com`,
  legalType: 'individual',
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: 'Str0ng-Passw0rd!',
  timeZone: 'Europe/London',
  comment: 'created by a test',
  ...extra,
});

async function createUser(extra: object = {}) {
  const res = await api.post('/v1/users', newUser(extra)).expect(201);
  return res.body as { id: number; login: string };
}

describe('POST /v1/users', () => {
  it('creates a user and answers it as read back, sending Navixy its own form', async () => {
    const input = newUser({ phone: '4915112345678' });
    const res = await api.post('/v1/users', input).expect(201);
    expect(res.body).toMatchObject({
      login: input.login,
      firstName: 'Ada',
      phone: '4915112345678',
      comment: 'created by a test',
    });
    expectDocumented(res, 'post', '/v1/users');
    const sent = h.sim.control.callLog().find((c) => c.action === 'user/create');
    expect(sent?.params).toMatchObject({
      user: { login: input.login, legal_type: 'individual', first_name: 'Ada', activated: true },
      time_zone: 'Europe/London',
      locale: 'en_US',
    });
    expect(sent?.params).not.toHaveProperty('password'); // the simulator's log drops it
  });

  it('answers 409 LOGIN_IN_USE for a login that exists', async () => {
    const user = await createUser();
    const res = await api.post('/v1/users', newUser({ login: user.login })).expect(409);
    expect(res.body).toMatchObject({ code: 'LOGIN_IN_USE', upstream: { code: 206 } });
  });

  it('validates the body before anything goes upstream', async () => {
    const res = await api
      .post('/v1/users', { login: 'not-an-email', legalType: 'robot', extra: 1 })
      .expect(400);
    const names = res.body.errors.map((e: { name: string }) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'login',
        'legalType',
        'firstName',
        'lastName',
        'password',
        'timeZone',
        'extra',
      ]),
    );
    expect(h.sim.control.calls()).toBe(0);
  });

  it('refuses a body that is not JSON with 415, and malformed JSON with 400', async () => {
    const form = await h.http
      .post('/v1/users')
      .set('X-API-Key', h.key)
      .type('form')
      .send('login=a');
    expect(form.status).toBe(415);
    const broken = await h.http
      .post('/v1/users')
      .set('X-API-Key', h.key)
      .set('Content-Type', 'application/json')
      .send('{"login":');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('MALFORMED_BODY');
    expect(h.sim.control.calls()).toBe(0);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a charset or an encoding it cannot read', async () => {
    for (const [name, value] of [
      ['Content-Type', 'application/json; charset=latin1'],
      ['Content-Encoding', 'bogus'],
    ] as const) {
      const res = await h.http
        .post('/v1/users')
        .set('X-API-Key', h.key)
        .set('Content-Type', 'application/json')
        .set(name, value)
        .send('{"login":"x"}')
        .expect(415);
      expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect(h.sim.control.calls()).toBe(0);
  });

  it('needs users:create (403 without an upstream call)', async () => {
    await as(readOnly.key).post('/v1/users', newUser()).expect(403);
    expect(h.sim.control.calls()).toBe(0);
  });

  it('names Navixy\u2019s code 7 errors with the client\u2019s field names', async () => {
    const res = await api.post('/v1/users', newUser({ legalType: 'legal_entity' })).expect(400);
    expect(res.body.code).toBe('UPSTREAM_VALIDATION_FAILED');
    const names = res.body.errors.map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['registeredCountry', 'tin', 'legalName']));
    expect(res.body.errors.every((e: { in: string }) => e.in === 'body')).toBe(true);
  });
});

describe('PATCH /v1/users/{id}', () => {
  it('keeps both of two concurrent patches', async () => {
    const user = await createUser();
    h.sim.control.setLatency(30, 'user/read');
    await Promise.all([
      api.patch(`/v1/users/${user.id}`, { phone: '999' }).expect(200),
      api.patch(`/v1/users/${user.id}`, { postCity: 'Paris' }).expect(200),
    ]);
    h.sim.control.setLatency(0);
    const res = await api.get(`/v1/users/${user.id}`).expect(200);
    expect(res.body).toMatchObject({ phone: '999', postCity: 'Paris' });
  });

  it('never writes a stale read over a PUT that landed meanwhile', async () => {
    const user = await createUser();
    // The simulator delays handling: each update lands 50 ms after it is sent. The PUT is sent
    // first; the PATCH reads 25 ms later, before the PUT has landed. Unless the PUT holds the
    // record's lock, the PATCH writes its stale read back over the PUT.
    h.sim.control.setLatency(50, 'user/update');
    const {
      password: _p,
      timeZone: _t,
      ...whole
    } = newUser({ login: user.login, firstName: 'Put' });
    const put = api.put(`/v1/users/${user.id}`, whole).then((res) => res.status); // sent now
    await new Promise((resolve) => setTimeout(resolve, 25));
    const patch = api.patch(`/v1/users/${user.id}`, { phone: '111' }).then((res) => res.status);
    expect(await Promise.all([put, patch])).toEqual([200, 200]);
    h.sim.control.setLatency(0);
    expect((await api.get(`/v1/users/${user.id}`)).body).toMatchObject({
      firstName: 'Put',
      phone: '111',
    });
  });

  it('never re-activates a deactivated user it was not asked to', async () => {
    const user = await createUser({ activated: false });
    const res = await api.patch(`/v1/users/${user.id}`, { comment: 'still off' }).expect(200);
    expect(res.body).toMatchObject({ activated: false, comment: 'still off' });
  });

  it('answers 404 for an unknown user', async () => {
    await api.patch('/v1/users/999999', { lastName: 'X' }).expect(404);
  });
});

describe('PUT /v1/users/{id}', () => {
  it('replaces the record: fields left out are reset', async () => {
    const user = await createUser({ postCity: 'Berlin' });
    const {
      password: _p,
      timeZone: _t,
      ...whole
    } = newUser({ login: user.login, firstName: 'Grace' });
    const res = await api.put(`/v1/users/${user.id}`, whole).expect(200);
    expect(res.body).toMatchObject({ firstName: 'Grace', postCity: '' });
  });
});

describe('user actions', () => {
  it('sets a password (204) without logging it', async () => {
    const user = await createUser();
    await api.put(`/v1/users/${user.id}/password`, { password: 'An0ther-Passw0rd!' }).expect(204);
    expect(h.logs.lines.join('\n')).not.toContain('An0ther-Passw0rd!');
  });

  it('requires the login as confirmation before corrupting a user', async () => {
    const user = await createUser();
    const missing = await api.post(`/v1/users/${user.id}/corruption`, {}).expect(400);
    expect(missing.body.errors[0]).toMatchObject({ in: 'body', name: 'confirmLogin' });
    expect(h.sim.control.calls('user/corrupt')).toBe(0);
    await api.post(`/v1/users/${user.id}/corruption`, { confirmLogin: user.login }).expect(204);
    await api.get(`/v1/users/${user.id}`).expect(404);
  });

  it('starts a user-API session for the user', async () => {
    const user = await createUser();
    const res = await api.post(`/v1/users/${user.id}/sessions`).expect(201);
    expect(res.body).toEqual({ userId: user.id, hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expectDocumented(res, 'post', '/v1/users/{id}/sessions');
  });
});

describe.each(SHAPE_MODES)('PATCH of a discount, with %s', (_mode, legacy) => {
  beforeAll(() => h.sim.control.setLegacyShapes(legacy));
  afterAll(() => h.sim.control.setLegacyShapes([]));
  it('keeps every field the patch does not name (Navixy alone would reset them)', async () => {
    const user = await createUser({
      phone: '123456',
      postCity: 'Berlin',
      discount: { value: 5, minTrackers: 1, endDate: null, strategy: 'no_summing' },
    });
    const res = await api.patch(`/v1/users/${user.id}`, { lastName: 'Byron' }).expect(200);
    expect(res.body).toMatchObject({
      lastName: 'Byron',
      firstName: 'Ada',
      phone: '123456',
      postCity: 'Berlin',
      comment: 'created by a test',
      discount: { percent: 5, value: 5, minTrackers: 1, endDate: null },
    });
    expectDocumented(res, 'patch', '/v1/users/{id}');
    expect(h.sim.control.callLog().map((c) => c.action)).toEqual([
      'user/create',
      'user/read',
      'user/read',
      'user/update',
      'user/read',
    ]);
    // The discount goes back exactly as read: §7 `discount`, [SPEC] or [MD]/[UI] keys (no
    // `end_date`: Navixy leaves null fields out).
    expect(sent('user/update')?.discount).toEqual(
      older(legacy)
        ? { value: 5, min_trackers: 1, strategy: 'no_summing' }
        : { percent: 5, device_limit: 1 },
    );
  });
  it('changes the discount percent, writing it in the shape it was read in', async () => {
    const user = await createUser({
      discount: { percent: 5, minTrackers: 2, endDate: '2030-01-31', strategy: 'no_summing' },
    });
    const res = await api.patch(`/v1/users/${user.id}`, { discount: { percent: 7.5 } }).expect(200);
    expect(res.body.discount).toMatchObject({
      percent: 7.5,
      minTrackers: 2,
      endDate: '2030-01-31',
    });
    expect(sent('user/update')?.discount).toEqual(
      older(legacy)
        ? { value: 7.5, min_trackers: 2, end_date: '2030-01-31', strategy: 'no_summing' }
        : { percent: 7.5, device_limit: 2, end_date: '2030-01-31' },
    );
  });
  it('gives a user without a discount one in both shapes\u2019 keys, which needs a percent', async () => {
    const user = await createUser();
    const missing = await api
      .patch(`/v1/users/${user.id}`, { discount: { minTrackers: 3 } })
      .expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ name: 'discount.percent' })]);
    const res = await api
      .patch(`/v1/users/${user.id}`, { discount: { percent: 3, minTrackers: 3 } })
      .expect(200);
    expect(res.body.discount).toMatchObject({ percent: 3, minTrackers: 3 });
    expect(sent('user/update')?.discount).toEqual({
      percent: 3,
      value: 3,
      device_limit: 3,
      min_trackers: 3,
      end_date: null,
      strategy: 'no_summing',
    });
  });
  it('removes a discount with null (merge patch)', async () => {
    const user = await createUser({
      discount: { value: 5, minTrackers: 1, endDate: null, strategy: 'no_summing' },
    });
    const res = await api.patch(`/v1/users/${user.id}`, { discount: null }).expect(200);
    expect(res.body.discount).toBeNull();
  });
});
