import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { GOOD_PASSWORD, READ_ONLY, individualForm, legalEntityForm } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const create = (params: Record<string, unknown>, transport: 'json' | 'form' = 'json') =>
  call(
    simulator,
    'user/create',
    { hash, password: GOOD_PASSWORD, locale: 'en_US', time_zone: 'Europe/London', ...params },
    { transport },
  );

describe('user/create', () => {
  it('creates a user that user/read and user/list then show', async () => {
    const discount = {
      value: 5.5,
      min_trackers: 10,
      end_date: '2027-03-01',
      strategy: 'no_summing',
    };
    const answer = await create({
      user: individualForm('ada@example.com'),
      discount,
      default_tariff_id: 12163,
      comment: 'New client',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: true, id: expect.any(Number) });
    const read = await call(simulator, 'user/read', { hash, user_id: answer.body.id });
    expect(read.body).toMatchObject({
      value: {
        id: answer.body.id,
        dealer_id: 20410,
        login: 'ada@example.com',
        activated: true,
        verified: true,
        balance: 0,
        trackers_count: 0,
        tin: '',
        comment: 'New client',
      },
      // Written in the [MD] shape, read back in the [SPEC] one (§7 `discount`).
      discount: { percent: 5.5, end_date: '2027-03-01', device_limit: 10 },
      default_tariff_id: 12163,
    });
    const list = await call(simulator, 'user/list', { hash, filter: 'ada@example.com' });
    expect(list.body.count).toBe(1);
  });

  it('takes nested objects as JSON text in the form transport (§1.3)', async () => {
    const answer = await create({ user: legalEntityForm('form@example.com') }, 'form');
    expect(answer.body.success).toBe(true);
    const read = await call(simulator, 'user/read', { hash, user_id: answer.body.id });
    expect(read.body.value).toMatchObject({
      legal_type: 'legal_entity',
      legal_name: 'Engines Ltd.',
    });
  });

  it('answers 206 for a login already in use', async () => {
    const answer = await create({ user: individualForm('FATIMA.PETROVA321@example.net') });
    expect(answer.body).toEqual(navixyError(206, 'Login already in use'));
  });

  it('answers 7 with dotted parameter names for a bad form and password', async () => {
    const user = { ...legalEntityForm('not-an-email'), legal_name: '', first_name: 'Bad<>' };
    const answer = await call(simulator, 'user/create', { hash, user, password: 'short' });
    expect(answer.status).toBe(400);
    expect(answer.body.status.code).toBe(7);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { parameter: 'user.login', error: 'E-mail must be valid' },
        { parameter: 'user.first_name', error: expect.any(String) },
        { parameter: 'user.legal_name', error: expect.any(String) },
        { parameter: 'password', error: expect.any(String) },
        { parameter: 'locale', error: 'Required parameter is missing' },
        { parameter: 'time_zone', error: 'Required parameter is missing' },
      ]),
    );
  });

  it('answers 7 for a discount outside 0..100 and 201 for an unknown default plan', async () => {
    const bad = await create({
      user: individualForm('d1@example.com'),
      discount: { value: 120, min_trackers: 0 },
    });
    expect(bad.body.errors).toEqual([{ parameter: 'discount.value', error: expect.any(String) }]);
    const plan = await create({ user: individualForm('d2@example.com'), default_tariff_id: 99 });
    expect(plan.body).toEqual(navixyError(201, 'Not found in database'));
  });

  it('answers 13 without users: create', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'user/create', { hash: readOnly });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});

describe('user/update', () => {
  it('replaces the whole record: omitted optional fields are reset (§5.6)', async () => {
    const created = await create({
      user: { ...legalEntityForm('reset@example.com'), menu_preset_id: 346, state_reg_num: '123' },
      discount: { value: 10, min_trackers: 1 },
      default_tariff_id: 12163,
      comment: 'keep?',
    });
    const id = created.body.id;
    const user = { ...legalEntityForm('renamed@example.com'), id, activated: false };
    const answer = await call(simulator, 'user/update', { hash, user });
    expect(answer.body).toEqual({ success: true });
    const read = await call(simulator, 'user/read', { hash, user_id: id });
    expect(read.body.value).toMatchObject({
      login: 'renamed@example.com',
      activated: false,
      verified: false,
      state_reg_num: '',
      comment: '',
    });
    expect(read.body.value.menu_preset_id).toBeUndefined();
    expect(read.body.discount).toBeUndefined();
    expect(read.body.default_tariff_id).toBeUndefined();
  });

  it('keeps balance, bonus and creation date of a seeded user', async () => {
    const before = (await call(simulator, 'user/read', { hash, user_id: 371325 })).body.value;
    const user = { ...individualForm(before.login), id: 371325, activated: true };
    await call(simulator, 'user/update', { hash, user });
    const after = (await call(simulator, 'user/read', { hash, user_id: 371325 })).body.value;
    expect(after).toMatchObject({
      balance: before.balance,
      bonus: before.bonus,
      creation_date: before.creation_date,
      trackers_count: before.trackers_count,
      first_name: 'Ada',
    });
  });

  it('answers 7 naming user.id and user.activated when they are missing', async () => {
    const answer = await call(simulator, 'user/update', {
      hash,
      user: individualForm('x@example.com'),
    });
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { parameter: 'user.id', error: 'Required parameter is missing' },
        { parameter: 'user.activated', error: 'Required parameter is missing' },
      ]),
    );
  });

  it('answers 7 when legal_type would change, 201 for an unknown user, 206 for a taken login', async () => {
    const changed = await call(simulator, 'user/update', {
      hash,
      user: { ...individualForm('fatima.petrova321@example.net'), id: 371321, activated: true },
    });
    expect(changed.body.errors).toEqual([
      { parameter: 'user.legal_type', error: expect.any(String) },
    ]);
    const missing = await call(simulator, 'user/update', {
      hash,
      user: { ...individualForm('nobody@example.com'), id: 42, activated: true },
    });
    expect(missing.body).toEqual(navixyError(201, 'Not found in database'));
    const taken = await call(simulator, 'user/update', {
      hash,
      user: { ...legalEntityForm('diego.schmidt322@example.com'), id: 371321, activated: true },
    });
    expect(taken.body).toEqual(navixyError(206, 'Login already in use'));
  });

  it('answers 13 without users: update', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'user/update', { hash: readOnly });
    expect(answer.body.status.code).toBe(13);
  });
});
