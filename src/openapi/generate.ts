import { ALL_ROUTES } from '../resources/route-table.js';
import { VERSION } from '../observability/version.js';
import { buildOpenApiDocument } from './document.js';
import { toYaml } from './yaml.js';

/**
 * The document depends on the code alone, and building it costs far more than any request:
 * it is built once per process, on first use, and every gateway of the process serves that text.
 */
let yaml: string | undefined;
let generations = 0;

/** The text of `openapi.yaml` as the code describes itself now. */
export function generateOpenApiYaml(): string {
  if (yaml === undefined) {
    generations += 1;
    yaml =
      '# Generated from the zod schemas by `npm run openapi`; do not edit by hand.\n' +
      toYaml(buildOpenApiDocument(ALL_ROUTES, VERSION));
  }
  return yaml;
}

/** How many times this process built the document: once at most. */
export function openApiGenerations(): number {
  return generations;
}
