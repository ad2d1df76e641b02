import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { GOOD_PASSWORD, READ_ONLY } from './fixtures.js';
import { call, login, navixyError, startLoggedIn } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => ({ simulator, hash } = await startLoggedIn()));
afterAll(() => simulator.close());

const HEADER =
  'Email address*;Password*;Status*;Legal status*;Surname*;Name*;Middle name;Phone number;Comment;' +
  'Country;Region;City;Street, address;Zip code;Discount;End date of discount;Device limit';

const row = (login: string, extra = ''): string =>
  `${login};${GOOD_PASSWORD};1;1;Hopper;Grace;;447700900001;"Imported; VIP";UK;England;Leeds;2 Park Row;LS1 5AB${extra}`;

interface Part {
  name: string;
  value: string;
  filename?: string;
}

/** POSTs a multipart/form-data body, `hash` as a form part as the [UI] sends it (§1.4). */
async function upload(parts: Part[], token = hash) {
  const boundary = 'simulator-test-boundary';
  const body = [...parts, { name: 'hash', value: token }]
    .map((part) => {
      const file =
        part.filename === undefined
          ? ''
          : `; filename="${part.filename}"\r\nContent-Type: text/csv`;
      return `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n\r\n${part.value}\r\n`;
    })
    .join('');
  const response = await request(`${simulator.url}/user/upload`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `${body}--${boundary}--\r\n`,
  });
  const text = await response.body.text();
  const json = String(response.headers['content-type']).startsWith('application/json');
  return {
    status: response.statusCode,
    headers: response.headers,
    body: json ? JSON.parse(text) : text,
  };
}

const csv = (...rows: string[]): Part => ({
  name: 'file',
  filename: 'users.csv',
  value: [HEADER, ...rows].join('\r\n'),
});

describe('user/upload', () => {
  it('imports the rows, which user/list then shows', async () => {
    const answer = await upload([
      csv(row('grace@example.com', ';7.5;2027-01-31;3'), row('alan@example.com')),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: true, total: 2, errors: 0 });
    const list = await call(simulator, 'user/list', { hash, filter: 'grace@example.com' });
    expect(list.body.list[0]).toMatchObject({
      first_name: 'Grace',
      post_city: 'Leeds',
      comment: 'Imported; VIP',
    });
    const read = await call(simulator, 'user/read', { hash, user_id: list.body.list[0].id });
    expect(read.body.discount).toEqual({ percent: 7.5, end_date: '2027-01-31', device_limit: 3 });
  });

  it('answers 206 and 273 with row_number', async () => {
    const taken = await upload([
      csv(row('new1@example.com'), row('fatima.petrova321@example.net')),
    ]);
    expect(taken.body).toEqual({ ...navixyError(206, 'Login already in use'), row_number: 3 });
    const twice = await upload([csv(row('dup@example.com'), row('DUP@example.com'))]);
    expect(twice.body).toEqual({ ...navixyError(273, 'Duplicate login'), row_number: 3 });
    expect(
      (await call(simulator, 'user/list', { hash, filter: 'new1@example.com' })).body.count,
    ).toBe(0);
  });

  it('answers 7 with row_number for a missing column or a bad row', async () => {
    const noPassword = await upload([
      { name: 'file', filename: 'u.csv', value: 'Email address*;Status*\r\na@b.co;1' },
    ]);
    expect(noPassword.body).toEqual({
      ...navixyError(7, 'Invalid parameters'),
      errors: [{ parameter: 'users_import.password', error: 'required column not found' }],
      row_number: 1,
    });
    const badEmail = await upload([csv(row('not-an-email'))]);
    expect(badEmail.body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'user.login', error: 'E-mail must be valid' }],
      row_number: 2,
    });
  });

  it('answers 268 Over quota (HTTP 402) above 10 000 rows', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => row(`bulk${i}@example.com`));
    const answer = await upload([csv(...rows)]);
    expect(answer.status).toBe(402);
    expect(answer.body).toEqual(navixyError(268, 'Over quota'));
  });

  it('answers 274 for an empty file and 233 without a file part', async () => {
    expect((await upload([csv()])).body).toEqual(navixyError(274, 'Empty data file'));
    expect((await upload([])).body).toEqual(navixyError(233, 'No data file'));
  });

  it('redirects to redirect_target with the answer in response, for success and errors', async () => {
    const target = 'https://panel.example.com/import-done';
    const ok = await upload([
      csv(row('redirect@example.com')),
      { name: 'redirect_target', value: target },
    ]);
    expect(ok.status).toBe(302);
    const location = new URL(String(ok.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(target);
    expect(JSON.parse(location.searchParams.get('response')!)).toEqual({
      success: true,
      total: 1,
      errors: 0,
    });
    const failed = await upload([csv(), { name: 'redirect_target', value: target }]);
    const response = new URL(String(failed.headers.location)).searchParams.get('response')!;
    expect(JSON.parse(response)).toEqual(navixyError(274, 'Empty data file'));
  });

  it('answers 13 without users: create', async () => {
    const readOnly = await login(simulator, READ_ONLY);
    const answer = await upload([csv(row('x@example.com'))], readOnly);
    expect(answer.body).toEqual(navixyError(13, 'Operation not permitted'));
  });
});
