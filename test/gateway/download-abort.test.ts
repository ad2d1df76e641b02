import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { listenApp } from '../helpers/raw-http.js';
import { tinyServer, type TinyServer } from '../helpers/tiny-server.js';
import { until } from '../helpers/wait.js';

/**
 * A file download whose client goes away: the gateway must cancel the upstream body at once, so
 * Navixy's connection is released instead of waiting, paused, for the body timeout. The upstream
 * is a small Panel stand-in that streams an export without end and notes when it is cut.
 */
const HASH = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
let upstream: TinyServer;
let h: Harness;
let gateway: Awaited<ReturnType<typeof listenApp>>;
const exports: { closed: boolean; bytes: number }[] = [];

beforeAll(async () => {
  upstream = await tinyServer((req, res) => {
    const action = (req.url ?? '').replace('/v2/panel/', '');
    if (action === 'account/auth') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ success: true, hash: HASH }));
      return;
    }
    if (action !== 'user/export') {
      res.statusCode = 400;
      res.end(JSON.stringify({ success: false, status: { code: 5, description: 'unknown' } }));
      return;
    }
    const state = { closed: false, bytes: 0 };
    exports.push(state);
    res.writeHead(200, { 'content-type': 'text/csv' });
    const row = 'id;login;first_name\n'.repeat(200);
    const timer = setInterval(() => {
      state.bytes += row.length;
      res.write(row);
    }, 10);
    res.on('close', () => {
      clearInterval(timer);
      state.closed = true;
    });
  });
  h = await startHarness({
    name: 'download-abort',
    secrets: [HASH],
    // Long, so that only the gateway's own cancelling can end the upstream body in time.
    settings: { PANEL_API_URL: upstream.url, UPSTREAM_TIMEOUT_MS: '30000' },
  });
  gateway = await listenApp(h.gateway.app);
});
afterAll(async () => {
  await gateway.close();
  await h.close();
  await upstream.close();
});

describe('a download whose client disconnects', () => {
  it('cancels the upstream body at once', async () => {
    let received = 0;
    const socket = connect(gateway.port, '127.0.0.1', () => {
      socket.write(
        `GET /v1/user-exports?format=csv HTTP/1.1\r\nHost: gw\r\nX-API-Key: ${h.key}\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
    await until(() => received > 50_000);
    expect(exports).toHaveLength(1);
    socket.destroy();
    await until(() => exports[0]!.closed, 3_000);
    await until(() => h.logs.requests().some((r) => r.route === '/v1/user-exports'));
    expect(h.logs.requests().find((r) => r.route === '/v1/user-exports')).toMatchObject({
      status: 499,
      aborted: true,
    });
  });
});
