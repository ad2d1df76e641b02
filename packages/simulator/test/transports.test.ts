import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index.js';
import type { Simulator } from '../src/index.js';
import { call, login, navixyError, raw } from './helpers.js';
import type { Json, Transport } from './helpers.js';

let simulator: Simulator;
let hash: string;

beforeAll(async () => {
  simulator = await startSimulator();
  hash = await login(simulator);
});

afterAll(async () => {
  await simulator.close();
});

const TRANSPORTS: Transport[] = ['json', 'form', 'query'];

describe('request encodings (reference §1.3)', () => {
  it('answers the same list for JSON, form and query parameters', async () => {
    const params = { hash, offset: 5, limit: 7, order_by: 'balance', ascending: false };
    const bodies: Json[] = [];
    for (const transport of TRANSPORTS) {
      bodies.push((await call(simulator, 'user/list', params, { transport })).body);
    }
    expect(bodies[0]).toMatchObject({ success: true, count: 50 });
    expect(bodies[0].list).toHaveLength(7);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('logs in with form-encoded credentials, as the Admin Panel UI does', async () => {
    const answer = await call(
      simulator,
      'account/auth',
      { login: '20410', password: 'Demo-Panel-Pa55!' },
      { transport: 'form' },
    );
    expect(answer.body).toMatchObject({ success: true, hash: expect.any(String) });
  });

  it('merges query-string and body parameters', async () => {
    const answer = await request(`${simulator.url}/tracker/list?hash=${hash}&limit=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clones_filter: 'include_clones_only' }),
    });
    const body = (await answer.body.json()) as { list: { clone: boolean }[] };
    expect(body.list).toHaveLength(3);
    expect(body.list.every((tracker: { clone: boolean }) => tracker.clone)).toBe(true);
  });

  it('answers 5 Wrong request format for a malformed JSON body', async () => {
    const answer = await request(`${simulator.url}/user/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"hash": "${hash}", "limit": `,
    });
    expect(answer.statusCode).toBe(400);
    expect(await answer.body.json()).toEqual(navixyError(5, 'Wrong request format'));
  });

  it('answers 9 Too large request with HTTP 412 for a body over 4 MiB', async () => {
    const answer = await request(`${simulator.url}/user/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash, filter: 'x'.repeat(4 * 1024 * 1024) }),
    });
    expect(answer.statusCode).toBe(412);
    expect(await answer.body.json()).toEqual(navixyError(9, 'Too large request'));
  });

  it('answers 5 for a JSON body that is not an object', async () => {
    const answer = await request(`${simulator.url}/user/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1, 2]',
    });
    expect((await answer.body.json()) as object).toEqual(navixyError(5, 'Wrong request format'));
  });
});

describe('routing', () => {
  it('accepts a trailing slash and GET as well as POST', async () => {
    const post = await call(simulator, 'dealer/get_info/', { hash });
    const get = await call(simulator, 'dealer/get_info/', { hash }, { transport: 'query' });
    expect(post.body).toMatchObject({ success: true, id: 20410 });
    expect(get.body).toEqual(post.body);
  });

  it('answers 111 Wrong handler for an unknown resource', async () => {
    const answer = await call(simulator, 'no_such_resource/list', { hash });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(111, 'Wrong handler'));
  });

  it('answers 112 Wrong method for an unknown action of a known resource', async () => {
    const answer = await call(simulator, 'user/no_such_action', { hash });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(navixyError(112, 'Wrong method'));
  });

  it('checks the route before the hash', async () => {
    const answer = await call(simulator, 'user/no_such_action', {});
    expect(answer.body.status.code).toBe(112);
  });

  it('answers a plain 404 outside /v2/panel and /__control', async () => {
    for (const path of ['/', '/v2/panelx/user/list', '/v2/user/list']) {
      const answer = await raw(simulator, path);
      expect(answer.status).toBe(404);
      expect(answer.contentType).toMatch(/^text\/plain/);
    }
  });

  it('answers 405 to methods other than GET and POST', async () => {
    const answer = await request(`${simulator.url}/user/list`, { method: 'PUT', body: '{}' });
    await answer.body.dump();
    expect(answer.statusCode).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST');
  });
});
