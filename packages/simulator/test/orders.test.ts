import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { OTHER_DEALER, READ_ONLY } from './fixtures.js';
import { call, login, navixyError } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({
    accounts: [DEFAULT_ACCOUNT, READ_ONLY, OTHER_DEALER],
  });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

describe('order/read', () => {
  it('answers the order with its [SPEC] `positions`', async () => {
    const answer = await call(simulator, 'order/read', { hash, order_id: 5101 });
    expect(answer.body.value).toMatchObject({
      id: 5101,
      user_id: 371321,
      type: 'equip',
      status: 'shipped',
      amount: 2,
      positions: [
        {
          id: 51011,
          order_id: 5101,
          equip_id: 11,
          type: 'equip',
          name: 'Teltonika FMB120',
          amount: 2,
          price: 34300,
        },
      ],
    });
    expect(answer.body.value.bundles).toBeUndefined();
  });

  it('answers the bundles in the order, as [MD] and the [UI] read them, with order-lines older (§7)', async () => {
    simulator.control.setLegacyShapes(['order-lines']);
    const answer = await call(simulator, 'order/read', { hash, order_id: 5101 });
    simulator.control.setLegacyShapes([]);
    expect(answer.body.value).toMatchObject({ id: 5101, amount: 2 });
    expect(answer.body.value.positions).toBeUndefined();
    expect(answer.body.value.bundles).toEqual([
      expect.objectContaining({
        id: 7001,
        equip_vendor: 'Teltonika',
        equip_name: 'FMB120',
        equip_model: 'Teltonika FMB120',
        order_id: 5101,
      }),
      expect.objectContaining({ id: 7002, imei: '352091090000029' }),
    ]);
  });

  it('answers 201 for an unknown or another dealer’s order, 7 for a bad id, 13 without tracker_bundles: read', async () => {
    expect((await call(simulator, 'order/read', { hash, order_id: 1 })).body).toEqual(
      navixyError(201, 'Not found in database'),
    );
    const other = await login(simulator, OTHER_DEALER);
    expect(
      (await call(simulator, 'order/read', { hash: other, order_id: 5101 })).body.status.code,
    ).toBe(201);
    expect(
      (await call(simulator, 'order/read', { hash, order_id: 0 })).body.errors[0].parameter,
    ).toBe('order_id');
    const limited = await startSimulator({
      accounts: [{ ...READ_ONLY, permissions: { users: ['read'] } }],
    });
    try {
      const h = await login(limited, READ_ONLY);
      expect((await call(limited, 'order/read', { hash: h, order_id: 5101 })).status).toBe(403);
    } finally {
      await limited.close();
    }
  });
});
