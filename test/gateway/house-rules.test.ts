import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The lint's dependency rules (`.dependency-cruiser.cjs`, run by `npm run lint:deps`) catch what
 * they are for: tried on a small tree under test/fixtures/house that breaks each of them.
 */
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const HOUSE = fileURLToPath(new URL('../fixtures/house/', import.meta.url));

async function violations(): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(HOUSE);
  try {
    const { output } = await cruise(['src', 'packages'], {
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
    });
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  } finally {
    process.chdir(previous);
  }
}

describe('the dependency rules of the lint', () => {
  it('refuse a type-only cycle, a lower layer importing a higher one, Express below HTTP and the simulator importing the gateway', async () => {
    const found = await violations();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^layer-panel: src\/panel\/client\.ts -> src\/routing\/route\.ts$/),
        expect.stringMatching(/^no-express-below-http: src\/panel\/client\.ts -> .*express/),
        expect.stringMatching(/^no-circular: src\/store\/(a|b)\.ts -> src\/store\/(a|b)\.ts$/),
        expect.stringMatching(
          /^simulator-not-gateway: packages\/simulator\/src\/leak\.ts -> src\/auth\/fine\.ts$/,
        ),
        expect.stringMatching(
          /^client-not-gateway: packages\/client\/src\/leak\.ts -> src\/auth\/fine\.ts$/,
        ),
      ]),
    );
    // An import down the layers (auth -> store) is no violation.
    expect(found.filter((v) => v.includes('src/auth/fine.ts ->'))).toEqual([]);
  });
});
