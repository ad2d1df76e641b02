/**
 * `npx tsx bench/redis-cost.ts`: what the gateway asks of Redis per request, for the capacity
 * model of docs/performance.md. It starts a Redis of its own (`redis-server` on a free port,
 * nothing persisted), so the server's counters (`INFO commandstats`, `INFO stats` network bytes)
 * hold the gateway's commands only, commands run inside Lua scripts included. Then, with the
 * outbound limit and the client rate limit on at their defaults' shape, it sends a fixed number
 * of each kind of request, resetting the counters before each phase:
 * - read: `GET /v1/dealer` on a cached session (the uncached read path: a cache miss), one at
 *   a time, then eight identical ones at a time (which share Navixy calls);
 * - write: `PATCH /v1/users/{id}` (record lock, outbound slot);
 * - login: the simulator ends the session before each request, so each one logs in again.
 * And the memory Redis holds per client (its rate counter) and per Panel account.
 */
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { control, start, startWith } from './processes.js';

const FIRST_USER_ID = 371321;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const redisProc = spawn(
  'redis-server',
  ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
  { stdio: 'ignore' },
);
// Wait until it accepts connections, then connect once.
for (let i = 0; ; i++) {
  const open = await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  if (open) break;
  if (i > 100) throw new Error('redis-server did not start');
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const redis = new Redis({ port, host: '127.0.0.1' });

interface Stats {
  commands: Record<string, number>;
  netIn: number;
  netOut: number;
}

async function stats(): Promise<Stats> {
  const info = await redis.info('commandstats');
  const commands: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)) {
    commands[match[1]!] = Number(match[2]);
  }
  const net = await redis.info('stats');
  const number = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(net)?.[1] ?? 0);
  return {
    commands,
    netIn: number('total_net_input_bytes'),
    netOut: number('total_net_output_bytes'),
  };
}

const key = generateApiKey();
process.env.REDIS_URL = `redis://127.0.0.1:${port}`; // the gateway process connects to it
const sim = await start('simulator');
const gw = await startWith(
  {
    scopes: ['base:get_dealer_info', 'users:read', 'users:update'],
    settings: { PANEL_RATE_LIMIT_PER_SECOND: null, REDIS_URL: `redis://127.0.0.1:${port}` },
  },
  'gateway',
  sim.url,
  sha256Hex(key),
  '100000/60s',
);
const pool = new Pool(gw.url, { connections: 8 });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function send(method: 'GET' | 'PATCH', path: string, body?: unknown) {
  const res = await pool.request({
    method,
    path,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.body.dump();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode}`);
}

/** Runs `count` requests, `parallel` at a time, and prints Redis's counters per request. */
async function phase(name: string, count: number, one: (i: number) => Promise<void>, parallel = 8) {
  await redis.config('RESETSTAT');
  const before = await stats();
  for (let i = 0; i < count; i += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, (_, j) => one(i + j)));
  }
  const after = await stats();
  // The counters count this connection's INFO calls too: leave them out.
  const commands: Record<string, number> = {};
  for (const [command, calls] of Object.entries(after.commands)) {
    if (command === 'info' || command === 'config|resetstat') continue;
    const n = calls - (before.commands[command] ?? 0);
    if (n > 0) commands[command] = n / count;
  }
  const total = Object.values(commands).reduce((a, b) => a + b, 0);
  const netIn = (after.netIn - before.netIn) / count;
  const netOut = (after.netOut - before.netOut) / count;
  const list = Object.entries(commands)
    .map(([c, n]) => `${c} ${n.toFixed(2)}`)
    .join(', ');
  console.log(
    `${name.padEnd(8)} ${count} requests: ${total.toFixed(2)} commands/request (${list}); ` +
      `~${netIn.toFixed(0)} B to Redis, ~${netOut.toFixed(0)} B from Redis per request (INFO included)`,
  );
}

try {
  await send('GET', '/v1/dealer'); // warm: session cached
  // One at a time: each request makes its own Navixy call (a cache miss). Eight identical
  // reads in flight share one call (coalescing), which divides the outbound limiter's cost.
  await phase('read', 1000, () => send('GET', '/v1/dealer'), 1);
  await phase('read ×8', 2000, () => send('GET', '/v1/dealer'));
  await phase('write', 400, (i) =>
    send('PATCH', `/v1/users/${FIRST_USER_ID + (i % 30)}`, { comment: `c${i}` }),
  );
  // One by one: concurrent requests would share one login.
  await phase(
    'login',
    40,
    async () => {
      await control(sim.url, 'expire-sessions');
      await send('GET', '/v1/dealer');
    },
    1,
  );
  const keys = await redis.keys('*');
  console.log(`\nkeys in Redis after the run: ${keys.length}`);
  for (const name of keys.sort()) {
    const bytes = await redis.memory('USAGE', name);
    console.log(
      `  ${name.replace(/^npg-bench:\d+:/, '<prefix>')}: ${bytes} B (${await redis.type(name)})`,
    );
  }
} finally {
  await pool.close();
  gw.proc.kill('SIGTERM');
  sim.proc.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  redis.disconnect();
  redisProc.kill('SIGTERM');
}
