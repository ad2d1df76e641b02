import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import { call, login, navixyError, readTracker, startLoggedIn } from './helpers.js';
import type { Json } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const read = (id: number): Promise<Json> => readTracker(simulator, hash, id);

describe('tracker/console/connect', () => {
  it('answers a 40-hex key and a unix timestamp', async () => {
    const answer = await call(simulator, 'tracker/console/connect', { hash, tracker_id: 3234904 });
    expect(answer.body).toEqual({
      success: true,
      key: expect.stringMatching(/^[0-9a-f]{40}$/),
      timestamp: expect.any(Number),
    });
    expect(Math.abs(answer.body.timestamp - Date.now() / 1000)).toBeLessThan(60);
  });

  it('answers 230 for a deleted or blocked tracker, 201 for unknown, 13 read-only', async () => {
    expect(
      (await call(simulator, 'tracker/console/connect', { hash, tracker_id: 3234955 })).body,
    ).toEqual(navixyError(230, 'Not supported for this entity type'));
    expect(
      (await call(simulator, 'tracker/console/connect', { hash, tracker_id: 3234952 })).body.status
        .code,
    ).toBe(230);
    expect(
      (await call(simulator, 'tracker/console/connect', { hash, tracker_id: 4 })).body.status.code,
    ).toBe(201);
    const readOnly = await login(simulator, READ_ONLY);
    expect(
      (await call(simulator, 'tracker/console/connect', { hash: readOnly, tracker_id: 3234904 }))
        .status,
    ).toBe(403);
  });
});

describe('tracker/active/history/list', () => {
  it('lists active trackers month by month with their owners', async () => {
    const answer = await call(simulator, 'tracker/active/history/list', {
      hash,
      from: '2026-06',
      to: '2026-08',
    });
    expect(answer.body.list.map((m: { month: string }) => m.month)).toEqual([
      '2026-06',
      '2026-07',
      '2026-08',
    ]);
    const august = answer.body.list[2];
    expect(august.amount).toBe(august.trackers.length);
    expect(august.amount).toBeGreaterThan(0);
    expect(august.trackers[0]).toEqual({
      tracker_id: expect.any(Number),
      user_id: expect.any(Number),
      label: expect.any(String),
      device_id: expect.any(String),
    });
    expect(answer.body.users_map[august.trackers[0].user_id]).toMatchObject({
      login: expect.any(String),
    });
  });

  it('answers 7 for a full date-time or to before from, 211 for over 12 months', async () => {
    const full = await call(simulator, 'tracker/active/history/list', {
      hash,
      from: '2026-06-01 00:00:00',
      to: '2026-05',
    });
    expect(full.body.errors).toEqual([
      { parameter: 'from', error: 'Should match ^\\d{4}-\\d{2}$' },
    ]);
    const reversed = await call(simulator, 'tracker/active/history/list', {
      hash,
      from: '2026-06',
      to: '2026-05',
    });
    expect(reversed.body.errors).toEqual([{ parameter: 'to', error: expect.any(String) }]);
    const wide = await call(simulator, 'tracker/active/history/list', {
      hash,
      from: '2024-01',
      to: '2026-01',
    });
    expect(wide.body).toEqual(navixyError(211, 'Requested time span is too big'));
  });

  it('answers 13 to a dealer with trackers: read but not report', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await call(simulator, 'tracker/active/history/list', {
      hash: readOnly,
      from: '2026-06',
      to: '2026-08',
    });
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});

describe('tracker/raw_command/send', () => {
  it('sends a text or hex command by device_id', async () => {
    const deviceId = (await read(3234904)).value.source.device_id;
    expect(
      (
        await call(simulator, 'tracker/raw_command/send', {
          hash,
          device_id: deviceId,
          command: 'getinfo',
        })
      ).body,
    ).toEqual({ success: true });
    const hex = await call(
      simulator,
      'tracker/raw_command/send',
      { hash, device_id: deviceId, command: 'A0b1', type: 'hex', reliable: false },
      { transport: 'form' },
    );
    expect(hex.body).toEqual({ success: true });
  });

  it('answers 7 for a non-hex command or tracker_id, 201 for an unknown device, 13 read-only', async () => {
    const deviceId = (await read(3234904)).value.source.device_id;
    const bad = await call(simulator, 'tracker/raw_command/send', {
      hash,
      device_id: deviceId,
      command: 'XYZ',
      type: 'hex',
    });
    expect(bad.body).toEqual({
      ...navixyError(7, 'Invalid parameters'),
      errors: [{ parameter: 'command', error: 'Non-hex string' }],
    });
    const byId = await call(simulator, 'tracker/raw_command/send', {
      hash,
      tracker_id: 3234904,
      command: 'getinfo',
    });
    expect(byId.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'tracker_id',
      'device_id',
    ]);
    const unknown = await call(simulator, 'tracker/raw_command/send', {
      hash,
      device_id: '000',
      command: 'x',
    });
    expect(unknown.body.status.code).toBe(201);
    const readOnly = await login(simulator, READ_ONLY);
    expect(
      (
        await call(simulator, 'tracker/raw_command/send', {
          hash: readOnly,
          device_id: deviceId,
          command: 'x',
        })
      ).body.status.code,
    ).toBe(13);
  });
});
