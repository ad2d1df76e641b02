import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadKeyStoreConfig } from '../../src/config/load.js';
import {
  docsBlock,
  isLoopback,
  makeSecretsAsDocumented,
  readText,
  SETTING_NAMES,
  settingDefault,
  TYPED_PASSWORD,
} from './deploy-files.js';

/** One `docker run` as bash would run it: its options, image and command. */
interface DockerRun {
  env: Record<string, string>;
  /** Container path → host path, for read-only bind mounts. */
  readOnlyMounts: Map<string, string>;
  /** Container ports published. */
  published: number[];
  options: Map<string, string[]>;
  flags: Set<string>;
  image: string;
  command: string[];
}

const WITH_VALUE = new Set([
  '-e',
  '--env',
  '-v',
  '--volume',
  '-p',
  '--publish',
  '--name',
  '--network',
  '--tmpfs',
  '--cap-drop',
  '--security-opt',
  '--stop-timeout',
]);

function parseRun(args: string[]): DockerRun {
  const run: DockerRun = {
    env: {},
    readOnlyMounts: new Map(),
    published: [],
    options: new Map(),
    flags: new Set(),
    image: '',
    command: [],
  };
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i += 1) {
    const option = args[i]!;
    if (!WITH_VALUE.has(option)) {
      run.flags.add(option);
      continue;
    }
    const value = args[(i += 1)]!;
    run.options.set(option, [...(run.options.get(option) ?? []), value]);
    if (option === '-e' || option === '--env') {
      const at = value.indexOf('=');
      run.env[value.slice(0, at)] = value.slice(at + 1);
    } else if (option === '-v' || option === '--volume') {
      const [host = '', container = '', mode] = value.split(':');
      if (mode === 'ro') run.readOnlyMounts.set(container, host);
    } else if (option === '-p' || option === '--publish') {
      run.published.push(Number(value.split(':').at(-1)));
    }
  }
  run.image = args[i] ?? '';
  run.command = args.slice(i + 1);
  return run;
}

const made = makeSecretsAsDocumented();
afterAll(() => made.remove());

/**
 * The docs' docker commands run by bash, in the directory where the docs' secret commands ran,
 * with `docker` a function that records its arguments: what docker would have been given.
 */
function dockerInvocations(): string[][] {
  const record =
    'docker() { printf "%s\\037" "$@" >> "$NPG_DOCKER_LOG"; printf "\\036" >> "$NPG_DOCKER_LOG"; }';
  const log = join(made.dir, 'docker.log');
  const run = spawnSync(
    'bash',
    ['-euo', 'pipefail', '-c', `${record}\n${docsBlock('docker-run')}`],
    {
      cwd: made.dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, PWD: made.dir, NPG_DOCKER_LOG: log },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(log, 'utf8')
    .split('\x1e')
    .filter(Boolean)
    .map((line) => line.split('\x1f').slice(0, -1));
}

const invocations = dockerInvocations();
const runs = invocations.filter(([verb]) => verb === 'run').map((args) => parseRun(args.slice(1)));
const built = invocations.find(([verb]) => verb === 'build');
const image = built?.[built.indexOf('-t') + 1];
const gateway = runs.find((run) => run.image === image && run.command.length === 0)!;
const keys = runs.find((run) => run.image === image && run.command.length > 0)!;
const redis = runs.find((run) => run.image.startsWith('redis:'))!;

/** A container's file system as far as the settings go: its read-only mounts of host files. */
const readMounted = (run: DockerRun) => (path: string) => {
  const host = run.readOnlyMounts.get(path);
  if (!host) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
  return readFileSync(host, 'utf8');
};

describe('docker run, as docs/deployment.md shows it', () => {
  it('builds the image it runs, and runs the gateway, Redis and the keys CLI', () => {
    expect(built?.at(-1)).toBe('.');
    expect(image).toBe('navixy-panel-gateway');
    expect(gateway).toBeDefined();
    expect(keys).toBeDefined();
    expect(redis).toBeDefined();
  });

  it('sets only settings the gateway reads', () => {
    for (const run of [gateway, keys]) {
      expect(Object.keys(run.env).filter((name) => !SETTING_NAMES.has(name))).toEqual([]);
    }
  });

  it('mounts each _FILE secret, read-only, from the file the docs made', () => {
    const fileSettings = Object.entries(gateway.env).filter(([name]) => name.endsWith('_FILE'));
    expect(fileSettings.map(([name]) => name).sort()).toEqual([
      'API_KEY_HMAC_SECRET_FILE',
      'PANEL_PASSWORD_FILE',
      'SESSION_ENCRYPTION_KEYS_FILE',
    ]);
    for (const [name, path] of fileSettings) {
      const host = gateway.readOnlyMounts.get(path);
      expect(host, `${name} points at ${path}, where nothing is mounted`).toBeDefined();
      expect(host!.startsWith(join(made.dir, 'secrets/')), host).toBe(true);
    }
  });

  it('starts the gateway: its settings and mounted secrets make a valid configuration', () => {
    const config = loadConfig(gateway.env, readMounted(gateway));
    expect(config.panel.password).toBe(TYPED_PASSWORD);
    expect(config.metrics.token).toBe(made.files['metrics-token']);
    expect(config.sessionKeys).toHaveLength(1);
    expect(config.managedKeys.hmacSecret).toBe(made.files['api-key-hmac-secret']);
    expect(config.redis).toMatchObject({ mode: 'standalone' });
    const { url } = config.redis as { url: string };
    expect(new URL(url).hostname).toBe(redis.options.get('--name')?.[0]);
    expect(gateway.options.get('--network')).toEqual(redis.options.get('--network'));
  });

  it('publishes the gateway’s port and a metrics listener reachable from outside', () => {
    const metricsPort = Number(gateway.env.METRICS_PORT);
    expect(gateway.published).toEqual([Number(settingDefault('PORT')), metricsPort]);
    expect(isLoopback(gateway.env.METRICS_HOST ?? String(settingDefault('METRICS_HOST')))).toBe(
      false,
    );
  });

  it('gives the drain its SHUTDOWN_TIMEOUT_MS before the kill, on a read-only root', () => {
    const stopTimeout = Number(gateway.options.get('--stop-timeout')?.[0]);
    expect(stopTimeout * 1000).toBeGreaterThan(Number(settingDefault('SHUTDOWN_TIMEOUT_MS')));
    expect(gateway.flags.has('--read-only')).toBe(true);
    expect(gateway.options.get('--cap-drop')).toEqual(['ALL']);
  });

  it('runs the compiled keys CLI, npg-keys, with what it needs to issue keys', () => {
    const pkg = JSON.parse(readText('package.json')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(keys.command[0]);
    expect(keys.flags.has('--rm')).toBe(true);
    expect(keys.options.get('--network')).toEqual(gateway.options.get('--network'));
    const config = loadKeyStoreConfig(keys.env, readMounted(keys));
    expect(config.redis).toMatchObject({ mode: 'standalone', url: gateway.env.REDIS_URL });
    expect(config.managedKeys.hmacSecret).toBe(made.files['api-key-hmac-secret']);
  });
});
