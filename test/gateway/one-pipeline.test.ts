import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';

/** `/v1` and `/admin` go through one request pipeline: what one refuses, the other refuses too. */
const admin = makeKey('admin', ['gateway:admin']);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ name: 'one-pipeline', keys: [admin] });
});
afterAll(() => h.close());

describe('the /admin routes', () => {
  it('refuse unknown query parameters as the /v1 routes do, before acting', async () => {
    for (const path of ['/admin/keys?bogus=1', '/admin/keys/0123456789abcdef?x=1']) {
      const res = await h.client(admin.key).get(path).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ in: 'query' })],
      });
    }
    const v1 = await h.client(h.key).get('/v1/dealer?bogus=1').expect(400);
    expect(v1.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answer 405 with Allow for another method, as the /v1 routes do', async () => {
    const res = await h.client(admin.key).put('/admin/keys', {}).expect(405);
    expect(res.headers.allow).toBe('POST, GET, HEAD');
    expect(res.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('name the route in the request log, like every route', async () => {
    await h.client(admin.key).get('/admin/keys').expect(200);
    expect(h.logs.requests().some((r) => r.route === '/admin/keys')).toBe(true);
  });
});
