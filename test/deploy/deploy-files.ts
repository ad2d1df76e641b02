import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { settingsSchema } from '../../src/config/settings.js';
import { parseDockerfile, type Stage } from './dockerfile.js';

/** The checkout's root: tests run from it (vitest's root). */
export const ROOT = process.cwd();

export const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Every setting the gateway reads, from its settings schema (never a list kept by hand). */
export const SETTING_NAMES: ReadonlySet<string> = new Set(Object.keys(settingsSchema.shape));

type SettingName = keyof typeof settingsSchema.shape;

/** What the gateway takes when a setting is unset, as its schema says. */
export function settingDefault(name: SettingName): unknown {
  return settingsSchema.shape[name].parse(undefined);
}

/** A listen address that only the machine (or container) itself can reach. */
export function isLoopback(host: string): boolean {
  return /^(127\.|localhost$|::1$|\[::1\]$)/.test(host);
}

/** Where `npm run build` puts the compiled form of a source file (tsconfig's rootDir, outDir). */
export function compiledPath(source: string): string {
  const { compilerOptions } = JSON.parse(readText('tsconfig.json')) as {
    compilerOptions: { rootDir: string; outDir: string };
  };
  return join(compilerOptions.outDir, relative(compilerOptions.rootDir, source)).replace(
    /\.ts$/,
    '.js',
  );
}

export const dockerStages = (): Stage[] => parseDockerfile(readText('Dockerfile'));

/** The stage `docker build .` makes: the last one. */
export function defaultStage(): Stage {
  const stage = dockerStages().at(-1);
  if (!stage) throw new Error('the Dockerfile has no stage');
  return stage;
}

export function stageNamed(name: string): Stage {
  const stage = dockerStages().find((s) => s.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage "${name}"`);
  return stage;
}

/** A manifest of Kubernetes: enough of its shape to find it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Every object of every YAML file under `dir`, each with the file it came from. */
export function manifestsIn(dir: string): { file: string; manifest: Manifest }[] {
  return readdirSync(join(ROOT, dir))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readText(join(dir, file))).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
        return { file, manifest: doc.toJS() as Manifest };
      }),
    );
}

/** `KEY=value` lines of an env file (compose's `.env`), comments and blank lines skipped. */
export function readEnvFile(path: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readText(path).split('\n')) {
    const match = /^\s*([A-Za-z_]\w*)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.trim();
  }
  return vars;
}

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` and
 * `${VAR?error}` (and `$$` for a dollar) in every string of a parsed compose file. A required
 * variable that is unset throws, as `docker compose` stops.
 */
export function interpolate(value: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
      (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
        if (whole === '$$') return '$';
        const set = vars[name!];
        const unset = op?.startsWith(':') ? !set : set === undefined;
        if (!unset) return set!;
        if (op?.endsWith('?')) throw new Error(`${name}: ${arg ?? 'required'}`);
        return op ? (arg ?? '') : '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, vars)]),
    );
  }
  return value;
}

/** Every `${NAME…}` a text interpolates. */
export function interpolatedNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
}

/** The shell block that follows `<!-- marker -->` in docs/deployment.md. */
export function docsBlock(marker: string): string {
  const docs = readText('docs/deployment.md');
  const at = docs.indexOf(`<!-- ${marker} -->`);
  const block = /```sh\n([\s\S]*?)```/.exec(docs.slice(at))?.[1];
  if (at === -1 || block === undefined)
    throw new Error(`docs/deployment.md has no ${marker} block`);
  return block;
}

/** The Panel password typed at the prompt of the docs' commands. */
export const TYPED_PASSWORD = 'a Panel password';

/** Secret files made by running the commands docs/deployment.md shows, as written. */
export interface MadeSecrets {
  /** The directory the commands ran in (`secrets/` is in it). */
  dir: string;
  /** Each file of `secrets/` by name, with its content. */
  files: Record<string, string>;
  remove(): void;
}

export function makeSecretsAsDocumented(password = TYPED_PASSWORD): MadeSecrets {
  const dir = mkdtempSync(join(tmpdir(), 'npg-secrets-'));
  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', docsBlock('make-secrets')], {
    cwd: dir,
    input: `${password}\n`,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  if (run.status !== 0) throw new Error(`the docs' secret commands failed: ${run.stderr}`);
  const files = Object.fromEntries(
    readdirSync(join(dir, 'secrets')).map((name) => [
      name,
      readFileSync(join(dir, 'secrets', name), 'utf8'),
    ]),
  );
  return { dir, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A compose service's `environment` (a map or a list of `NAME=value`) as a map. */
export function envOfService(
  environment: Record<string, string | number | null> | string[] | undefined,
): Record<string, string | undefined> {
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment ?? {}).map(([name, value]) => [
      name,
      value === null ? undefined : String(value),
    ]),
  );
}
