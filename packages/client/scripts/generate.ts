import { writeFileSync } from 'node:fs';
import { generateSchema, SCHEMA_FILE } from './schema-source.js';

writeFileSync(SCHEMA_FILE, await generateSchema());
console.log(`wrote ${SCHEMA_FILE}`);
