import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { OTHER_DEALER } from './fixtures.js';
import { call, login, navixyError } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator({
    accounts: [DEFAULT_ACCOUNT, { ...OTHER_DEALER, permissions: { trackers: ['read'] } }],
  });
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

describe('user/export', () => {
  it('answers CSV with the default columns, as the [UI] GET link asks for it', async () => {
    const answer = await call(
      simulator,
      'user/export',
      { hash, format: 'csv' },
      { transport: 'query' },
    );
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/csv/);
    const lines = (answer.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id;login;first_name;middle_name;last_name;phone');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toMatch(/^371321;fatima\.petrova321@example\.net;/);
  });

  it('exports the chosen columns of the filtered users (columns as JSON text)', async () => {
    const answer = await call(
      simulator,
      'user/export',
      { hash, format: 'csv', columns: ['id', 'balance'], filter: '371325' },
      { transport: 'query' },
    );
    expect(answer.body).toBe('id;balance\r\n371325;28.43\r\n');
  });

  it('answers an XLSX workbook (a ZIP) by default', async () => {
    const response = await request(`${simulator.url}/user/export?hash=${hash}`);
    const bytes = Buffer.from(await response.body.arrayBuffer());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(bytes.toString('latin1')).toContain('fatima.petrova321@example.net');
  });

  it('answers JSON errors: 7 for an unknown column or format, 13 without users: read', async () => {
    const bad = await call(simulator, 'user/export', {
      hash,
      format: 'pdf',
      columns: ['password'],
    });
    expect(bad.contentType).toMatch(/^application\/json/);
    expect(bad.body.errors).toEqual([
      { parameter: 'format', error: 'Should be one of [xlsx, csv]' },
      { parameter: 'columns', error: 'Unknown columns: password' },
    ]);
    const other = await login(simulator, OTHER_DEALER);
    const denied = await call(simulator, 'user/export', { hash: other });
    expect(denied.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});
