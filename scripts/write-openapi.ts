import { writeFileSync } from 'node:fs';
import { generateOpenApiYaml } from '../src/openapi/generate.js';

const target = new URL('../openapi.yaml', import.meta.url);
writeFileSync(target, generateOpenApiYaml());
console.log(`wrote ${target.pathname}`);
