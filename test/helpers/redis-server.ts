import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { connectRedis } from '../../src/store/redis-connection.js';
import { until } from './wait.js';

/** A redis-server of the test's own on 127.0.0.1, to stop, freeze and start again. */
export interface OwnRedis {
  url: string;
  start(): Promise<void>;
  /** Kills the server (SIGKILL): connections drop, nothing is saved. */
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, commands get no answer. */
  freeze(): void;
  thaw(): void;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const server: OwnRedis = {
    url,
    async start() {
      const started = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      started.once('error', (error) => {
        throw new Error(`redis-server could not be started (is it installed?): ${error.message}`);
      });
      child = started;
      const probe = connectRedis(url, () => undefined);
      try {
        await until(async () => (await probe.ping().catch(() => '')) === 'PONG');
      } finally {
        probe.disconnect();
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGCONT');
      running.kill('SIGKILL');
      await exited;
    },
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
  return server;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
