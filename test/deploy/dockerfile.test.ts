import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compiledPath,
  defaultStage,
  dockerStages,
  readText,
  ROOT,
  settingDefault,
  stageNamed,
} from './deploy-files.js';
import { argsOf, envOf, execForm } from './dockerfile.js';

const pkg = JSON.parse(readText('package.json')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
  engines: { node: string };
};
const runtime = defaultStage();
const MAIN = compiledPath('src/main.ts');

/** Every TypeScript file under `dir`. */
function sourcesIn(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourcesIn(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The source files a module imports, relative imports only (`./x.js` is `./x.ts`). */
function importsOf(source: string): string[] {
  const text = readText(source);
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    normalize(join(dirname(source), m[1]!.replace(/\.js$/, '.ts'))),
  );
}

describe('Dockerfile', () => {
  it('makes the runtime stage by default, on a Node its engines field accepts', () => {
    expect(runtime.name).toBe('runtime');
    const major = Number(/^node:(\d+)/.exec(runtime.base)?.[1]);
    expect(major).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)?.[0]));
  });

  it('runs node itself as PID 1 on the compiled entry point: no npm, no shell', () => {
    expect(execForm(runtime, 'CMD')).toEqual(['node', MAIN]);
    expect(argsOf(runtime, 'ENTRYPOINT')).toEqual([]);
    expect(existsSync(join(ROOT, 'src/main.ts'))).toBe(true);
    expect(envOf(runtime).NODE_ENV).toBe('production');
  });

  it('runs as a numeric non-root user, which Kubernetes runAsNonRoot can verify', () => {
    const user = argsOf(runtime, 'USER').at(-1) ?? 'root';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
  });

  it('listens, exposes and checks health on the same port, PORT', () => {
    const port = envOf(runtime).PORT ?? String(settingDefault('PORT'));
    expect(port).toBe(String(settingDefault('PORT')));
    expect(argsOf(runtime, 'EXPOSE').join(' ').split(/\s+/)).toContain(port);
    const healthcheck = argsOf(runtime, 'HEALTHCHECK').join(' ');
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain('process.env.PORT');
  });

  it('puts the compiled keys CLI, the package bin, on the PATH as npg-keys', () => {
    const bin = pkg.bin['npg-keys'];
    expect(bin).toBe(compiledPath('src/auth/keys-cli.ts'));
    expect(readText('src/auth/keys-cli.ts').split('\n')[0]).toBe('#!/usr/bin/env node');
    const workdir = argsOf(runtime, 'WORKDIR').at(-1);
    const run = argsOf(runtime, 'RUN').join('\n');
    expect(run).toContain(`chmod 755 ${bin}`);
    expect(run).toContain(`ln -s ${join(workdir!, bin!)} /usr/local/bin/npg-keys`);
  });

  it('keeps npm start safe: exec makes node npm’s child, so SIGTERM reaches the gateway', () => {
    expect(pkg.scripts.start).toBe(`exec node ${MAIN}`);
  });

  it('leaves out of the runtime only what no gateway module imports', () => {
    const prune = stageNamed('gateway-dist');
    expect(prune.base).toBe('build');
    expect(argsOf(runtime, 'COPY')).toContain('--from=gateway-dist /app/dist ./dist');
    const removed = argsOf(prune, 'RUN')
      .flatMap((args) => /^rm -r (.+)$/.exec(args)?.[1]?.split(/\s+/) ?? [])
      .filter((path) => !path.endsWith('.map'));
    // The sources of what is removed: dist/src/x.js is src/x.ts, dist/src/dir is src/dir.
    const sources = removed.map((path) => {
      const source = path.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, source)), `${path} has no source ${source}`).toBe(true);
      const compiled = source.endsWith('.ts')
        ? compiledPath(source)
        : `${compiledPath(`${source}/x.ts`)}`;
      expect(source.endsWith('.ts') ? compiled : dirname(compiled)).toBe(path);
      return source;
    });
    expect(sources).toEqual(['src/simulator', 'src/demo.ts']);
    const isRemoved = (file: string) =>
      sources.some((source) => file === source || file.startsWith(`${source}/`));
    const kept = sourcesIn('src').filter((file) => !isRemoved(file));
    const offending = kept.filter((file) => importsOf(file).some(isRemoved));
    expect(offending).toEqual([]);
    expect(kept).toContain('src/main.ts');
  });

  it('names every stage it refers to, and the simulator stage runs node only', () => {
    const names = dockerStages().map((stage) => stage.name);
    for (const stage of dockerStages()) {
      for (const copy of argsOf(stage, 'COPY')) {
        const from = /--from=(\S+)/.exec(copy)?.[1];
        if (from) expect(names).toContain(from);
      }
    }
    const simulator = stageNamed('simulator');
    expect(execForm(simulator, 'CMD')?.[0]).toBe('node');
    expect(argsOf(simulator, 'USER').at(-1)).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('keeps secrets out of the build context and out of git', () => {
    expect(readText('.dockerignore').split('\n')).toContain('secrets');
    expect(readText('.gitignore').split('\n')).toContain('secrets/');
  });
});
