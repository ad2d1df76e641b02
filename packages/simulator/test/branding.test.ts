import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandingActions } from '../src/actions/branding.js';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { formPartsOf, multipartBoundary, parseMultipart } from '../src/multipart.js';
import { SimulatorStore } from '../src/store.js';
import { call, login, navixyError } from './helpers.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const BOUNDARY = 'sim-test-boundary';

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

function multipart(parts: Part[]): Buffer {
  const chunks = parts.flatMap((part) => {
    const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`;
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`;
    return [Buffer.from(head), Buffer.from(part.value), Buffer.from('\r\n')];
  });
  return Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

let simulator: Simulator;
let hash: string;

async function upload(parts: Part[], query = '') {
  const response = await request(`${simulator.url}/dealer/settings/image/upload${query}`, {
    method: 'POST',
    headers: {
      authorization: `NVX ${hash}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body: multipart(parts),
  });
  const text = await response.body.text();
  const json = text === '' ? undefined : JSON.parse(text);
  return { status: response.statusCode, headers: response.headers, body: json };
}

const logo = (type = 'image/png'): Part => ({
  name: 'file',
  value: PNG,
  filename: 'logo.png',
  type,
});

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

describe('multipart parsing', () => {
  it('keeps file bytes intact and tells form parts apart', () => {
    const boundary = multipartBoundary(`multipart/form-data; boundary="${BOUNDARY}"`);
    const form = parseMultipart(multipart([{ name: 'type', value: 'logo' }, logo()]), BOUNDARY);
    expect(boundary).toBe(BOUNDARY);
    expect({ ...form?.fields }).toMatchObject({ type: 'logo' });
    expect(form === undefined ? [] : [...formPartsOf(form.fields)!]).toEqual(['type', 'file']);
    expect(form?.files.file).toMatchObject({ filename: 'logo.png', contentType: 'image/png' });
    expect(form?.files.file?.data.equals(PNG)).toBe(true);
    expect(parseMultipart(Buffer.from('garbage'), BOUNDARY)).toBeUndefined();
  });
});

describe('dealer/settings/image/upload', () => {
  it('stores the image; service settings and dealer info show its path', async () => {
    const answer = await upload([{ name: 'type', value: 'logo' }, logo()]);
    expect(answer).toMatchObject({ status: 200, body: { success: true } });
    const service = await call(simulator, 'dealer/settings/service/read', { hash });
    expect(service.body.value.logo).toMatch(/^static\/paas\/20410\/logo_\d+\.png$/);
    const info = await call(simulator, 'dealer/get_info', { hash });
    expect(info.body.logo).toBe(service.body.value.logo);
  });

  it('redirects to redirect_target with the answer in response (§1.5)', async () => {
    const answer = await upload([
      { name: 'type', value: 'login_wallpaper' },
      { name: 'redirect_target', value: 'https://demo.navixy.com/branding' },
      logo('image/jpeg'),
    ]);
    expect(answer.status).toBe(302);
    const location = new URL(String(answer.headers.location));
    expect(location.origin + location.pathname).toBe('https://demo.navixy.com/branding');
    expect(JSON.parse(location.searchParams.get('response') ?? '')).toEqual({ success: true });
  });

  it('redirects errors too', async () => {
    const answer = await upload([
      { name: 'type', value: 'logo' },
      { name: 'redirect_target', value: 'https://demo.navixy.com/b?x=1' },
    ]);
    expect(answer.status).toBe(302);
    const location = new URL(String(answer.headers.location));
    expect(JSON.parse(location.searchParams.get('response') ?? '')).toEqual(
      navixyError(233, 'No data file'),
    );
  });

  it('answers 234 when type comes in the query string', async () => {
    const answer = await upload([logo()], '?type=logo');
    expect(answer.body).toEqual(navixyError(234, 'Invalid data format'));
  });

  it('answers 233 without a file part, 234 for a non-image, 7 for a bad type', async () => {
    expect((await upload([{ name: 'type', value: 'logo' }])).body.status.code).toBe(233);
    const text = await upload([{ name: 'type', value: 'logo' }, logo('text/plain')]);
    expect(text.body.status.code).toBe(234);
    const icon = await upload([{ name: 'type', value: 'logo' }, logo('image/x-icon')]);
    expect(icon.body.status.code).toBe(234);
    const bad = await upload([{ name: 'type', value: 'banner' }, logo()]);
    expect(bad.body.errors).toEqual([
      { parameter: 'type', error: expect.stringMatching(/^Should be one of/) },
    ]);
  });

  it('answers 236 when the dealer has no branding feature', () => {
    const store = new SimulatorStore([40100]);
    const data = store.dealer(40100);
    if (data === undefined) throw new Error('no dealer');
    data.dealer = { ...data.dealer, features: ['tracking'] };
    const form = parseMultipart(multipart([{ name: 'type', value: 'logo' }, logo()]), BOUNDARY);
    const action = brandingActions[0];
    if (action === undefined || action.public === true || form === undefined) throw new Error();
    const params = { ...form.fields, ...form.files };
    const run = () => action.handle({ params, store, dealer: data } as never);
    expect(run).toThrow(expect.objectContaining({ code: 236 }));
  });
});

describe('dealer/settings/image/delete', () => {
  it('removes the image path, falling back to the platform default', async () => {
    await upload([{ name: 'type', value: 'favicon' }, logo('image/x-icon')]);
    const answer = await call(simulator, 'dealer/settings/image/delete', { hash, type: 'favicon' });
    expect(answer.body).toEqual({ success: true });
    const service = await call(simulator, 'dealer/settings/service/read', { hash });
    expect(service.body.value).not.toHaveProperty('favicon');
  });

  it('requires a known type (7)', async () => {
    const answer = await call(simulator, 'dealer/settings/image/delete', { hash });
    expect(answer.body.errors).toEqual([
      { parameter: 'type', error: 'Required parameter is missing' },
    ]);
  });
});

describe('branding permissions', () => {
  it('needs service_settings:update (13)', async () => {
    const sim = await startSimulator({
      accounts: [{ ...DEFAULT_ACCOUNT, permissions: { service_settings: ['read'] } }],
    });
    try {
      const readOnly = await login(sim);
      const answer = await call(sim, 'dealer/settings/image/delete', {
        hash: readOnly,
        type: 'logo',
      });
      expect(answer.status).toBe(403);
    } finally {
      await sim.close();
    }
  });
});
