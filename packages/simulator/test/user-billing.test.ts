import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const SPAN = { from: '2026-01-01 00:00:00', to: '2026-12-31 23:59:59' };

describe('user/transaction/list', () => {
  it('lists the seeded transactions in the [SPEC] shape, without count', async () => {
    const answer = await call(simulator, 'user/transaction/list', {
      hash,
      user_id: 371325,
      ...SPAN,
    });
    expect(answer.body.count).toBeUndefined();
    expect(answer.body.list).toEqual([
      {
        id: 500009,
        user_id: 371325,
        amount: 10,
        type: 'bonus',
        text: 'Recharge bonus balance during tracker registration',
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      },
      expect.objectContaining({ id: 500010, type: 'main', text: 'Bank transfer' }),
    ]);
    const limited = await call(simulator, 'user/transaction/list', {
      hash,
      user_id: 371325,
      ...SPAN,
      limit: 1,
    });
    expect(limited.body.list).toHaveLength(1);
  });

  it('lists them in the [MD] shape with transaction older (§7)', async () => {
    simulator.control.setLegacyShapes(['transaction']);
    const answer = await call(simulator, 'user/transaction/list', {
      hash,
      user_id: 371325,
      ...SPAN,
    });
    simulator.control.setLegacyShapes([]);
    expect(answer.body.list[0]).toEqual({
      description: 'Recharge bonus balance during tracker registration',
      type: 'bonus_charge',
      subtype: 'register',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      user_id: 371325,
      dealer_id: 20410,
      tracker_id: 0,
      amount: 0,
      new_balance: 0,
      old_balance: 0,
      bonus_amount: 10,
      new_bonus: 10,
      old_bonus: 0,
    });
  });

  it('answers 211 for a span over a year and 7 for bad dates or limit', async () => {
    const wide = await call(simulator, 'user/transaction/list', {
      hash,
      user_id: 371325,
      from: '2020-01-01 00:00:00',
      to: '2026-01-01 00:00:00',
    });
    expect(wide.body).toEqual(navixyError(211, 'Requested time span is too big'));
    const bad = await call(simulator, 'user/transaction/list', {
      hash,
      user_id: 371325,
      from: '2026-01-01',
      to: SPAN.to,
      limit: 20_001,
    });
    expect(bad.body.errors).toEqual([
      { parameter: 'from', error: expect.any(String) },
      { parameter: 'limit', error: 'Should be less than or equal to 20000' },
    ]);
  });

  it('answers 201 for an unknown user and 13 without transactions: read', async () => {
    const missing = await call(simulator, 'user/transaction/list', { hash, user_id: 9, ...SPAN });
    expect(missing.body).toEqual(navixyError(201, 'Not found in database'));
    const noTx = await startSimulator({
      accounts: [{ ...READ_ONLY, permissions: { users: ['read'] } }],
    });
    try {
      const h = await login(noTx, READ_ONLY);
      const answer = await call(noTx, 'user/transaction/list', {
        hash: h,
        user_id: 371325,
        ...SPAN,
      });
      expect(answer.body.status.code).toBe(13);
    } finally {
      await noTx.close();
    }
  });
});

describe('user/transaction/change_balance', () => {
  it('changes the balance and records a payment/partner transaction', async () => {
    const before = (await call(simulator, 'user/read', { hash, user_id: 371323 })).body.value;
    const answer = await call(simulator, 'user/transaction/change_balance', {
      hash,
      user_id: 371323,
      amount: 10.5,
      type: 'balance',
      text: 'Manual top-up',
    });
    expect(answer.body).toEqual({ success: true });
    const after = (await call(simulator, 'user/read', { hash, user_id: 371323 })).body.value;
    expect(after.balance).toBeCloseTo(before.balance + 10.5);
    const now = new Date();
    const span = {
      hash,
      user_id: 371323,
      from: `${now.getUTCFullYear()}-01-01 00:00:00`,
      to: `${now.getUTCFullYear()}-12-31 23:59:59`,
    };
    const list = await call(simulator, 'user/transaction/list', span);
    expect(list.body.list.at(-1)).toMatchObject({
      id: expect.any(Number),
      user_id: 371323,
      amount: 10.5,
      type: 'main',
      text: 'Manual top-up',
    });
    simulator.control.setLegacyShapes(['transaction']);
    const older = await call(simulator, 'user/transaction/list', span);
    simulator.control.setLegacyShapes([]);
    expect(older.body.list.at(-1)).toMatchObject({
      description: 'Manual top-up',
      type: 'payment',
      subtype: 'partner',
      amount: 10.5,
      old_balance: before.balance,
      new_balance: after.balance,
    });
  });

  it('changes the bonus with type bonus, in the form transport', async () => {
    const answer = await call(
      simulator,
      'user/transaction/change_balance',
      { hash, user_id: 371323, amount: '5', type: 'bonus', text: 'Goodwill bonus' },
      { transport: 'form' },
    );
    expect(answer.body).toEqual({ success: true });
    const after = (await call(simulator, 'user/read', { hash, user_id: 371323 })).body.value;
    expect(after.bonus).toBe(5);
  });

  it('answers 251 Insufficient funds (HTTP 403) below zero', async () => {
    const answer = await call(simulator, 'user/transaction/change_balance', {
      hash,
      user_id: 371323,
      amount: -1_000_000,
      type: 'balance',
      text: 'Too much',
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(navixyError(251, 'Insufficient funds'));
  });

  it('takes the [SPEC] type main as the balance, and answers 7 for a too short text', async () => {
    const before = (await call(simulator, 'user/read', { hash, user_id: 371324 })).body.value;
    const main = await call(simulator, 'user/transaction/change_balance', {
      hash,
      user_id: 371324,
      amount: 2,
      type: 'main',
      text: 'Main balance top-up',
    });
    expect(main.body).toEqual({ success: true });
    const after = (await call(simulator, 'user/read', { hash, user_id: 371324 })).body.value;
    expect(after.balance).toBeCloseTo(before.balance + 2);
    const answer = await call(simulator, 'user/transaction/change_balance', {
      hash,
      user_id: 371323,
      amount: 1,
      type: 'wallet',
      text: 'abc',
    });
    expect(answer.body.errors).toEqual([
      { parameter: 'type', error: 'Should be one of [main, balance, bonus]' },
      { parameter: 'text', error: expect.any(String) },
    ]);
  });

  it('answers 7 for main with change-balance-type older (§7); 13 when read-only', async () => {
    simulator.control.setLegacyShapes(['change-balance-type']);
    const answer = await call(simulator, 'user/transaction/change_balance', {
      hash,
      user_id: 371323,
      amount: 1,
      type: 'main',
      text: 'Main balance top-up',
    });
    simulator.control.setLegacyShapes([]);
    expect(answer.body.errors).toEqual([
      { parameter: 'type', error: 'Should be one of [balance, bonus]' },
    ]);
    const readOnly = await login(simulator, READ_ONLY);
    const denied = await call(simulator, 'user/transaction/change_balance', { hash: readOnly });
    expect(denied.body.status.code).toBe(13);
  });
});
