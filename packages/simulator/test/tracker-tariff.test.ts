import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, readTracker, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const read = (id: number): Promise<Json> => readTracker(simulator, hash, id);

describe('tracker/tariff/change', () => {
  it('changes the plan of the source and its clones, charging the owner', async () => {
    const before = (await call(simulator, 'user/read', { hash, user_id: 371368 })).body.value;
    const answer = await call(simulator, 'tracker/tariff/change', {
      hash,
      tracker_id: 3234924,
      tariff_id: 12163,
      repay: false,
      charge: true,
    });
    expect(answer.body).toEqual({ success: true });
    const tracker = (await read(3234924)).value;
    expect(tracker.source.tariff_id).toBe(12163);
    expect(tracker.source.tariff_end_date).toMatch(/^\d{4}-\d{2}-01$/);
    expect((await read(3234929)).value.source.tariff_id).toBe(12163);
    const after = (await call(simulator, 'user/read', { hash, user_id: 371368 })).body.value;
    expect(after.balance).toBeCloseTo(before.balance - 12.55);
  });

  it('drops the end date on an activeday plan', async () => {
    await call(simulator, 'tracker/tariff/change', {
      hash,
      tracker_id: 3234924,
      tariff_id: 21967,
      repay: true,
      charge: false,
    });
    expect((await read(3234924)).value.source.tariff_end_date).toBeUndefined();
  });

  it('answers 239, 237, 238, 219, 250 and 7', async () => {
    const change = (params: Record<string, unknown>) =>
      call(simulator, 'tracker/tariff/change', { hash, repay: false, charge: false, ...params });
    expect((await change({ tracker_id: 3234904, tariff_id: 999 })).body).toEqual(
      navixyError(239, 'New tariff does not exist'),
    );
    expect((await change({ tracker_id: 3234904, tariff_id: 21968 })).body.status.code).toBe(237);
    const current = (await read(3234904)).value.source.tariff_id;
    expect((await change({ tracker_id: 3234904, tariff_id: current })).body.status.code).toBe(238);
    expect((await change({ tracker_id: 3235074, tariff_id: 12163 })).body.status.code).toBe(219);
    expect((await change({ tracker_id: 3234955, tariff_id: 12163 })).body).toEqual(
      navixyError(250, 'Not allowed for deleted devices'),
    );
    const missing = await call(simulator, 'tracker/tariff/change', {
      hash,
      tracker_id: 3234904,
      tariff_id: 12163,
    });
    expect(missing.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'repay',
      'charge',
    ]);
  });

  it('answers 13 without transactions: create', async () => {
    const limited = await startSimulator({
      accounts: [{ ...READ_ONLY, permissions: { trackers: ['update'] } }],
    });
    try {
      const h = await login(limited, READ_ONLY);
      const answer = await call(limited, 'tracker/tariff/change', {
        hash: h,
        tracker_id: 3234904,
        tariff_id: 12163,
        repay: false,
        charge: false,
      });
      expect(answer.body.status.code).toBe(13);
    } finally {
      await limited.close();
    }
  });
});
