import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createHttpServer, listen, ListenError } from '../../src/http/server.js';
import { bundledEntry } from '../helpers/entry-bundle.js';

/**
 * Mistakes a new operator makes when starting the gateway (`npm start`, `npm run demo`): each
 * ends the process with exit code 1 and one clear message naming the setting, never a stack
 * trace nor a crash after "listening".
 */
let taken: Server;
let takenPort: number;
let dir: string;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'npg-startup-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => taken.close(resolve));
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an entry point to its end (it must end by itself: a mistake stops it at start). Its
 * bundle: the same code without tsx compiling it per child (shutdown, config and demo tests
 * start these entry points through tsx).
 */
async function run(entry: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [await bundledEntry(entry)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const settings = {
  PANEL_API_URL: 'http://127.0.0.1:9/v2/panel',
  PANEL_LOGIN: '20410',
  PANEL_PASSWORD: 'startup-password',
};
const noFiles = (path: string): string => {
  throw new Error(`no ${path}`);
};

const gatewayEnv = (env: Record<string, string>) => ({
  PANEL_API_URL: 'http://127.0.0.1:9/v2/panel',
  PANEL_LOGIN: '20410',
  PANEL_PASSWORD: 'startup-password',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  ...env,
});

/** One line on stderr, saying what and which setting, and no trace of a crash anywhere. */
function expectOneClearLine(result: Run, ...mentions: (string | RegExp)[]): void {
  expect(result.code, result.stderr + result.stdout).toBe(1);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  for (const mention of mentions) expect(lines[0]).toMatch(mention);
  expect(result.stderr + result.stdout).not.toMatch(/TypeError|\n\s+at |gateway listening/);
}

describe('a gateway that cannot start', () => {
  it('names the address and PORT when the port is in use', async () => {
    const result = await run('src/main.ts', gatewayEnv({ PORT: String(takenPort) }));
    expectOneClearLine(result, `127.0.0.1:${takenPort}`, /\bPORT\b/, /in use/);
  });

  it('names METRICS_PORT when the metrics port is in use', async () => {
    const result = await run('src/main.ts', gatewayEnv({ METRICS_PORT: String(takenPort) }));
    expectOneClearLine(result, `127.0.0.1:${takenPort}`, /METRICS_PORT/, /in use/);
  });

  it('refuses an AUDIT_LOG in a directory that does not exist', async () => {
    const path = join(dir, 'missing', 'audit.log');
    const result = await run('src/main.ts', gatewayEnv({ AUDIT_LOG: path }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`AUDIT_LOG: cannot append to ${path} \\(its directory does not exist`),
    );
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at |gateway listening/);
  });

  it('names HOST when the address is not one of this host', async () => {
    const server = createHttpServer(() => undefined, loadConfig(settings, noFiles).server);
    const failed = await listen(server, 0, '192.0.2.1', 'PORT, HOST').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ListenError);
    expect((failed as Error).message).toBe(
      'Cannot listen on 192.0.2.1:0 (PORT, HOST): this address is not on this host (EADDRNOTAVAIL)',
    );
  });

  it('refuses an AUDIT_LOG whose path is not a directory, as main checks it', () => {
    const append = (path: string) => closeSync(openSync(path, 'a'));
    expect(() =>
      loadConfig({ ...settings, AUDIT_LOG: '/etc/hostname/audit.log' }, noFiles, { append }),
    ).toThrow(
      'AUDIT_LOG: cannot append to /etc/hostname/audit.log (a part of the path is not a directory, ENOTDIR)',
    );
    const path = join(dir, 'audit.log');
    expect(loadConfig({ ...settings, AUDIT_LOG: path }, noFiles, { append }).auditLog).toBe(path);
  });
});

describe('a demo that cannot start', () => {
  it('says the port is in use and how to pick another', async () => {
    const result = await run('src/demo.ts', { PORT: String(takenPort) });
    expectOneClearLine(result, `127.0.0.1:${takenPort}`, /in use/, /PORT=\d+ npm run demo/);
  });

  it('refuses an unknown LOG_LEVEL with the settings message, not a stack trace', async () => {
    const result = await run('src/demo.ts', { PORT: '0', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+- LOG_LEVEL: /);
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at |Error: /);
  });
});
