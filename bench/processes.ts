/**
 * The benchmark's server processes (`bench/servers.ts`): each role in a child process of its
 * own, so load generator and servers never share an event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import type { GatewayOptions, GatewayReport } from './servers.js';

/**
 * Node flags of every server process alike: the Docker image's memory flags (an 8 MiB young
 * generation, the old one collected once it grows by half), so the benchmark measures what ships.
 */
export const IMAGE_NODE_FLAGS = '--max-semi-space-size=8 --heap-growing-percent=50';
export const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? IMAGE_NODE_FLAGS)
  .split(' ')
  .filter(Boolean);

export interface Child {
  proc: ChildProcess;
  url: string;
  lines: AsyncIterator<string>;
}

export async function start(role: string, ...args: string[]): Promise<Child> {
  return startWith({}, role, ...args);
}

/** As {@link start}, the gateway with `options` (parts off, extra settings). */
export async function startWith(
  options: GatewayOptions,
  role: string,
  ...args: string[]
): Promise<Child> {
  const argv = [...NODE_FLAGS, ...(await serverScript()), role, ...args];
  const proc = spawn(process.execPath, argv, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_GATEWAY: JSON.stringify(options) },
  });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`${role} exited before it was ready`);
  return { proc, lines, url: (JSON.parse(first.value) as { url: string }).url };
}

let bundled: Promise<string> | undefined;

/**
 * How a server process runs `bench/servers.ts`: compiled once into one JavaScript file, as
 * production runs `dist/` (no TypeScript compiler inside the measured process, whose memory and
 * start-up it would count); `BENCH_TSX=1` runs the sources through tsx instead.
 */
async function serverScript(): Promise<string[]> {
  if (process.env.BENCH_TSX === '1') return ['--import', 'tsx', 'bench/servers.ts'];
  // Under node_modules/.cache, so that the bundle's imports of packages resolve as the sources' do.
  const dir = resolve('node_modules/.cache/npg-bench');
  const outfile = resolve(dir, `servers.${process.pid}.mjs`);
  bundled ??= (async () => {
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: ['bench/servers.ts'],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Packages stay imports, but for the workspace's simulator (TypeScript sources).
      plugins: [
        {
          name: 'external-packages',
          setup(on) {
            on.onResolve({ filter: /^[^./]/ }, ({ path }) =>
              path.startsWith('@navixy-panel-gateway/') ? undefined : { path, external: true },
            );
          },
        },
      ],
      logLevel: 'warning',
    });
    return outfile;
  })();
  return [await bundled];
}

export async function stop(child: Child): Promise<string | undefined> {
  child.proc.kill('SIGTERM');
  const next = await child.lines.next();
  return next.done ? undefined : next.value;
}

/** Asks a server process what it did so far (one JSON line per SIGUSR2). */
export async function reportOf(child: Child): Promise<GatewayReport> {
  child.proc.kill('SIGUSR2');
  const next = await child.lines.next();
  return JSON.parse(next.done ? '{}' : next.value) as GatewayReport;
}

/** Asks the gateway process which store calls it made so far. */
export async function storeCallsOf(child: Child): Promise<Record<string, number>> {
  return (await reportOf(child)).storeCalls;
}

/** Calls the simulator's control surface (`/__control/<name>`) in its process. */
export async function control(
  simulatorUrl: string,
  name: string,
  body?: Record<string, unknown>,
): Promise<unknown> {
  const read = name === 'calls';
  const res = await fetch(new URL(`/__control/${name}`, simulatorUrl), {
    method: read ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: read ? undefined : JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new Error(`simulator control ${name}: ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

/** How many times the simulator was called with `action` so far. */
export async function callsOf(simulatorUrl: string, action: string): Promise<number> {
  const calls = (await control(simulatorUrl, 'calls')) as { byAction: Record<string, number> };
  return calls.byAction[action] ?? 0;
}

/** Resident memory of a child process, in MiB (Linux `/proc`). */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}
