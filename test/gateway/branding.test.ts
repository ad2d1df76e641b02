import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { expectDocumented } from '../helpers/openapi.js';

/** UPLOAD_LIMIT_BYTES for this file: small, so the 413 test sends little. */
const UPLOAD_LIMIT = 64 * 1024;

const readOnly = makeKey('branding-read-only', ['service_settings:read']);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
const PATH = '/v1/dealer/branding/{type}';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'branding', keys: [readOnly], uploadLimitBytes: UPLOAD_LIMIT });
});
afterAll(() => h.close());
beforeEach(() => h.sim.control.resetCounters());

const upload = (type: string, file: Buffer, contentType = 'image/png', key = h.key) =>
  h.http
    .put(`/v1/dealer/branding/${type}`)
    .set('X-API-Key', key)
    .attach('file', file, { filename: 'image.png', contentType });
const remove = (type: string, key = h.key) =>
  h.http.delete(`/v1/dealer/branding/${type}`).set('X-API-Key', key);
const serviceSettings = async (): Promise<Record<string, unknown>> => {
  const res = await h.http.get('/v1/dealer/settings/service').set('X-API-Key', h.key).expect(200);
  return res.body as Record<string, unknown>;
};
const imageCalls = () =>
  h.sim.control.callLog().filter((c) => c.action.startsWith('dealer/settings/image/'));

describe('PUT /v1/dealer/branding/{type}', () => {
  it('uploads the image as multipart, type as a form part; the settings show its path', async () => {
    await upload('login_wallpaper', PNG).expect(204);
    const [call] = imageCalls();
    expect(call?.params).toMatchObject({
      type: 'login_wallpaper',
      file: { filename: 'image.png', contentType: 'image/png' },
    });
    expect((call?.params.file as { data: Buffer }).data.equals(PNG)).toBe(true);
    expect((await serviceSettings()).loginWallpaper).toMatch(
      /^static\/paas\/20410\/login_wallpaper_/,
    );
  });

  it('answers 400 INVALID_DATA_FORMAT for a file that is not an image', async () => {
    const res = await upload('logo', Buffer.from('hello'), 'text/plain').expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_DATA_FORMAT', upstream: { code: 234 } });
    expectDocumented(res, 'put', PATH);
  });

  it('answers 402 FEATURE_UNAVAILABLE when the plan has no branding', async () => {
    h.sim.control.failNext(1, 236, 'dealer/settings/image/upload');
    const res = await upload('logo', PNG).expect(402);
    expect(res.body).toMatchObject({ code: 'FEATURE_UNAVAILABLE', upstream: { code: 236 } });
    expectDocumented(res, 'put', PATH);
  });

  it('answers 502 UPSTREAM_INTERNAL_ERROR when Navixy cannot save the file (254)', async () => {
    h.sim.control.failNext(1, 254, 'dealer/settings/image/upload');
    const res = await upload('logo', PNG).expect(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_INTERNAL_ERROR', upstream: { code: 254 } });
  });

  it('answers 413 for a file over the limit, before anything goes upstream', async () => {
    const res = await upload('logo', Buffer.alloc(UPLOAD_LIMIT + 1, 1)).expect(413);
    expectDocumented(res, 'put', PATH);
    expect(imageCalls()).toEqual([]);
  });

  it('validates the type and the file, and checks the scope, before anything goes upstream', async () => {
    const bad = await upload('banner', PNG).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ in: 'path', name: 'type' })]);
    const noFile = await h.http
      .put('/v1/dealer/branding/logo')
      .set('X-API-Key', h.key)
      .field('note', 'no file')
      .expect(400);
    expect(noFile.body.errors).toEqual([expect.objectContaining({ name: 'file' })]);
    await upload('logo', PNG, 'image/png', readOnly.key).expect(403);
    expect(imageCalls()).toEqual([]);
  });
});

describe('DELETE /v1/dealer/branding/{type}', () => {
  it('deletes the image: the settings fall back to no path of their own', async () => {
    await upload('document_logo', PNG).expect(204);
    await remove('document_logo').expect(204);
    expect(imageCalls().at(-1)?.params).toEqual({ type: 'document_logo' });
    expect((await serviceSettings()).documentLogo).toBeNull();
  });

  it('answers 404 when Navixy has no settings record for the dealer (201)', async () => {
    h.sim.control.failNext(1, 201, 'dealer/settings/image/delete');
    const res = await remove('logo').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', upstream: { code: 201 } });
    expectDocumented(res, 'delete', PATH);
  });

  it('checks the scope and the type before anything goes upstream', async () => {
    await remove('logo', readOnly.key).expect(403);
    await remove('banner').expect(400);
    expect(imageCalls()).toEqual([]);
  });
});
