import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { withActionsTable } from '../tools/docs/actions-table.js';
import { withErrorTables } from '../tools/docs/errors-table.js';
import { withReadCacheTables } from '../tools/docs/cache-table.js';
import { panelFieldsDoc } from '../tools/docs/fields-table.js';
import { generateOpenApiYaml } from '../src/openapi/generate.js';

const openapi = new URL('../openapi.yaml', import.meta.url);
writeFileSync(openapi, generateOpenApiYaml());
console.log(`wrote ${openapi.pathname}`);

/** Markdown formatted as `npm run lint` checks it (the tests compare the tables row by row). */
async function writeMarkdown(file: URL, text: string) {
  const config = (await resolveConfig(fileURLToPath(file))) ?? {};
  writeFileSync(file, await format(text, { ...config, parser: 'markdown' }));
}

const readme = new URL('../docs/endpoints.md', import.meta.url);
await writeMarkdown(readme, withActionsTable(readFileSync(readme, 'utf8')));
console.log(`updated the Panel action table in ${readme.pathname}`);

const fields = new URL('../docs/panel-fields.md', import.meta.url);
await writeMarkdown(fields, await panelFieldsDoc());
console.log(`wrote ${fields.pathname}`);

const errors = new URL('../docs/errors.md', import.meta.url);
await writeMarkdown(errors, withErrorTables(readFileSync(errors, 'utf8')));
console.log(`updated the problem code tables in ${errors.pathname}`);
const cache = new URL('../docs/cache.md', import.meta.url);
await writeMarkdown(cache, withReadCacheTables(readFileSync(cache, 'utf8')));
console.log(`updated the read cache tables in ${cache.pathname}`);
