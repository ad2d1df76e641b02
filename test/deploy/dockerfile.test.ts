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
import { IMAGE_NODE_FLAGS } from '../../bench/processes.js';

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

/**
 * What a module imports of this repository: relative imports as source files (`./x.js` is
 * `./x.ts`), the simulator package as `packages/simulator`.
 */
function importsOf(source: string): string[] {
  const text = readText(source);
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].flatMap(([, path]) => {
    if (path!.startsWith('.'))
      return [normalize(join(dirname(source), path!.replace(/\.js$/, '.ts')))];
    return path!.startsWith('@navixy-panel-gateway/simulator') ? ['packages/simulator'] : [];
  });
}

describe('Dockerfile', () => {
  it('makes the runtime stage by default, on a Node its engines field accepts', () => {
    expect(runtime.name).toBe('runtime');
    const major = Number(/^node:(\d+)/.exec(runtime.base)?.[1]);
    expect(major).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)?.[0]));
  });

  it('runs node itself as PID 1 on the compiled entry point: no npm, no shell', () => {
    expect(execForm(runtime, 'CMD')).toEqual(['node', '--heap-growing-percent=50', MAIN]);
    expect(argsOf(runtime, 'ENTRYPOINT')).toEqual([]);
    expect(existsSync(join(ROOT, 'src/main.ts'))).toBe(true);
    expect(envOf(runtime).NODE_ENV).toBe('production');
  });

  it('runs with the memory flags the benchmark measured: its soak holds for the image', () => {
    const cmd = execForm(runtime, 'CMD') ?? [];
    const flags = [...(envOf(runtime).NODE_OPTIONS ?? '').split(' '), ...cmd.slice(1, -1)];
    expect(flags.filter(Boolean).sort()).toEqual(IMAGE_NODE_FLAGS.split(' ').sort());
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
    expect(bin).toBe(compiledPath('src/keys-cli.ts'));
    expect(readText('src/keys-cli.ts').split('\n')[0]).toBe('#!/usr/bin/env node');
    const workdir = argsOf(runtime, 'WORKDIR').at(-1);
    const run = argsOf(runtime, 'RUN').join('\n');
    expect(run).toContain(`chmod 755 ${bin}`);
    expect(run).toContain(`ln -s ${join(workdir!, bin!)} /usr/local/bin/npg-keys`);
  });

  it('keeps npm start safe: exec makes node npm’s child, so SIGTERM reaches the gateway', () => {
    expect(pkg.scripts.start).toBe(`exec node --heap-growing-percent=50 ${MAIN}`);
  });

  it('ships the gateway alone: no demo, no simulator, and no gateway module imports either', () => {
    const build = JSON.parse(readText('tsconfig.build.json')) as {
      include: string[];
      exclude?: string[];
    };
    expect(build.include).toEqual(['src']);
    expect(build.exclude).toEqual(['src/demo.ts']);
    expect(argsOf(runtime, 'COPY')).toContain('--from=build /app/dist ./dist');
    const kept = sourcesIn('src').filter((file) => file !== 'src/demo.ts');
    const offending = kept.filter((file) =>
      importsOf(file).some((path) => path === 'src/demo.ts' || path.startsWith('packages/')),
    );
    expect(offending).toEqual([]);
    expect(kept).toContain('src/main.ts');
  });

  it("gives npm ci the workspaces' package.json wherever it runs (the lockfile names them)", () => {
    for (const stage of dockerStages()) {
      const runs = argsOf(stage, 'RUN').join('\n');
      if (!runs.includes('npm ci')) continue;
      expect(argsOf(stage, 'COPY'), stage.name).toEqual(
        expect.arrayContaining([
          'packages/simulator/package.json ./packages/simulator/',
          'packages/client/package.json ./packages/client/',
        ]),
      );
    }
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
