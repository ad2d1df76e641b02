import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { startHarness, type Harness } from '../helpers/harness.js';
import { tinyServer, type TinyServer } from '../helpers/tiny-server.js';

/**
 * Between the gateway and the simulator, a proxy that can change the JSON answer of one action:
 * every answer is parsed with the catalog's response schema where `panel` is bound, so a shape
 * Navixy did not document is 502, whichever route asked.
 */
let sim: Simulator;
let proxy: TinyServer;
let h: Harness;
let rewrite: { action: string; change: (body: Record<string, unknown>) => unknown } | undefined;

beforeAll(async () => {
  sim = await startSimulator();
  proxy = await tinyServer((req, res, body) => {
    void forward(req.url ?? '/', req.headers['content-type'], body).then(({ status, text }) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  h = await startHarness({ name: 'upstream-shape', simulator: { ...sim, url: proxy.url } });
});
afterAll(async () => {
  await h.close();
  await proxy.close();
  await sim.close();
});
beforeEach(() => (rewrite = undefined));

async function forward(path: string, contentType: string | undefined, body: string) {
  const res = await request(`${new URL(sim.url).origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType ?? 'application/json' },
    body,
  });
  const text = await res.body.text();
  const action = path.replace('/v2/panel/', '');
  if (rewrite?.action !== action || res.statusCode !== 200) return { status: res.statusCode, text };
  const changed = rewrite.change(JSON.parse(text) as Record<string, unknown>);
  return { status: 200, text: JSON.stringify(changed) };
}

const tracker = (body: Record<string, unknown>) => body.value as Record<string, unknown>;

describe('an answer in a shape Navixy did not document', () => {
  it('is 502 UPSTREAM_BAD_RESPONSE problem+json on a read route, naming the field', async () => {
    rewrite = {
      action: 'tracker/read',
      change: (body) => ({ ...body, value: { ...tracker(body), id: 'three' } }),
    };
    const res = await h.client(h.key).get('/v1/trackers/3234901').expect(502);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 502,
      code: 'UPSTREAM_BAD_RESPONSE',
      detail: expect.stringContaining('tracker/read: HTTP 200, unexpected answer (value.id'),
    });
  });

  it('is 502 on a write route too: a session answer without its hash', async () => {
    rewrite = { action: 'user/session/create', change: ({ hash: _hash, ...rest }) => rest };
    const res = await h.client(h.key).post('/v1/users/371321/sessions').expect(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('is no fault when Navixy only adds a field', async () => {
    rewrite = {
      action: 'tracker/read',
      change: (body) => ({ ...body, value: { ...tracker(body), business_status: 'new' } }),
    };
    const res = await h.client(h.key).get('/v1/trackers/3234901').expect(200);
    expect(res.body).toMatchObject({ id: 3234901 });
    expect(res.body).not.toHaveProperty('business_status');
  });
});
