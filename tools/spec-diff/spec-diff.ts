import { z } from 'zod';
import type { PanelAction } from '../../src/panel/actions.js';
import { flatten, localResolver, lookup, segments, type FieldInfo, type Flat } from './flatten.js';

/**
 * How the project's Panel schemas (the action catalog) stand against an OpenAPI description of
 * the Panel API, action by action. Answers must accept whatever the description allows (the
 * gateway is a tolerant reader); requests must only send what it accepts.
 */
export interface ActionDiff {
  action: string;
  findings: Finding[];
}

export interface Finding {
  side: 'answer' | 'request';
  kind: FindingKind;
  path: string;
  detail: string;
}

/**
 * `missing`: the spec has the field, the catalog does not (an answer's field passes through
 * unread; a request never sends it). `type`/`enum`: a value one side allows the other refuses.
 * `required`: the catalog needs an answer field the spec leaves optional, or may leave out a
 * request field the spec requires. `extra` (reported with `all`): the catalog has a field the
 * spec does not, from the older sources.
 */
export type FindingKind = 'missing' | 'type' | 'enum' | 'required' | 'extra';

export interface SpecDiff {
  version: string;
  actions: ActionDiff[];
  /** Actions the spec describes and the catalog lacks. */
  notInCatalog: string[];
  /** Catalog actions the spec does not describe (legacy ones, §4.10). */
  notInSpec: string[];
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const PREFIX = '/panel/';

/** Compares `spec` (a parsed Admin_Panel.openapi.json) with `catalog`. */
export function diffSpec(spec: unknown, catalog: Readonly<Record<string, PanelAction>>): SpecDiff {
  const document = isJson(spec) ? spec : {};
  const resolve = localResolver(document);
  const paths = isJson(document.paths) ? document.paths : {};
  const specActions = new Map<string, Json>();
  for (const [path, item] of Object.entries(paths)) {
    const operation = isJson(item) ? (item.post ?? item.get) : undefined;
    if (path.startsWith(PREFIX) && isJson(operation)) {
      specActions.set(path.slice(PREFIX.length).replace(/\/$/, ''), operation);
    }
  }
  const actions: ActionDiff[] = [];
  for (const [name, operation] of specActions) {
    const action = catalog[name];
    if (!action) continue;
    const findings = [
      ...compareAnswer(answerSchema(operation, resolve), action, resolve),
      ...compareRequest(requestSchema(operation), action, resolve),
    ];
    actions.push({ action: name, findings });
  }
  const info = isJson(document.info) ? document.info : {};
  return {
    version: typeof info.version === 'string' ? info.version : 'unknown',
    actions,
    notInCatalog: [...specActions.keys()].filter((name) => !catalog[name]),
    notInSpec: Object.keys(catalog).filter((name) => !specActions.has(name)),
  };
}

/** The JSON body of the 200 answer, `success` left out (the catalog's answers exclude it). */
function answerSchema(operation: Json, resolve: ReturnType<typeof localResolver>): unknown {
  let response = isJson(operation.responses) ? operation.responses['200'] : undefined;
  if (isJson(response) && typeof response.$ref === 'string') response = resolve(response.$ref);
  const content = isJson(response) && isJson(response.content) ? response.content : {};
  const json = content['application/json'];
  return isJson(json) ? json.schema : undefined;
}

/** The request body's schema; file parts of multipart bodies are left out (not params). */
function requestSchema(operation: Json): unknown {
  const body = isJson(operation.requestBody) ? operation.requestBody : {};
  const content = isJson(body.content) ? body.content : {};
  const media = Object.values(content).find(isJson);
  const schema = media?.schema;
  if (!isJson(schema) || !isJson(schema.properties)) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).filter(([, p]) => !(isJson(p) && p.format === 'binary')),
  );
  return { ...schema, properties };
}

function ours(schema: z.ZodType): { flat: Flat } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return { flat: flatten(json, localResolver(json)) };
}

const label = (info: FieldInfo) => (info.types.size ? [...info.types].sort().join('|') : 'any');

/** Types `inner` may take that `outer` does not accept (`integer` fits in `number`). */
function notAccepted(inner: FieldInfo, outer: FieldInfo): string[] {
  if (outer.types.size === 0) return [];
  if (inner.types.size === 0) return ['any'];
  return [...inner.types].filter(
    (t) => !outer.types.has(t) && !(t === 'integer' && outer.types.has('number')),
  );
}

/** Enum values `inner` may take that `outer` does not list. */
function enumGap(inner: FieldInfo, outer: FieldInfo): string[] {
  if (!outer.enum) return [];
  if (!inner.enum) return ['any value'];
  return [...inner.enum].filter((v) => !outer.enum?.has(v)).map((v) => JSON.stringify(v));
}

/** Paths of `flat` below the root whose parent is also present (or that sit at the top). */
const fields = (flat: Flat) =>
  [...flat.keys()].filter((p) => p !== '' && p !== 'success' && !p.includes('*'));

/** Nothing to report below a field the other side types as "anything" (open objects). */
function coveredByOpen(path: string, flat: Flat): boolean {
  const parts = segments(path);
  for (let i = parts.length - 1; i > 0; i -= 1) {
    const info = lookup(flat, join(parts.slice(0, i)));
    if (info) return info.types.size === 0;
  }
  return false;
}

const join = (parts: string[]) => parts.join('.').replaceAll('.[]', '[]');

/** Whether the object holding `path` is one the catalog sends (the top level always is). */
function parentSent(path: string, flat: Flat): boolean {
  const parts = segments(path);
  return parts.length === 1 || lookup(flat, join(parts.slice(0, -1))) !== undefined;
}

function compareAnswer(
  spec: unknown,
  action: PanelAction,
  resolve: ReturnType<typeof localResolver>,
): Finding[] {
  if (spec === undefined) return [];
  const theirs = flatten(spec, resolve);
  const mine = ours(action.response).flat;
  const findings: Finding[] = [];
  const add = (kind: FindingKind, path: string, detail: string) =>
    findings.push({ side: 'answer', kind, path, detail });
  for (const path of fields(theirs)) {
    const spec = theirs.get(path)!;
    const here = lookup(mine, path);
    if (!here) {
      if (!coveredByOpen(path, mine)) add('missing', path, `not modelled (spec: ${label(spec)})`);
      continue;
    }
    const refused = notAccepted(spec, here);
    if (refused.length) add('type', path, `spec ${label(spec)}, catalog ${label(here)}`);
    const values = enumGap(spec, here);
    if (values.length) add('enum', path, `catalog refuses ${values.join(', ')}`);
    if (here.required && !spec.required)
      add('required', path, 'needed by the gateway, optional in the spec');
  }
  for (const path of fields(mine)) {
    if (!lookup(theirs, path) && !coveredByOpen(path, theirs))
      add('extra', path, `beyond the spec (${label(mine.get(path)!)})`);
  }
  return findings;
}

function compareRequest(
  spec: unknown,
  action: PanelAction,
  resolve: ReturnType<typeof localResolver>,
): Finding[] {
  const theirs = flatten(spec ?? { type: 'object', properties: {} }, resolve);
  const mine = ours(action.request).flat;
  const findings: Finding[] = [];
  const add = (kind: FindingKind, path: string, detail: string) =>
    findings.push({ side: 'request', kind, path, detail });
  for (const path of fields(theirs)) {
    const spec = theirs.get(path)!;
    const here = lookup(mine, path);
    if (!here) {
      if (coveredByOpen(path, mine)) continue;
      if (spec.required && parentSent(path, mine)) {
        add('required', path, `required by the spec, never sent (spec: ${label(spec)})`);
      } else {
        add('missing', path, `never sent (spec: ${label(spec)})`);
      }
      continue;
    }
    const refused = notAccepted(here, spec);
    if (refused.length)
      add('type', path, `catalog may send ${refused.join('|')}, spec takes ${label(spec)}`);
    const values = enumGap(here, spec);
    if (values.length) add('enum', path, `catalog may send ${values.join(', ')}`);
    if (spec.required && !here.required)
      add('required', path, 'required by the spec, optional in the catalog');
  }
  for (const path of fields(mine)) {
    if (!lookup(theirs, path) && !coveredByOpen(path, theirs))
      add('extra', path, `beyond the spec (${label(mine.get(path)!)})`);
  }
  return findings;
}
