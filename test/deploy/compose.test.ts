import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, loadKeyStoreConfig } from '../../src/config/load.js';
import { DEFAULT_ACCOUNT } from '@navixy-panel-gateway/simulator';
import {
  defaultStage,
  envOfService,
  interpolate,
  interpolatedNames,
  isLoopback,
  makeSecretsAsDocumented,
  readEnvFile,
  readText,
  ROOT,
  SETTING_NAMES,
  settingDefault,
  stageNamed,
} from './deploy-files.js';
import { execForm } from './dockerfile.js';

interface Service {
  profiles?: string[];
  build?: { context: string; target?: string };
  environment?: Record<string, string | null> | string[];
  secrets?: (string | { source: string; target?: string })[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  command?: unknown;
  entrypoint?: unknown;
  read_only?: boolean;
  cap_drop?: string[];
  stop_grace_period?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
}

const raw = parse(readText('compose.yaml')) as ComposeFile;
const demoVars = readEnvFile('deploy/compose/demo.env');
const demo = interpolate(raw, demoVars) as ComposeFile;
const service = (name: string): Service => {
  const found = demo.services[name];
  if (!found) throw new Error(`compose.yaml has no service "${name}"`);
  return found;
};
const gateway = service('gateway');
const gatewayEnv = envOfService(gateway.environment);
const made = makeSecretsAsDocumented();
afterAll(() => made.remove());

/** The container ports a service publishes (`[ip:]host:container[/proto]`). */
const containerPorts = (s: Service) =>
  (s.ports ?? []).map((spec) => Number(spec.split('/')[0]!.split(':').at(-1)));

/** The path in the container of each secret a service gets: /run/secrets/<target>. */
function secretPaths(s: Service): Map<string, string> {
  return new Map(
    (s.secrets ?? []).map((entry) => {
      const { source, target } = typeof entry === 'string' ? { source: entry } : entry;
      return [join('/run/secrets', target ?? source), source];
    }),
  );
}

/**
 * The files a container would read: each mounted secret, the demo's from the checkout, the
 * others as the commands of docs/deployment.md make them in `secrets/`.
 */
function secretReader(s: Service, compose: ComposeFile): (path: string) => string {
  const paths = secretPaths(s);
  return (path) => {
    const source = paths.get(path);
    if (!source) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    const file = compose.secrets[source]!.file;
    if (file.startsWith('./secrets/')) return made.files[basename(file)]!;
    return readText(file);
  };
}

describe('compose.yaml', () => {
  it('runs the gateway and Redis always, and the simulator only under the demo profile', () => {
    expect(Object.keys(demo.services).sort()).toEqual(['gateway', 'redis', 'simulator']);
    expect(gateway.profiles).toBeUndefined();
    expect(service('redis').profiles).toBeUndefined();
    expect(service('simulator').profiles).toEqual(['demo']);
  });

  it('sets only settings the gateway reads', () => {
    const unknown = Object.keys(gatewayEnv).filter((name) => !SETTING_NAMES.has(name));
    expect(unknown).toEqual([]);
  });

  it('publishes the port the gateway listens on, and metrics from a non-loopback listener', () => {
    const port = Number(gatewayEnv.PORT ?? settingDefault('PORT'));
    expect(containerPorts(gateway)).toEqual([port, Number(gatewayEnv.METRICS_PORT)]);
    expect(gatewayEnv.METRICS_HOST).toBeDefined();
    expect(isLoopback(gatewayEnv.METRICS_HOST!)).toBe(false);
    expect(isLoopback(String(gatewayEnv.HOST ?? settingDefault('HOST')))).toBe(false);
  });

  it('mounts every _FILE secret where its setting points, from a file named after it', () => {
    const mounted = secretPaths(gateway);
    const fileSettings = Object.entries(gatewayEnv).filter(([name]) => name.endsWith('_FILE'));
    expect(fileSettings.map(([name]) => name).sort()).toEqual([
      'API_KEY_HMAC_SECRET_FILE',
      'PANEL_PASSWORD_FILE',
      'SESSION_ENCRYPTION_KEYS_FILE',
    ]);
    for (const [name, path = ''] of fileSettings) {
      const source = mounted.get(path);
      expect(source, `${name} points at ${path}, where no secret is mounted`).toBeDefined();
      // Outside the demo, each secret is ./secrets/<name>, a file docs/deployment.md makes.
      const production = interpolate(raw, { PANEL_API_URL: 'x', PANEL_LOGIN: 'x' }) as ComposeFile;
      expect(production.secrets[source!]!.file).toBe(`./secrets/${source}`);
      expect(Object.keys(made.files)).toContain(source);
    }
    // No secret mounted for nothing.
    expect([...mounted.keys()].sort()).toEqual(fileSettings.map(([, path]) => path).sort());
  });

  it('makes a configuration the gateway accepts, and one the keys CLI accepts in the container', () => {
    const readFile = secretReader(gateway, demo);
    const config = loadConfig(gatewayEnv, readFile);
    expect(config).toMatchObject({
      panel: { url: demoVars.PANEL_API_URL, login: DEFAULT_ACCOUNT.login },
      redis: { mode: 'standalone', url: 'redis://redis:6379' },
      metrics: { port: 9464, host: '0.0.0.0' },
    });
    expect(config.panel.password).toBe(DEFAULT_ACCOUNT.password);
    expect(config.sessionKeys).toHaveLength(1);
    // `docker compose exec gateway npg-keys create …` reads the same environment.
    const keys = loadKeyStoreConfig(gatewayEnv, readFile);
    expect(keys.redis).toEqual(config.redis);
    expect(keys.managedKeys.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to start without PANEL_API_URL rather than fall back to the simulator', () => {
    expect(() => interpolate(raw, {})).toThrow(/PANEL_API_URL/);
  });

  it('points the demo at the simulator service, its port and its demo account', () => {
    const simulator = service('simulator');
    const simulatorEnv = envOfService(simulator.environment);
    const url = new URL(demoVars.PANEL_API_URL!);
    expect(url.hostname).toBe('simulator');
    expect(Number(url.port)).toBe(Number(simulatorEnv.SIMULATOR_PORT));
    expect(containerPorts(simulator)).toEqual([Number(url.port)]);
    expect(url.pathname).toBe('/v2/panel');
    expect(isLoopback(simulatorEnv.SIMULATOR_HOST!)).toBe(false);
    expect(demoVars.PANEL_LOGIN).toBe(DEFAULT_ACCOUNT.login);
    expect(readText(demo.secrets['panel-password']!.file).trim()).toBe(DEFAULT_ACCOUNT.password);
    expect(demoVars.COMPOSE_PROFILES).toBe('demo');
  });

  it('has no variable in demo.env that compose.yaml does not use', () => {
    const used = interpolatedNames(readText('compose.yaml'));
    const unused = Object.keys(demoVars).filter((n) => !n.startsWith('COMPOSE_') && !used.has(n));
    expect(unused).toEqual([]);
  });

  it('builds the gateway from the default stage and the simulator from a stage of its own', () => {
    expect(gateway.build?.target).toBe(defaultStage().name);
    const simulator = stageNamed(service('simulator').build!.target!);
    expect(execForm(simulator, 'CMD')).toEqual(['node', 'dist/cli.js']);
    expect(existsSync(join(ROOT, 'packages/simulator/src/cli.ts'))).toBe(true);
  });

  it('runs the image as built: no command of its own, read-only, no capabilities', () => {
    expect(gateway.command).toBeUndefined();
    expect(gateway.entrypoint).toBeUndefined();
    expect(gateway.read_only).toBe(true);
    expect(gateway.cap_drop).toEqual(['ALL']);
  });

  it('waits for a healthy Redis, the one REDIS_URL names', () => {
    expect(new URL(gatewayEnv.REDIS_URL!).hostname).toBe('redis');
    expect(service('redis').healthcheck).toBeDefined();
    expect(gateway.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
  });

  it('gives requests in flight their SHUTDOWN_TIMEOUT_MS before Docker kills the gateway', () => {
    const grace = /^(\d+)s$/.exec(gateway.stop_grace_period ?? '')?.[1];
    const shutdownMs = Number(
      gatewayEnv.SHUTDOWN_TIMEOUT_MS ?? settingDefault('SHUTDOWN_TIMEOUT_MS'),
    );
    expect(Number(grace) * 1000).toBeGreaterThan(shutdownMs + 2_000);
  });
});
