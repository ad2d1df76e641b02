import { readFileSync, writeFileSync } from 'node:fs';
import { withActionsTable } from '../src/openapi/actions-table.js';
import { generateOpenApiYaml } from '../src/openapi/generate.js';

const openapi = new URL('../openapi.yaml', import.meta.url);
writeFileSync(openapi, generateOpenApiYaml());
console.log(`wrote ${openapi.pathname}`);

const readme = new URL('../docs/endpoints.md', import.meta.url);
writeFileSync(readme, withActionsTable(readFileSync(readme, 'utf8')));
console.log(`updated the Panel action table in ${readme.pathname}`);
