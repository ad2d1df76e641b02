import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { withActionsTable } from '../src/openapi/actions-table.js';
import { panelFieldsDoc } from '../src/openapi/fields-table.js';
import { generateOpenApiYaml } from '../src/openapi/generate.js';

const openapi = new URL('../openapi.yaml', import.meta.url);
writeFileSync(openapi, generateOpenApiYaml());
console.log(`wrote ${openapi.pathname}`);

const readme = new URL('../docs/endpoints.md', import.meta.url);
writeFileSync(readme, withActionsTable(readFileSync(readme, 'utf8')));
console.log(`updated the Panel action table in ${readme.pathname}`);

// Formatted as `npm run lint` checks it (the test compares it row by row, unformatted).
const fields = new URL('../docs/panel-fields.md', import.meta.url);
const config = (await resolveConfig(fileURLToPath(fields))) ?? {};
writeFileSync(fields, await format(await panelFieldsDoc(), { ...config, parser: 'markdown' }));
console.log(`wrote ${fields.pathname}`);
