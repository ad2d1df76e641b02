import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { ConnectionOptions } from 'node:tls';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { until } from './wait.js';

const run = promisify(execFile);

/**
 * The binaries a topology test needs. Missing, the test fails here with what to install (the
 * Debian package `redis-server` brings both Redis binaries; .ci/run installs them), never skips.
 */
export function requireRedisBinaries(extra: string[] = []): void {
  for (const binary of ['redis-server', 'redis-cli', ...extra]) {
    const probe = spawnSync(binary, [binary === 'openssl' ? 'version' : '--version'], {
      encoding: 'utf8',
    });
    if (probe.error || probe.status !== 0) {
      throw new Error(
        `${binary} is needed by the Redis Sentinel, Cluster and TLS tests and could not be run ` +
          `(${probe.error?.message ?? `exit ${probe.status}`}); install the Debian package ` +
          `${binary === 'openssl' ? 'openssl' : 'redis-server'} (.ci/run does).`,
      );
    }
  }
}

/** A port nobody listens on at 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Redis processes of one test file, in one scratch directory, all stopped by `stopAll`. */
export interface RedisProcesses {
  dir: string;
  /** Starts `redis-server <args>` and waits until it answers PING on `port` (TLS if given). */
  start(
    name: string,
    port: number,
    args: string[],
    password?: string,
    tls?: ConnectionOptions,
  ): Promise<ChildProcess>;
  /** SIGKILL: the process is gone at once, as in a crash. */
  kill(name: string): Promise<void>;
  stopAll(): Promise<void>;
}

export function redisProcesses(label: string): RedisProcesses {
  const dir = mkdtempSync(join(tmpdir(), `npg-${label}-`));
  const children = new Map<string, ChildProcess>();
  // Even when the test process dies before its afterAll: no redis-server outlives it.
  const killSync = () => {
    for (const child of children.values()) child.kill('SIGKILL');
  };
  process.once('exit', killSync);

  async function kill(name: string): Promise<void> {
    const child = children.get(name);
    children.delete(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  return {
    dir,
    async start(name, port, args, password, tls) {
      const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const failed = new Promise<never>((_, reject) => {
        child.once('error', (error) => reject(new Error(`redis-server ${name}: ${error.message}`)));
        child.once('exit', (code) =>
          reject(new Error(`redis-server ${name} exited (${code}) at start: ${stderr}`)),
        );
      });
      failed.catch(() => undefined);
      children.set(name, child);
      await Promise.race([failed, answers(port, password, tls)]);
      return child;
    },
    kill,
    async stopAll() {
      await Promise.all([...children.keys()].map((name) => kill(name)));
      process.off('exit', killSync);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain connection to one server (or Sentinel) of a topology, for the test's own checks. */
export function direct(port: number, password?: string, tls?: ConnectionOptions): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    ...(password === undefined ? {} : { password }),
    ...(tls === undefined ? {} : { tls }),
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
  });
  client.on('error', () => undefined);
  return client;
}

async function answers(
  port: number,
  password: string | undefined,
  tls: ConnectionOptions | undefined,
): Promise<void> {
  const probe = direct(port, password, tls);
  try {
    await until(async () => (await probe.ping().catch(() => '')) === 'PONG', 15_000);
  } finally {
    probe.disconnect();
  }
}

/**
 * Runs `redis-cli <args>` (the password through `REDISCLI_AUTH`, never on the command line);
 * its output, or a failure quoting what it printed.
 */
export async function redisCli(args: string[], password?: string): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', args, {
      timeout: 30_000,
      env: { ...process.env, ...(password === undefined ? {} : { REDISCLI_AUTH: password }) },
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`redis-cli ${args.join(' ')} failed: ${stderr}${stdout}`, { cause: error });
  }
}
