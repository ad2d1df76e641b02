import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { ALL_ROUTES, ROUTES } from '../../src/resources/route-table.js';
import { panelActionsTable, TABLE_END, TABLE_START } from '../../tools/docs/actions-table.js';
import { fieldSections, panelFieldsDoc } from '../../tools/docs/fields-table.js';
import { withErrorTables } from '../../tools/docs/errors-table.js';
import { generateOpenApiYaml, openApiGenerations } from '../../src/openapi/generate.js';
import { PANEL_ACTIONS } from '../../src/panel/actions.js';
import { VERSION } from '../../src/observability/version.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { committedDocument } from '../helpers/openapi.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ name: 'openapi', store: 'memory' });
});
afterAll(() => h.close());

describe('openapi.yaml', () => {
  it('is what the code generates (run `npm run openapi` after changing a schema)', () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    expect(committed).toBe(generateOpenApiYaml());
  });

  it('documents every served route with its Panel actions and scopes', () => {
    for (const route of ROUTES) {
      const operation = committedDocument.paths[route.path]?.[route.method] as Record<
        string,
        unknown
      >;
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation['x-panel-actions']).toEqual(route.actions.map((a) => PANEL_ACTIONS[a].path));
    }
    for (const path of ['/healthz', '/readyz', '/openapi.yaml']) {
      expect(committedDocument.paths[path]?.get, path).toBeDefined();
    }
  });

  it('has no route in the app that the document misses', () => {
    const served = expressRoutes(h.gateway.app.router as unknown as Layered);
    expect(served.length).toBeGreaterThan(ROUTES.length);
    for (const { method, path } of served) {
      const documented = committedDocument.paths[path.replace(/:(\w+)/g, '{$1}')];
      expect(documented, `${method} ${path}`).toBeDefined();
      if (method !== '_all') expect(documented?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it('the docs\u2019 Panel action table is current (run `npm run openapi`)', () => {
    // Prettier aligns the columns and puts blank lines by the markers: compare the rows, folded.
    const rows = (text: string) =>
      text
        .slice(text.indexOf(TABLE_START), text.indexOf(TABLE_END))
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---').trim())
        .filter(Boolean);
    const readme = readFileSync(new URL('../../docs/endpoints.md', import.meta.url), 'utf8');
    expect(rows(readme)).toEqual(rows(panelActionsTable()));
  });

  it('docs/errors.md\u2019s problem code tables are current (run `npm run openapi`)', () => {
    // The tables are generated in place; prettier aligns them, so compare with runs folded.
    const fold = (text: string) =>
      text
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---').trim())
        .filter(Boolean)
        .join('\n');
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(fold(committed)).toBe(fold(withErrorTables(committed)));
  });

  it('docs/panel-fields.md is current (run `npm run openapi`)', async () => {
    // Prettier aligns its tables: compare the lines with runs of spaces and dashes folded.
    const fold = (text: string) =>
      text
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---').trim())
        .filter(Boolean)
        .join(' ')
        .replace(/ +/g, ' ');
    const committed = readFileSync(new URL('../../docs/panel-fields.md', import.meta.url), 'utf8');
    expect(fold(committed)).toBe(fold(await panelFieldsDoc()));
  });

  it('says why every Panel field a route does not pass on is withheld', async () => {
    const { sections } = await fieldSections();
    const unexplained = sections.flatMap((s) =>
      s.rows
        .filter((r) => r.to.length === 0 && !r.reason)
        .map((r) => `${s.action} ${r.path} (${s.routes.join(', ')})`),
    );
    expect(unexplained).toEqual([]);
    // The tracer finds the fields the mapping code passes on: the user's discount, for one.
    const user = sections.find((s) => s.routes.includes('`GET /v1/users/{id}`'))!;
    expect(user.rows).toContainEqual(
      expect.objectContaining({
        path: 'discount.value',
        to: ['discount.percent', 'discount.value'],
      }),
    );
  });

  it('is built once per process: a second gateway serves the same text without building it', async () => {
    expect(openApiGenerations()).toBe(1);
    const second = await startHarness({ name: 'openapi-second', store: 'memory' });
    try {
      const res = await second.http.get('/openapi.yaml').expect(200);
      expect(res.text).toBe(generateOpenApiYaml());
      expect(openApiGenerations()).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('reads back as the document built: the compact YAML loses nothing', () => {
    const built = JSON.parse(JSON.stringify(buildOpenApiDocument(ALL_ROUTES, VERSION))) as unknown;
    expect(parse(generateOpenApiYaml())).toEqual(built);
  });

  it(`stays under ${MAX_BYTES / 1000} kB`, () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url));
    expect(committed.byteLength).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('answers every problem through a shared response that exists', () => {
    const shared = committedDocument.components['responses'] ?? {};
    for (const [path, item] of Object.entries(committedDocument.paths)) {
      for (const [method, operation] of operations(item)) {
        for (const [status, answer] of Object.entries(operation.responses)) {
          if (/^[23]/.test(status)) continue;
          if (['/metrics', '/readyz'].includes(path)) continue; // their own answers, once each
          const ref = (answer as { $ref?: string }).$ref;
          expect(ref, `${method} ${path} ${status}`).toMatch(/^#\/components\/responses\//);
          expect(shared, `${method} ${path} ${status}`).toHaveProperty([ref!.split('/').pop()!]);
        }
      }
    }
  });

  it('spells out no parameter that several operations take alike', () => {
    const seen = new Map<string, string>();
    const shared = committedDocument.components['parameters'] ?? {};
    for (const [path, item] of Object.entries(committedDocument.paths)) {
      const onPath = (item['parameters'] ?? []) as object[];
      for (const [method, operation] of operations(item)) {
        for (const parameter of [...onPath, ...(operation.parameters ?? [])]) {
          const ref = (parameter as { $ref?: string }).$ref;
          if (ref) {
            expect(shared, `${method} ${path}`).toHaveProperty([ref.split('/').pop()!]);
            continue;
          }
          const key = JSON.stringify(parameter);
          expect(seen.get(key), `${method} ${path}: ${key}`).toBeUndefined();
          seen.set(key, `${method} ${path}`);
        }
      }
    }
    // The account headers, a record's id and a page's bounds are among them.
    expect(Object.keys(shared)).toEqual(
      expect.arrayContaining(['X-Panel-Account', 'X-Subdealer-Id', 'id', 'limit', 'offset']),
    );
  });

  it('is served at /openapi.yaml without auth', async () => {
    const res = await h.http.get('/openapi.yaml').expect(200);
    expect(res.headers['content-type']).toContain('application/yaml');
    expect(res.text).toBe(generateOpenApiYaml());
  });

  it('carries the package version', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

/** The bound on the document's size: every problem answer and shared parameter is a `$ref`. */
const MAX_BYTES = 200_000;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  responses: Record<string, unknown>;
  parameters?: object[];
}

function operations(item: Record<string, unknown>): [string, Operation][] {
  return Object.entries(item).filter(([method]) => METHODS.includes(method)) as [
    string,
    Operation,
  ][];
}

interface Layered {
  stack: { route?: { path: string; methods: Record<string, boolean> }; handle: unknown }[];
}

/** Every route Express serves, walking nested routers. */
function expressRoutes(router: Layered): { method: string; path: string }[] {
  return router.stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods).map((method) => ({
        method,
        path: layer.route!.path,
      }));
    }
    const nested = layer.handle as Partial<Layered>;
    return Array.isArray(nested.stack) ? expressRoutes(nested as Layered) : [];
  });
}
