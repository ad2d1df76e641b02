import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login } from './helpers.js';

const TTL_MS = 300;

/** Short-lived sessions for the expiry tests; `simulator` keeps the default 24 h. */
let shortLived: Simulator;
let simulator: Simulator;

beforeAll(async () => {
  shortLived = await startSimulator({ sessionTtlMs: TTL_MS });
  simulator = await startSimulator();
});

afterAll(async () => {
  await Promise.all([shortLived.close(), simulator.close()]);
});

describe('session lifetime', () => {
  // Only Date is faked: the clock stands still until the test moves it, so a slow machine can
  // neither end the session early nor make the test wait; sockets and timers stay real.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 4 once a hash is older than sessionTtlMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const hash = await login(shortLived);
    expect((await call(shortLived, 'dealer/get_info', { hash })).status).toBe(200);
    vi.setSystemTime(Date.now() + TTL_MS - 1);
    expect((await call(shortLived, 'dealer/get_info', { hash })).status).toBe(200);
    vi.setSystemTime(Date.now() + 1);
    const answer = await call(shortLived, 'dealer/get_info', { hash });
    expect(answer.status).toBe(400);
    expect(answer.body.status).toEqual({
      code: 4,
      description: 'User or API key not found or session ended',
    });
  });

  it('accepts a new login after an expiry', async () => {
    const hash = await login(shortLived);
    expect((await call(shortLived, 'dealer/get_info', { hash })).body.success).toBe(true);
  });
});

describe('control.expireSessions()', () => {
  it('makes every existing hash answer 4 while new logins work', async () => {
    const first = await login(simulator);
    const second = await login(simulator);
    simulator.control.expireSessions();
    for (const hash of [first, second]) {
      expect((await call(simulator, 'user/list', { hash })).body.status.code).toBe(4);
    }
    const fresh = await login(simulator);
    expect((await call(simulator, 'user/list', { hash: fresh, limit: 1 })).status).toBe(200);
  });

  it('still lists every hash ever issued in sessionHashes()', async () => {
    const hash = await login(simulator);
    simulator.control.expireSessions();
    expect(simulator.control.sessionHashes()).toContain(hash);
    expect(new Set(simulator.control.sessionHashes()).size).toBe(
      simulator.control.sessionHashes().length,
    );
  });
});
