import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createPanelClient } from '../../src/panel/client.js';
import {
  PanelError,
  UpstreamBadResponseError,
  UpstreamDeadlineError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../../src/panel/errors.js';
import { tinyServer, type TinyServer } from '../helpers/tiny-server.js';

let server: TinyServer | undefined;
let pool: Pool | undefined;

afterEach(async () => {
  await pool?.close();
  await server?.close();
  pool = server = undefined;
});

async function clientFor(handler: Parameters<typeof tinyServer>[0], timeoutMs = 2_000) {
  server = await tinyServer(handler);
  pool = new Pool(server.origin);
  return createPanelClient({ baseUrl: server.url, dispatcher: pool, timeoutMs });
}

describe('panel client', () => {
  it('posts JSON to base/action and returns the payload without success', async () => {
    let seen: { method?: string; url?: string; type?: string } = {};
    const client = await clientFor((req, res) => {
      seen = { method: req.method, url: req.url, type: req.headers['content-type'] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true,"value":{"id":7}}');
    });
    await expect(client.call('user/read', { user_id: 7, hash: 'h' })).resolves.toEqual({
      value: { id: 7 },
    });
    expect(seen).toEqual({ method: 'POST', url: '/v2/panel/user/read', type: 'application/json' });
    expect(server!.received).toEqual([{ user_id: 7, hash: 'h' }]);
  });

  it('throws a PanelError with code, description, status and errors for a Navixy failure', async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          success: false,
          status: { code: 7, description: 'Invalid parameters' },
          errors: [{ parameter: 'order_by', error: 'Should be one of [id]' }],
        }),
      );
    });
    const error = await client.call('user/list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PanelError);
    expect(error).toMatchObject({
      navixyCode: 7,
      upstreamStatus: 400,
      upstreamDescription: 'Invalid parameters',
      upstreamErrors: [{ parameter: 'order_by', error: 'Should be one of [id]' }],
      status: 400,
      code: 'UPSTREAM_VALIDATION_FAILED',
    });
  });

  it('maps a code the table does not know to 502 UPSTREAM_ERROR, keeping the upstream code', async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"success":false,"status":{"code":299,"description":"Something new"}}');
    });
    await expect(client.call('dealer/get_info', {})).rejects.toMatchObject({
      status: 502,
      code: 'UPSTREAM_ERROR',
      extensions: { upstream: { code: 299, description: 'Something new' } },
    });
  });

  it('turns a non-JSON body into UPSTREAM_BAD_RESPONSE, and a 5xx page into UPSTREAM_UNAVAILABLE', async () => {
    let status = 200;
    const client = await clientFor((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html>oops</html>');
    });
    await expect(client.call('dealer/get_info', {})).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      status: 502,
    });
    status = 503;
    const error = await client.call('dealer/get_info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamBadResponseError);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
  });

  it('rejects a JSON answer that is neither success nor a Navixy error', async () => {
    const client = await clientFor((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"internal"}');
    });
    await expect(client.call('dealer/get_info', {})).rejects.toBeInstanceOf(
      UpstreamBadResponseError,
    );
  });

  it('times out with UpstreamTimeoutError when the answer does not come', async () => {
    const client = await clientFor(() => undefined, 150);
    const error = await client.call('dealer/get_info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504 });
  });

  it("cuts an attempt short at the call's deadline when it comes before the timeout", async () => {
    const client = await clientFor(() => undefined, 5_000);
    const started = Date.now();
    const error = await client
      .call('dealer/get_info', {}, { deadline: started + 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error).toMatchObject({ delivery: 'maybe' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server!.received).toHaveLength(1);
  });

  it('sends nothing once the deadline has passed', async () => {
    const client = await clientFor((_req, res) => res.end('{"success":true}'));
    const error = await client
      .call('dealer/get_info', {}, { deadline: Date.now() - 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamDeadlineError);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504, delivery: 'no' });
    expect(server!.received).toHaveLength(0);
  });

  it('turns a reset connection into UpstreamUnreachableError that may have been delivered', async () => {
    const client = await clientFor((req) => req.socket.destroy());
    const error = await client.call('dealer/get_info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnreachableError);
    expect(error).toMatchObject({ delivery: 'maybe' });
  });

  it('turns a refused connection into UpstreamUnreachableError that was not delivered', async () => {
    const client = await clientFor(() => undefined);
    await server!.close();
    await expect(client.call('dealer/get_info', {})).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      status: 502,
      delivery: 'no',
    });
  });
});
