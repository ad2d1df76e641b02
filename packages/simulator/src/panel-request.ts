import type { IncomingHttpHeaders } from 'node:http';
import { PanelError } from './errors.js';
import type { Params } from './params.js';

const NVX_SCHEME = /^NVX\s+(\S+)\s*$/i;

/**
 * Reference §1.3: JSON body, form body and query string are equivalent and merge; a body value
 * wins over a query value of the same name. Form and query values stay strings; the readers
 * convert them. A body that is not valid JSON (or not a JSON object) is 5 Wrong request format.
 */
export function parseParams(
  query: URLSearchParams,
  contentType: string | undefined,
  body: string,
): Params {
  const params: Record<string, unknown> = Object.fromEntries(query);
  if (body.trim() === '') return params;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const fromBody = isForm(type, body)
    ? Object.fromEntries(new URLSearchParams(body))
    : parseJsonObject(body);
  return Object.assign(params, fromBody);
}

/** Form when it says so; without a usable content type, whatever does not look like JSON. */
function isForm(type: string, body: string): boolean {
  if (type === 'application/x-www-form-urlencoded') return true;
  if (type === 'application/json' || type.endsWith('+json')) return false;
  return !body.trimStart().startsWith('{');
}

function parseJsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PanelError(5);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PanelError(5);
  }
  return value as Record<string, unknown>;
}

/**
 * Reference §1.4: the hash travels as `Authorization: NVX <hash>`, body `hash` or query `hash`.
 * Precedence is undocumented; the header wins, then the merged parameters. A non-string `hash`
 * is kept as its text so the format check rejects it with 3.
 */
export function extractHash(headers: IncomingHttpHeaders, params: Params): string | undefined {
  const header = headers.authorization;
  const match = header === undefined ? null : NVX_SCHEME.exec(header);
  if (match?.[1] !== undefined) return match[1];
  const raw = params.hash;
  if (raw === undefined || raw === null) return undefined;
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}
