import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login } from './helpers.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({
    accounts: [
      DEFAULT_ACCOUNT,
      { login: 'no-gateways', password: 'No-Gateways-Pa55!', dealerId: 20410, permissions: {} },
    ],
  });
});

afterAll(async () => {
  await simulator.close();
});

describe('timezone/list', () => {
  it('needs no session and answers zones ordered by zone_id', async () => {
    const answer = await call(simulator, 'timezone/list', { locale: 'en' }, { transport: 'query' });
    expect(answer.status).toBe(200);
    const ids = answer.body.list.map((zone: { zone_id: string }) => zone.zone_id);
    expect(ids).toEqual([...ids].sort());
    expect(answer.body.list).toContainEqual({
      zone_id: 'America/Tijuana',
      description: 'Tijuana',
      base_offset: -8,
      dst_offset: 1,
      country_code: 'MX',
      alt_ids: ['America/Ensenada', 'America/Santa_Isabel'],
    });
    expect(
      answer.body.list.find((z: { zone_id: string }) => z.zone_id === 'Asia/Dubai'),
    ).not.toHaveProperty('alt_ids');
  });

  it('describes zones in the requested locale, English when it has no translation', async () => {
    const answer = await call(simulator, 'timezone/list', { locale: 'de_DE' });
    const byId = new Map(answer.body.list.map((z: { zone_id: string }) => [z.zone_id, z]));
    expect(byId.get('Europe/Moscow')).toMatchObject({ description: 'Moskau' });
    expect(byId.get('America/Tijuana')).toMatchObject({ description: 'Tijuana' });
  });

  it('requires a well-formed locale (7)', async () => {
    expect((await call(simulator, 'timezone/list', {})).body.errors).toEqual([
      { parameter: 'locale', error: 'Required parameter is missing' },
    ]);
    const bad = await call(simulator, 'timezone/list', { locale: 'english' });
    expect(bad.body.errors[0].parameter).toBe('locale');
  });
});

describe('gateways/email/list', () => {
  it('answers the bound, own and leasable gateways', async () => {
    const hash = await login(simulator);
    const answer = await call(simulator, 'gateways/email/list', { hash });
    expect(answer.body).toMatchObject({
      success: true,
      bound_gateway: 2,
      own: [{ id: 2, provider: 'smtp', params: { 'mail.smtp.host': 'smtp.demo.navixy.com' } }],
      leasable: [
        { id: 1, provider: 'router' },
        { id: 3, provider: 'mandrill_smtp' },
      ],
    });
  });

  it('needs email_gateways:read (13)', async () => {
    const hash = await login(simulator, { login: 'no-gateways', password: 'No-Gateways-Pa55!' });
    const answer = await call(simulator, 'gateways/email/list', { hash });
    expect(answer.status).toBe(403);
  });
});
