import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { startGatewayProcess, statusOf, type GatewayProcess } from '../helpers/gateway-process.js';
import { makeKey, startHarness, type Harness } from '../helpers/harness.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { until } from '../helpers/wait.js';

/**
 * What a slow, idle or unauthenticated client may cost: a real gateway process with short
 * timeouts and a small connection cap, reached over raw sockets; and the request path, which
 * refuses a caller without credentials before it reads a byte of the body.
 */
const redis = testRedis();
const prefix = uniquePrefix('client-limits');
let sim: Simulator;
let gateway: GatewayProcess;
let port: number;

beforeAll(async () => {
  sim = await startSimulator();
  gateway = await startGatewayProcess({
    sim,
    prefix,
    env: { HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000', MAX_CONNECTIONS: '3' },
  });
  port = Number(new URL(gateway.url).port);
});
afterAll(async () => {
  await gateway.stop();
  await sim.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

interface Trickled {
  /** Everything the server wrote before it closed the connection. */
  text: string;
  /** Bytes the client had sent by then. */
  sent: number;
}

/** Sends `head` and then `drip` every 50 ms, forever, until the server closes the connection. */
function trickle(head: string, drip: string): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    let text = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) sent += drip.length;
        if (socket.writable) socket.write(drip);
      }, 50);
    });
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined); // a write after the server's close: expected here
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, sent });
    });
    setTimeout(() => reject(new Error('the server never closed the connection')), 15_000);
  });
}

const statusLine = (text: string) => text.split('\r\n')[0];
const problemOf = (text: string) =>
  JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

describe('a client that sends slowly', () => {
  it('is answered 408 once HEADERS_TIMEOUT_MS passes without the whole head', async () => {
    const { text } = await trickle('GET /v1/dealer HTTP/1.1\r\nHost: gw\r\n', 'X-Slow: 1\r\n');
    expect(statusLine(text)).toBe('HTTP/1.1 408 Request Timeout');
    expect(text).toMatch(/content-type: application\/problem\+json/i);
    expect(problemOf(text)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });

  it('is answered 408 once REQUEST_TIMEOUT_MS passes without the whole body', async () => {
    const head =
      'POST /v1/users HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n' +
      `X-API-Key: ${gateway.key}\r\nContent-Length: 100000\r\n\r\n{`;
    const { text, sent } = await trickle(head, ' ');
    expect(statusLine(text)).toBe('HTTP/1.1 408 Request Timeout');
    expect(problemOf(text)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(sent).toBeLessThan(100_000);
    expect(sim.control.calls('user/create')).toBe(0);
  });
});

describe('MAX_CONNECTIONS', () => {
  it('closes a connection beyond the cap at once, and takes new ones when others end', async () => {
    const pools = [0, 1, 2].map(() => new Pool(gateway.url, { connections: 1 }));
    expect(await statusOf(pools[0]!, gateway, '/v1/dealer')).toBe(200); // logged in
    sim.control.setLatency(1_500, 'user/read');
    const before = sim.control.calls('user/read');
    // Three users: three reads in flight (identical ones would share one upstream call).
    const busy = pools.map((pool, i) => statusOf(pool, gateway, `/v1/users/${371321 + i}`));
    await until(() => sim.control.calls('user/read') - before === 3);

    const extra = await trickle('GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n', '');
    expect(extra.text).toBe(''); // closed without a word: no answer costs anything
    await until(() => gateway.lines.some((line) => line.includes('MAX_CONNECTIONS are open')));

    expect(await Promise.all(busy)).toEqual([200, 200, 200]);
    sim.control.setLatency(0, 'user/read');
    await Promise.all(pools.map((pool) => pool.close()));
    const later = new Pool(gateway.url, { connections: 1 });
    await until(async () => (await statusOf(later, gateway, '/healthz')) === 200);
    await later.close();
  });
});

const stranger = makeKey('stranger', ['users:read']);
let h: Harness;

describe('authentication before the body', () => {
  beforeAll(async () => {
    h = await startHarness({ name: 'client-limits-auth', keys: [stranger] });
  });
  afterAll(() => h.close());

  const big = JSON.stringify({ padding: 'x'.repeat(200_000) });

  it('answers 401, not 413, to an unauthenticated POST of 200 kB on /v1 and /admin', async () => {
    for (const path of ['/v1/users', '/admin/keys']) {
      const res = await h.http.post(path).set('Content-Type', 'application/json').send(big);
      expect(res.status, path).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('never inflates a compressed body for a caller without credentials or scope', async () => {
    const bomb = gzipSync(Buffer.from(`{"padding":"${'x'.repeat(5_000_000)}"}`));
    const anonymous = await h.http
      .post('/v1/users')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(bomb);
    expect(anonymous.status).toBe(401);
    const unscoped = await h.http
      .post('/v1/users')
      .set('X-API-Key', stranger.key)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(bomb);
    expect(unscoped.status).toBe(403);
    expect(unscoped.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
  });

  it('answers 401 before reading a multipart upload', async () => {
    const res = await h.http
      .put('/v1/dealer/branding/logo')
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .send(
        `--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n${'y'.repeat(200_000)}`,
      );
    expect(res.status).toBe(401);
  });
});
