import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ name: 'docs', store: 'memory' });
});
afterAll(() => h.close());

describe('GET /docs', () => {
  it('serves Swagger UI from the local package, pointing at /openapi.yaml', async () => {
    const page = await h.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).not.toMatch(/https?:\/\//); // nothing from a CDN
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const init = await h.http.get('/docs/init.js').expect(200);
    expect(init.text).toContain("url: '/openapi.yaml'");
    const bundle = await h.http.get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    await h.http.get('/docs/assets/swagger-ui.css').expect(200);
  });

  it('answers 404 problem+json for an asset that does not exist', async () => {
    const res = await h.http.get('/docs/assets/nope.js').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 405 problem+json with Allow for another method on an asset', async () => {
    const res = await h.http.post('/docs/assets/swagger-ui.css').send({}).expect(405);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });
});
