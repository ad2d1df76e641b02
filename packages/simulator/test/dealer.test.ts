import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login } from './helpers.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator();
});

afterAll(async () => {
  await simulator.close();
});

describe('dealer/get_info', () => {
  it('answers the dealer fields at the top level, without value', async () => {
    const hash = await login(simulator);
    const answer = await call(simulator, 'dealer/get_info', { hash });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).not.toHaveProperty('value');
    expect(answer.body).toMatchObject({
      success: true,
      id: 20410,
      contract_type: 'PAAS',
      block_status: 'NOT_BLOCKED',
      tariff: { id: 5, service_prices: { incoming_sms: 0.3, traffic: 0.09 } },
      password_policy: { min_length: 12, max_length: 20 },
      features: expect.arrayContaining(['branding_web', 'tracking']),
      default_user_time_zone: 'Europe/London',
    });
  });

  it('omits the fields whose value is null', async () => {
    const hash = await login(simulator);
    const answer = await call(simulator, 'dealer/get_info', { hash });
    expect(answer.body).not.toHaveProperty('demo_ends');
    expect(answer.body.tariff).not.toHaveProperty('license_price');
    expect(JSON.stringify(answer.body)).not.toContain('null');
  });
});
