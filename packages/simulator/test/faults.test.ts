import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError, raw } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

afterEach(() => {
  simulator.control.reset();
});

afterAll(async () => {
  await simulator.close();
});

describe('control.failNext()', () => {
  it('answers 15 with HTTP 429 for the next call, then serves normally', async () => {
    simulator.control.failNext(1, 15);
    const failed = await call(simulator, 'user/list', { hash, limit: 1 });
    expect(failed.status).toBe(429);
    expect(failed.body).toEqual(navixyError(15, 'Too many requests (rate limit exceeded)'));
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
  });

  it('sends each code with its documented HTTP status', async () => {
    for (const [code, status] of [
      [1, 500],
      [4, 400],
      [8, 503],
      [13, 403],
      [236, 402],
      [247, 409],
    ] as const) {
      simulator.control.failNext(1, code);
      const answer = await call(simulator, 'dealer/get_info', { hash });
      expect([answer.status, answer.body.status.code]).toEqual([status, code]);
    }
  });

  it('fails only the named action, N times', async () => {
    simulator.control.failNext(2, 14, 'tracker/list');
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
    expect((await call(simulator, 'tracker/list', { hash, limit: 1 })).status).toBe(503);
    expect((await call(simulator, 'tracker/list', { hash, limit: 1 })).status).toBe(503);
    expect((await call(simulator, 'tracker/list', { hash, limit: 1 })).status).toBe(200);
  });

  it('fails even a call without a hash: faults come before the session check', async () => {
    simulator.control.failNext(1, 6);
    const answer = await call(simulator, 'user/list', {});
    expect(answer).toMatchObject({ status: 500, body: navixyError(6, 'Unexpected error') });
  });

  it('rejects a code Navixy does not document', () => {
    expect(() => simulator.control.failNext(1, 999)).toThrow(RangeError);
    expect(() => simulator.control.failNext(-1, 15)).toThrow(RangeError);
  });
});

describe('control.setLatency()', () => {
  it('delays the answers of one action and clears with 0', async () => {
    simulator.control.setLatency(250, 'user/list');
    let started = performance.now();
    await call(simulator, 'user/list', { hash, limit: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    started = performance.now();
    await call(simulator, 'tracker/list', { hash, limit: 1 });
    expect(performance.now() - started).toBeLessThan(240);
    simulator.control.setLatency(0, 'user/list');
    started = performance.now();
    await call(simulator, 'user/list', { hash, limit: 1 });
    expect(performance.now() - started).toBeLessThan(240);
  });

  it('delays every action when no action is named', async () => {
    simulator.control.setLatency(200);
    const started = performance.now();
    const answer = await call(simulator, 'dealer/get_info', { hash });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(200);
  });
});

describe('control.resetNextConnections()', () => {
  it('destroys the socket with no response, so the client gets a socket error', async () => {
    simulator.control.resetNextConnections(1, 'user/list');
    await expect(call(simulator, 'user/list', { hash })).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/),
    });
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
    expect(simulator.control.calls('user/list')).toBe(2);
  });
});

describe('control.garbageNext()', () => {
  it('answers HTTP 200 with an HTML body that is not JSON', async () => {
    simulator.control.garbageNext(1);
    const answer = await call(simulator, 'dealer/get_info', { hash });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(() => {
      JSON.parse(answer.body as string);
    }).toThrow();
    expect((await call(simulator, 'dealer/get_info', { hash })).contentType).toMatch(/json/);
  });
});

describe('counters and call log', () => {
  it('counts calls per action on arrival and logs them without hash or password', async () => {
    simulator.control.resetCounters();
    simulator.control.failNext(1, 15, 'tracker/read');
    await call(simulator, 'account/auth', { login: '20410', password: 'Demo-Panel-Pa55!' });
    await call(simulator, 'tracker/read', { hash, tracker_id: 3234901 });
    await call(simulator, 'tracker/read', { tracker_id: '3234902' }, { transport: 'form' });
    expect(simulator.control.calls()).toBe(3);
    expect(simulator.control.calls('tracker/read')).toBe(2);
    expect(simulator.control.calls('user/list')).toBe(0);
    const logged = (action: string, params: object) => ({
      action,
      params,
      target: `/v2/panel/${action}`,
      headers: expect.any(Object),
      at: expect.any(Number),
    });
    expect(simulator.control.callLog()).toEqual([
      logged('account/auth', { login: '20410' }),
      logged('tracker/read', { tracker_id: 3234901 }),
      logged('tracker/read', { tracker_id: '3234902' }),
    ]);
  });

  it('logs the headers each call arrived with, the authorization censored', async () => {
    simulator.control.resetCounters();
    await call(
      simulator,
      'tracker/read',
      { tracker_id: 3234901 },
      {
        headers: { authorization: `NVX ${hash}`, 'x-foo': 'bar' },
      },
    );
    const [entry] = simulator.control.callLog();
    expect(entry?.headers).toMatchObject({
      authorization: '[redacted]',
      'x-foo': 'bar',
      'content-type': 'application/json',
      host: new URL(simulator.url).host,
    });
    expect(JSON.stringify(entry)).not.toContain(hash);
  });

  it('reset() clears faults, latency and counters but keeps sessions', async () => {
    simulator.control.failNext(5, 15);
    simulator.control.garbageNext(5);
    simulator.control.setLatency(1000);
    simulator.control.reset();
    expect(simulator.control.calls()).toBe(0);
    expect(simulator.control.callLog()).toEqual([]);
    const started = performance.now();
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe('faults aimed at reads or writes', () => {
  it('resets only reads when told `reads`, before the action runs', async () => {
    simulator.control.resetNextConnections(2, 'reads');
    const mfa = { hash, target: { type: 'all' }, settings: { type: 'disallowed' } };
    expect((await call(simulator, 'user/mfa/settings/update', mfa)).status).toBe(200);
    await expect(call(simulator, 'user/read', { hash, user_id: 371321 })).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/),
    });
    await expect(call(simulator, 'tracker/list', { hash })).rejects.toBeDefined();
    expect((await call(simulator, 'user/read', { hash, user_id: 371321 })).status).toBe(200);
  });

  it('fails only writes when told `writes`, and never account/auth', async () => {
    simulator.control.failNext(1, 15, 'writes');
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
    await login(simulator);
    const answer = await call(simulator, 'tracker/register_retry', { hash, tracker_id: 3234901 });
    expect(answer.body).toEqual(navixyError(15, 'Too many requests (rate limit exceeded)'));
  });
});

describe('control.setLatencySpikes()', () => {
  it('delays about the given fraction of calls by the given time, and clears with 0', async () => {
    simulator.control.setLatencySpikes(0.5, 200, 'user/list');
    const durations: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const started = performance.now();
      await call(simulator, 'user/list', { hash, limit: 1 });
      durations.push(performance.now() - started);
    }
    const slow = durations.filter((ms) => ms >= 200).length;
    expect(slow).toBeGreaterThan(3); // 30 draws at 0.5: fewer than 4 has odds below 1 in 30 000
    expect(slow).toBeLessThan(27);
    simulator.control.setLatencySpikes(0, 0);
    const started = performance.now();
    for (let i = 0; i < 10; i += 1) await call(simulator, 'user/list', { hash, limit: 1 });
    expect(performance.now() - started).toBeLessThan(200 * 10);
  });

  it('rejects a fraction outside 0–1', () => {
    expect(() => simulator.control.setLatencySpikes(1.5, 10)).toThrow(RangeError);
  });
});

describe('control.expireSessionsAtRandom()', () => {
  it('ends a session for good at random, never during its grace period', async () => {
    const own = await login(simulator);
    simulator.control.expireSessionsAtRandom(1, 60_000);
    expect((await call(simulator, 'user/list', { hash: own, limit: 1 })).status).toBe(200);

    simulator.control.expireSessionsAtRandom(1, 0);
    const ended = await call(simulator, 'user/list', { hash: own, limit: 1 });
    expect(ended.body).toMatchObject({ status: { code: 4 } });
    simulator.control.expireSessionsAtRandom(0);
    const later = await call(simulator, 'user/list', { hash: own, limit: 1 });
    expect(later.body).toMatchObject({ status: { code: 4 } }); // ended, not just refused once
    expect((await call(simulator, 'user/list', { hash, limit: 1 })).status).toBe(200);
  });

  it('ends about the given share of sessions past their grace', async () => {
    simulator.control.expireSessionsAtRandom(0.2, 0);
    let ended = 0;
    for (let i = 0; i < 100; i += 1) {
      const own = await login(simulator);
      const answer = await call(simulator, 'dealer/get_info', { hash: own });
      if (answer.status !== 200) ended += 1;
    }
    expect(ended).toBeGreaterThan(5); // 100 draws at 0.2: odds of 5 or fewer are below 1 in 10^5
    expect(ended).toBeLessThan(40);
  });
});

describe('fault controls over HTTP', () => {
  it('sets spikes and random expiry, and refuses rates outside 0–1', async () => {
    const spikes = { fraction: 1, ms: 150, action: 'timezone/list' };
    expect(
      (await raw(simulator, '/__control/latency-spikes', { method: 'POST', body: spikes })).status,
    ).toBe(204);
    const started = performance.now();
    await call(simulator, 'timezone/list', {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    const own = await login(simulator);
    const expiry = { rate: 1, graceMs: 0 };
    expect(
      (await raw(simulator, '/__control/random-expiry', { method: 'POST', body: expiry })).status,
    ).toBe(204);
    expect((await call(simulator, 'dealer/get_info', { hash: own })).body).toMatchObject({
      status: { code: 4 },
    });
    const bad = await raw(simulator, '/__control/random-expiry', {
      method: 'POST',
      body: { rate: 2 },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: 'rate must be a number from 0 to 1' },
    });
  });
});
