import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { parse } from 'yaml';

/** The committed openapi.yaml, as clients read it. */
export const committedDocument = parse(
  readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'),
) as {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...committedDocument, $id: 'openapi' });

const pointer = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/** Compiled once per documented answer: compiling costs far more than validating. */
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/**
 * Fails unless `res` is documented for `method path` with its status and content type, and its
 * body matches the documented schema.
 */
export function expectDocumented(res: Response, method: string, path: string): void {
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
  const operation = committedDocument.paths[path]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in openapi.yaml`);
  const responses = (operation as { responses: Record<string, unknown> }).responses;
  const status = String(res.status) in responses ? String(res.status) : 'default';
  const ref = `${responsePointer(responses, status, `/paths/${pointer(path)}/${method}`)}/content/${pointer(contentType)}/schema`;
  let validate = compiled.get(ref);
  try {
    validate ??= ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  } catch {
    throw new Error(
      `openapi.yaml documents no ${res.status} ${contentType} for ${method.toUpperCase()} ${path}`,
    );
  }
  if (!validate(res.body)) {
    throw new Error(
      `${method.toUpperCase()} ${path} ${res.status} does not match openapi.yaml: ${ajv.errorsText(validate.errors)}`,
    );
  }
}

const RESPONSE_REF = /^#\/components\/responses\/([^/]+)$/;

/**
 * Where the answer of `status` is described: in the operation, or in the shared response it
 * names by `$ref` (which must exist: a dangling one fails here, not as "undocumented").
 */
function responsePointer(responses: Record<string, unknown>, status: string, at: string): string {
  const answer = responses[status] as { $ref?: unknown } | undefined;
  if (typeof answer?.$ref !== 'string') return `openapi#${at}/responses/${status}`;
  const name = RESPONSE_REF.exec(answer.$ref)?.[1];
  if (!name || !(name in (committedDocument.components['responses'] ?? {}))) {
    throw new Error(`${at}/responses/${status} refers to ${answer.$ref}, which openapi.yaml lacks`);
  }
  return `openapi#/components/responses/${name}`;
}
