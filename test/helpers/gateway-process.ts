import { spawn, type ChildProcess } from 'node:child_process';
import type { Dispatcher } from 'undici';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT, type Simulator } from '@navixy-panel-gateway/simulator';
import { bundledEntry } from './entry-bundle.js';
import { makeKey, ALL_SCOPES } from './harness.js';
import { assertNoSecrets } from './logs.js';
import { REDIS_URL, TEST_SESSION_KEYS } from './redis.js';

/** A gateway started the way production starts it (`src/main.ts`), in a child process. */
export interface GatewayProcess {
  url: string;
  key: string;
  child: ChildProcess;
  /** Every stdout/stderr line so far (pino JSON, plus anything the process printed). */
  lines: string[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Stops it (SIGKILL unless told otherwise) and fails if a secret reached its output. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface GatewayProcessOptions {
  sim: Simulator;
  /** Key prefix in Redis; processes that share one share their sessions. */
  prefix: string;
  redisUrl?: string;
  env?: Record<string, string>;
  /** Start through tsx, as `npm run` would, instead of the entry's bundle (same code, faster). */
  tsx?: boolean;
}

/** Starts `src/main.ts` (bundled, or through tsx) on an ephemeral port and waits until it listens. */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'npg-process-'));
  const key = makeKey('process', ALL_SCOPES);
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify([key.entry]));
  const entry = options.tsx
    ? ['--import', 'tsx', 'src/main.ts']
    : [await bundledEntry('src/main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      PANEL_API_URL: options.sim.url,
      PANEL_LOGIN: DEFAULT_ACCOUNT.login,
      PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
      REDIS_URL: options.redisUrl ?? REDIS_URL,
      REDIS_KEY_PREFIX: options.prefix,
      SESSION_ENCRYPTION_KEYS: TEST_SESSION_KEYS,
      API_KEYS_FILE: keysFile,
      LOG_LEVEL: 'info',
      // Counted, but never reached by the load of tests about other things.
      CLIENT_RATE_LIMIT: '100000/60s',
      // As in the harness: the read cache's own tests turn it on.
      READ_CACHE: 'off',
      ...options.env,
    },
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line !== ''));
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = lines
        .map((line) => safeJson(line))
        .find((record) => record?.msg === 'gateway listening');
      if (listening) {
        clearInterval(timer);
        resolve(Number(listening.port));
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${lines.join('\n')}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    key: key.key,
    child,
    lines,
    exited,
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      assertNoSecrets(lines, [
        DEFAULT_ACCOUNT.password,
        key.key,
        ...options.sim.control.sessionHashes(),
      ]);
      return code;
    },
  };
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** GET `path` with the process's key; the status, or 0 when the request itself failed. */
export async function statusOf(
  dispatcher: Dispatcher,
  gateway: GatewayProcess,
  path: string,
): Promise<number> {
  try {
    const res = await dispatcher.request({
      method: 'GET',
      path,
      headers: { 'x-api-key': gateway.key },
    });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return 0; // refused, reset or cut off
  }
}
