import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call, login, navixyError } from './helpers.js';

/** [MD] account.md example set: `activation_code: read, update`, no `create`. */
const NO_CREATE: SimulatorAccount = {
  login: 'codes-editor',
  password: 'Editor-Pa55word!',
  dealerId: 20410,
  permissions: { activation_code: ['read', 'update'] },
};

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, NO_CREATE] });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

interface Code {
  code: string;
  activated: boolean;
  tariff_id: number;
  device_type: string;
}

async function listAll(): Promise<Code[]> {
  const answer = await call(simulator, 'dealer/activation_code/list', { hash });
  return answer.body.list as Code[];
}

describe('dealer/activation_code/list', () => {
  it('answers the seeded codes ordered by code, with count', async () => {
    const answer = await call(simulator, 'dealer/activation_code/list', { hash, limit: 3 });
    expect(answer.status).toBe(200);
    expect(answer.body.count).toBe(40);
    const codes = answer.body.list.map((c: Code) => c.code);
    expect(codes).toEqual([...codes].sort());
    expect(answer.body.list[0]).toMatchObject({ code: expect.stringMatching(/^\d{10}$/) });
  });

  it('filters on device type and sorts by tariff_id descending', async () => {
    const answer = await call(simulator, 'dealer/activation_code/list', {
      hash,
      filter: 'camera',
      order_by: 'tariff_id',
      ascending: false,
    });
    expect(answer.body.count).toBe(10);
    expect(answer.body.list.every((c: Code) => c.device_type === 'camera')).toBe(true);
  });
});

describe('dealer/activation_code/create', () => {
  it('creates unused codes of the plan that the list then shows', async () => {
    const answer = await call(simulator, 'dealer/activation_code/create', {
      hash,
      count: 3,
      tariff_id: 13457,
      bonus_amount: 5,
      free_days: 30,
    });
    expect(answer.body).toEqual({ success: true, count: 3 });
    const created = (await listAll()).filter(
      (c) => c.tariff_id === 13457 && (c as unknown as { free_days: number }).free_days === 30,
    );
    expect(created).toHaveLength(3);
    expect(created[0]).toMatchObject({
      activated: false,
      device_id: 0,
      device_type: 'tracker',
      tariff_name: 'Standard',
      money_amount: 0,
      bonus_amount: 5,
    });
  });

  it('answers 201 for a plan that is not the dealer\u2019s and 7 for bad input', async () => {
    const missing = await call(simulator, 'dealer/activation_code/create', {
      hash,
      count: 1,
      tariff_id: 5,
      bonus_amount: 0,
      free_days: 0,
    });
    expect(missing.body).toEqual(navixyError(201, 'Not found in database'));
    const bad = await call(simulator, 'dealer/activation_code/create', { hash, count: 0 });
    expect(bad.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'count',
      'tariff_id',
      'bonus_amount',
      'free_days',
    ]);
  });

  it('needs activation_code:create besides read (13)', async () => {
    const editor = await login(simulator, NO_CREATE);
    const answer = await call(simulator, 'dealer/activation_code/create', {
      hash: editor,
      count: 1,
      tariff_id: 13457,
      bonus_amount: 0,
      free_days: 0,
    });
    expect(answer.status).toBe(403);
  });
});

describe('dealer/activation_code/update', () => {
  it('changes only unused codes of the new plan\u2019s device type', async () => {
    const codes = await listAll();
    const unused = codes.find((c) => !c.activated && c.device_type === 'tracker');
    const used = codes.find((c) => c.activated && c.device_type === 'tracker');
    const camera = codes.find((c) => !c.activated && c.device_type === 'camera');
    const wanted = [unused?.code, used?.code, camera?.code, '0000000000'];
    const answer = await call(
      simulator,
      'dealer/activation_code/update',
      { hash, codes: wanted, tariff_id: 12163, bonus_amount: 2, free_days: 1 },
      { transport: 'form' },
    );
    expect(answer.body).toEqual({ success: true, count: 1 });
    const after = await listAll();
    expect(after.find((c) => c.code === unused?.code)).toMatchObject({
      tariff_id: 12163,
      tariff_name: 'Premium',
      bonus_amount: 2,
      free_days: 1,
    });
    expect(after.find((c) => c.code === camera?.code)).toEqual(camera);
  });

  it('requires at least one code and answers 201 for an unknown plan', async () => {
    const empty = await call(simulator, 'dealer/activation_code/update', {
      hash,
      codes: [],
      tariff_id: 12163,
      bonus_amount: 0,
      free_days: 0,
    });
    expect(empty.body.errors).toEqual([
      { parameter: 'codes', error: 'Size must be between 1 and 1000' },
    ]);
    const missing = await call(simulator, 'dealer/activation_code/update', {
      hash,
      codes: ['1'],
      tariff_id: 1,
      bonus_amount: 0,
      free_days: 0,
    });
    expect(missing.body.status.code).toBe(201);
  });
});
