import { mkdirSync, renameSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * Under `node_modules/.cache`, so that the bundles' imports of packages resolve from the project
 * as the sources' do. One file per entry point, replaced by each run: nothing accumulates.
 */
const DIR = resolve('node_modules/.cache/npg-test-entries');
const bundles = new Map<string, Promise<string>>();
const WORKSPACE = '@navixy-panel-gateway/';

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(on) {
    on.onResolve({ filter: /^[^./]/ }, ({ path }) =>
      path.startsWith(WORKSPACE) ? undefined : { path, external: true },
    );
  },
};

/**
 * An entry point (`src/keys-cli.ts`, `src/main.ts`) compiled into one ES module, for tests that
 * start it many times: node then loads one file instead of tsx compiling the whole graph again
 * in every child (about a CPU second each, far more on a busy machine).
 * Each entry point is still started through tsx somewhere in the suite, as `npm run` does.
 */
export function bundledEntry(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    const outfile = join(DIR, `${basename(entry, '.ts')}.mjs`);
    // Written aside, then renamed over: a child of another worker never reads half a file.
    const written = join(DIR, `${basename(entry, '.ts')}.${process.pid}.mjs`);
    mkdirSync(DIR, { recursive: true });
    bundle = build({
      entryPoints: [entry],
      outfile: written,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Packages stay imports, the workspace's simulator (TypeScript sources) aside.
      plugins: [externalPackages],
      logLevel: 'warning',
    }).then(() => {
      renameSync(written, outfile);
      return outfile;
    });
    bundles.set(entry, bundle);
  }
  return bundle;
}
