import { ALL_ROUTES } from '../resources/route-table.js';
import { VERSION } from '../observability/version.js';
import { buildOpenApiDocument, toYaml } from './document.js';

/** The text of `openapi.yaml` as the code describes itself now. */
export function generateOpenApiYaml(): string {
  return (
    '# Generated from the zod schemas by `npm run openapi`; do not edit by hand.\n' +
    toYaml(buildOpenApiDocument(ALL_ROUTES, VERSION))
  );
}
