/**
 * The compiled gateway as the image runs it: `node dist/src/main.js`, the `npg-keys` bin through
 * its shebang, and `npm start`. Run by `npm run test:compiled` (which builds first; `.ci/run`
 * runs it after the suite): building takes longer than the suite should wait for.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator } from '@navixy-panel-gateway/simulator';
import { deletePrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { compiledPath, makeSecretsAsDocumented, readText, ROOT } from './deploy-files.js';

const MAIN = compiledPath('src/main.ts');
const BIN = (JSON.parse(readText('package.json')) as { bin: Record<string, string> }).bin[
  'npg-keys'
]!;
const prefix = uniquePrefix('compiled');
const redis = testRedis();
const secrets = makeSecretsAsDocumented(DEFAULT_ACCOUNT.password);
const file = (name: string) => join(secrets.dir, 'secrets', name);
const started: ChildProcess[] = [];
let sim: Simulator;

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map(
      (name) => statSync(join(ROOT, dir, name)).mtimeMs,
    ),
  );
}

beforeAll(async () => {
  // A stale or missing build would test something else than the sources.
  const built = statSync(join(ROOT, MAIN), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (newest('src') > built) {
    throw new Error(`${MAIN} is missing or older than src/: run npm run test:compiled`);
  }
  sim = await startSimulator();
});
afterAll(async () => {
  // Each process leads a group of its own: what it left behind (a failed run of npm start
  // orphans the gateway) goes with it.
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the whole group has exited
    }
  }
  await sim?.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
  secrets.remove();
});

/** The environment of the container, as docs/deployment.md sets it, on loopback ports of chance. */
function gatewayEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: '0',
    PANEL_API_URL: sim.url,
    PANEL_LOGIN: DEFAULT_ACCOUNT.login,
    PANEL_PASSWORD_FILE: file('panel-password'),
    SESSION_ENCRYPTION_KEYS_FILE: file('session-encryption-keys'),
    API_KEY_HMAC_SECRET_FILE: file('api-key-hmac-secret'),
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    METRICS_PORT: '0',
    METRICS_HOST: '127.0.0.1',
    METRICS_TOKEN: secrets.files['metrics-token']!,
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
}

/** A process whose JSON log lines are collected, with its listening ports once it logs them. */
interface Started {
  child: ChildProcess;
  records: Record<string, unknown>[];
  exited: Promise<number | string>;
  port: number;
  metricsPort: number;
}

async function start(command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: gatewayEnv(),
    stdio: 'pipe',
    detached: true,
  });
  started.push(child);
  const records: Record<string, unknown>[] = [];
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    let rest = '';
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        if (line.startsWith('{')) records.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
  }
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const logged = (msg: string) => records.find((record) => record.msg === msg);
  while (!logged('gateway listening')) {
    if (child.exitCode !== null) throw new Error(`exited before listening:\n${output.join('\n')}`);
    await new Promise((done) => setTimeout(done, 25));
  }
  return {
    child,
    records,
    exited,
    port: Number(logged('gateway listening')!.port),
    metricsPort: Number(logged('metrics listening')!.port),
  };
}

/** Runs the compiled keys CLI the way the image does: a symlink on the PATH, its shebang. */
function npgKeys(...args: string[]) {
  const bin = mkdtempSync(join(tmpdir(), 'npg-bin-'));
  chmodSync(join(ROOT, BIN), 0o755);
  symlinkSync(resolve(ROOT, BIN), join(bin, 'npg-keys'));
  const result = spawnSync('npg-keys', args, {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_KEY_HMAC_SECRET_FILE: file('api-key-hmac-secret'),
    },
  });
  rmSync(bin, { recursive: true, force: true });
  return result;
}

/** Whether a TCP connection to the port is refused: nothing listens there any more. */
function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

describe('the compiled gateway', () => {
  let key = '';

  it('issues a managed key with npg-keys, run through its shebang like the image runs it', () => {
    const created = npgKeys('create', '--name', 'compiled', '--scope', 'users:read');
    expect(created.status, created.stderr).toBe(0);
    key = /\b(npg_[0-9a-f]{16}_[\w-]{43})\b/.exec(created.stdout)?.[1] ?? '';
    expect(key).not.toBe('');
    const listed = npgKeys('list');
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({ name: 'compiled', status: 'active' });
  });

  it('serves that key from node dist/src/main.js, metrics on their own listener', async () => {
    const gateway = await start('node', [MAIN]);
    const base = `http://127.0.0.1:${gateway.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const users = await fetch(`${base}/v1/users?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(users.status).toBe(200);
    expect(await users.json()).toMatchObject({ limit: 1, items: [expect.any(Object)] });
    const metrics = await fetch(`http://127.0.0.1:${gateway.metricsPort}/metrics`, {
      headers: { authorization: `Bearer ${secrets.files['metrics-token']}` },
    });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('npg_http_requests_total{route="/v1/users"');

    // SIGTERM with a request in flight: it finishes, closing its connection, then node exits 0.
    sim.control.setLatency(400, 'user/list');
    const before = sim.control.calls('user/list');
    const inFlight = fetch(`${base}/v1/users?limit=1&offset=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    while (sim.control.calls('user/list') === before) {
      await new Promise((done) => setTimeout(done, 10));
    }
    gateway.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await gateway.exited).toBe(0);
    expect(gateway.records.map((r) => r.msg)).toContain('shutdown complete');
    sim.control.setLatency(0, 'user/list');
  });

  it('npm start hands SIGTERM to the gateway, which drains and exits, npm with it', async () => {
    const npm = await start('npm', ['start']);
    // With exec, npm's child is the gateway itself (no shell between them).
    const children = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(npm.child.pid)], {
      encoding: 'utf8',
    }).stdout.trim();
    // (with the image's memory flag, which NODE_OPTIONS may not carry)
    expect(children).toMatch(new RegExp(`^\\d+ node --heap-growing-percent=50 ${MAIN}$`));
    const gatewayPid = Number(children.split(' ')[0]);
    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.records.map((r) => r.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'shutdown complete']),
    );
    // Not orphaned: the gateway's process is gone and nothing listens on its port.
    expect(() => process.kill(gatewayPid, 0)).toThrow(/ESRCH/);
    expect(await refused(npm.port)).toBe(true);
  });
});
