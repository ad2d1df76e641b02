import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, raw } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

beforeEach(async () => {
  expect((await raw(simulator, '/__control/reset', { method: 'POST' })).status).toBe(204);
});

afterAll(async () => {
  await simulator.close();
});

describe('HTTP control endpoints', () => {
  it('GET /__control/calls reports the total and the count per action', async () => {
    await call(simulator, 'user/list', { hash, limit: 1 });
    await call(simulator, 'user/list', { hash, limit: 1 });
    await call(simulator, 'dealer/get_info', { hash });
    const answer = await raw(simulator, '/__control/calls');
    expect(answer).toMatchObject({
      status: 200,
      body: { total: 3, byAction: { 'user/list': 2, 'dealer/get_info': 1 } },
    });
  });

  it('POST /__control/fail makes the next call answer the code with its HTTP status', async () => {
    const set = await raw(simulator, '/__control/fail', {
      method: 'POST',
      body: { count: 1, code: 15, action: 'user/list' },
    });
    expect(set.status).toBe(204);
    expect((await call(simulator, 'user/list', { hash })).status).toBe(429);
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
  });

  it('POST /__control/latency delays answers', async () => {
    await raw(simulator, '/__control/latency', { method: 'POST', body: { ms: 200 } });
    const started = performance.now();
    await call(simulator, 'dealer/get_info', { hash });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('POST /__control/reset-connections resets the next call', async () => {
    await raw(simulator, '/__control/reset-connections', { method: 'POST', body: { count: 1 } });
    await expect(call(simulator, 'dealer/get_info', { hash })).rejects.toThrow();
  });

  it('POST /__control/garbage answers HTML to the next call', async () => {
    await raw(simulator, '/__control/garbage', { method: 'POST', body: { count: 1 } });
    expect((await call(simulator, 'dealer/get_info', { hash })).contentType).toMatch(/text\/html/);
  });

  it('POST /__control/expire-sessions ends every session', async () => {
    const mine = await login(simulator);
    expect((await raw(simulator, '/__control/expire-sessions', { method: 'POST' })).status).toBe(
      204,
    );
    expect((await call(simulator, 'user/list', { hash: mine })).body.status.code).toBe(4);
    hash = await login(simulator);
  });

  it('answers 400 for bad input', async () => {
    for (const [path, body] of [
      ['/__control/fail', { count: 1, code: 999 }],
      ['/__control/fail', { count: 'one', code: 15 }],
      ['/__control/latency', { ms: -5 }],
      ['/__control/garbage', { count: 1, action: 42 }],
      ['/__control/reset-connections', {}],
    ] as const) {
      const answer = await raw(simulator, path, { method: 'POST', body });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: expect.any(String) });
    }
  });

  it('answers 405 for the wrong method and 404 for an unknown control', async () => {
    expect((await raw(simulator, '/__control/calls', { method: 'POST' })).status).toBe(405);
    expect((await raw(simulator, '/__control/nothing')).status).toBe(404);
  });
});
