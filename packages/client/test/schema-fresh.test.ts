import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchema, SCHEMA_FILE } from '../scripts/schema-source.js';

describe('src/schema.ts', () => {
  it('is what openapi-typescript makes of openapi.yaml now (else: npm run client:generate)', async () => {
    const fresh = await generateSchema();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // A plain comparison, not toBe: a diff of 500 kB would drown the reason.
    if (committed !== fresh) {
      expect.fail(
        'packages/client/src/schema.ts is stale against openapi.yaml: run `npm run client:generate` and commit it',
      );
    }
  }, 120_000);
});
