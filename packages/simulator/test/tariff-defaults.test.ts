import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

const READ_ONLY: SimulatorAccount = {
  login: 'plans-reader',
  password: 'Reader-Pa55word!',
  dealerId: 20410,
  permissions: { tariffs: ['read'] },
};

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn(READ_ONLY)));
afterAll(() => simulator.close());

describe('tariff/defaults', () => {
  const tracker = {
    tariff_id: 12163,
    activation_bonus: 0,
    free_days: 14,
    free_days_device_limit: 3,
  };

  it('reads the tracker defaults at the top level, as [SPEC] answers them', async () => {
    const answer = await call(simulator, 'tariff/defaults/read', { hash });
    expect(answer.body).toEqual({ success: true, tracker });
  });

  it('reads the camera defaults too with tariff-defaults-camera older ([MD], §7)', async () => {
    simulator.control.setLegacyShapes(['tariff-defaults-camera']);
    const answer = await call(simulator, 'tariff/defaults/read', { hash });
    simulator.control.setLegacyShapes([]);
    expect(answer.body).toEqual({
      success: true,
      tracker,
      camera: { tariff_id: 21968, activation_bonus: 0, free_days: 0 },
    });
  });

  it('updates tracker defaults and keeps the omitted camera ones', async () => {
    const changed = { tariff_id: 13457, activation_bonus: 1.5, free_days: 7 };
    const answer = await call(simulator, 'tariff/defaults/update', { hash, tracker: changed });
    expect(answer.body).toEqual({ success: true });
    simulator.control.setLegacyShapes('all');
    const read = await call(simulator, 'tariff/defaults/read', { hash });
    simulator.control.setLegacyShapes([]);
    expect(read.body.tracker).toEqual(changed);
    expect(read.body.camera).toMatchObject({ tariff_id: 21968 });
  });

  it('takes a null free_days_device_limit as no limit ([SPEC] nullable)', async () => {
    const changed = { tariff_id: 13457, activation_bonus: 0, free_days: 7 };
    const answer = await call(simulator, 'tariff/defaults/update', {
      hash,
      tracker: { ...changed, free_days_device_limit: null },
    });
    expect(answer.body).toEqual({ success: true });
    const read = await call(simulator, 'tariff/defaults/read', { hash });
    expect(read.body.tracker).toEqual(changed);
  });

  it('answers 239 for a missing plan and 237 for a plan of another device type', async () => {
    const missing = await call(simulator, 'tariff/defaults/update', {
      hash,
      tracker: { tariff_id: 5, activation_bonus: 0, free_days: 0 },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.status.code).toBe(239);
    const camera = await call(simulator, 'tariff/defaults/update', {
      hash,
      tracker: { tariff_id: 21968, activation_bonus: 0, free_days: 0 },
    });
    expect(camera.body.status.code).toBe(237);
  });

  it('requires tracker and validates its fields ([SPEC] requires none of them)', async () => {
    const answer = await call(simulator, 'tariff/defaults/update', {
      hash,
      camera: { tariff_id: 21968, free_days: -1, activation_bonus: null },
    });
    expect(answer.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'tracker',
      'camera.activation_bonus',
      'camera.free_days',
    ]);
  });

  it('needs tariffs:update (13)', async () => {
    const reader = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'tariff/defaults/update', {
      hash: reader,
      tracker: { tariff_id: 12163, activation_bonus: 0, free_days: 0 },
    });
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});
