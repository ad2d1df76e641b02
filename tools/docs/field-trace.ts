import { z } from 'zod';
import type { PanelCall, RouteSpec } from '../../src/routing/route-spec.js';
import { PANEL_ACTIONS, type PanelActionName } from '../../src/panel/actions.js';
import { parseAnswer } from '../../src/panel/answers.js';
import type { PanelPayload } from '../../src/panel/client.js';
import { PanelError } from '../../src/panel/errors.js';
import { flatten, localResolver, type Flat } from '../spec-diff/flatten.js';
import { BASE, jsonSchemaOf, synthesize } from '../synthesize.js';
import type { KeyAdmin } from '../../src/auth/key-admin.js';
import { ROUTE_EXAMPLES } from './route-examples.js';

/** The traced routes are `/v1` ones: none of them touches managed keys. */
const NO_KEYS: KeyAdmin = new Proxy({} as KeyAdmin, {
  get: () => () => Promise.reject(new Error('a /v1 route reached the managed keys')),
});

/**
 * Where each field of a Panel answer ends up in a route's answer, found by running the route's
 * own handler (the mapping code itself, nothing restated): the handler gets an answer with every
 * field the action's schema models, then one field changed at a time, and the fields of its
 * answer that change are where that Panel field went. A field whose change shows nowhere is
 * withheld; one hidden by a sibling that means the same (`percent` beside `value`) is tried
 * again with its optional siblings left out.
 */
export interface FieldTrace {
  action: string;
  /** Panel field path (`value.discount.percent`) → client field paths it reaches. */
  fields: Map<string, string[]>;
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The answers the tracer feeds a handler, by action; an action without one is "no such action". */
type Answers = Map<string, PanelPayload>;

/** Actions a run called. */
let called = new Set<string>();

/** The fields a route answers with, for these Panel answers; undefined when it refused them. */
async function run(route: RouteSpec, answers: Answers): Promise<unknown> {
  const example = ROUTE_EXAMPLES[route.operationId] ?? {};
  called = new Set();
  const answer = (action: string) => {
    called.add(action);
    const given = answers.get(action);
    if (!given) {
      throw new PanelError({
        action,
        navixyCode: 112,
        description: 'Wrong method',
        httpStatus: 400,
        errors: [],
      });
    }
    const payload = structuredClone(given);
    return { answer: parseAnswer(action as PanelActionName, payload), raw: payload };
  };
  // Promises, as the real calls: an answer that fails to parse rejects, as it would there.
  const later = <T>(fn: () => T) => Promise.resolve().then(fn);
  const panel = ((action: string) => later(() => answer(action).answer)) as unknown as PanelCall;
  panel.withRaw = ((action: string) => later(() => answer(action))) as PanelCall['withRaw'];
  panel.upload = ((action: string) => later(() => answer(action).answer)) as PanelCall['upload'];
  panel.download = () => Promise.reject(new Error('files are not traced'));
  try {
    return await route.handle({
      params: route.params ? route.params.parse(example.path ?? {}) : {},
      query: route.query ? route.query.parse(example.query ?? {}) : {},
      body: route.body ? route.body.parse(example.body) : undefined,
      panel,
      lock: (_record, fn) => fn(),
      upload: example.file
        ? {
            file: { filename: 'f', contentType: example.file, data: Buffer.from('x') },
            fields: {},
          }
        : undefined,
      principal: { kind: 'jwt', name: 'trace', id: 'jwt:trace', scopes: new Set(), userId: 4021 },
      keys: NO_KEYS,
      mayGrant: () => undefined,
    });
  } catch {
    return undefined;
  }
}

/** `value` changed so that any mapping of it changes too (dates stay dates). */
function changed(value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') {
    const last = value.at(-1) ?? '';
    if (/\d/.test(last))
      return value.slice(0, -1) + (last === '9' ? '8' : String(Number(last) + 1));
    return `${value}x`;
  }
  if (Array.isArray(value)) return [...(value as unknown[]), ...(value as unknown[])];
  if (isJson(value)) return { ...value, traced: 1 };
  return 'changed';
}

/** Every leaf of `value` by path (`list[].id`: the first item stands for all). */
function leaves(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length ? leaves(value[0], `${path}[]`) : [path];
  if (isJson(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [path];
}

const steps = (path: string) => path.split(/\.|(?=\[\])/).filter(Boolean);

/** `root` with the value at `path` replaced by `update(old)`, and its optional siblings dropped. */
function edit(
  root: Json,
  path: string,
  update: (old: unknown) => unknown,
  drop?: (sibling: string) => boolean,
) {
  const copy = structuredClone(root);
  const parts = steps(path);
  let node: unknown = copy;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    if (part === '[]') {
      if (!Array.isArray(node) || node.length === 0) return copy;
      node.splice(1);
      if (last) node[0] = update(node[0]);
      node = node[0];
      continue;
    }
    if (!isJson(node)) return copy;
    if (last) {
      if (drop)
        for (const key of Object.keys(node)) if (key !== part && drop(key)) delete node[key];
      node[part] = update(node[part]);
    }
    node = node[part];
  }
  return copy;
}

/** Paths of `a` and `b` whose values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) return differences(a[0], b[0], `${path}[]`);
  if (isJson(a) && isJson(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [path || '(the whole answer)'];
}

/**
 * Values the tracer starts some fields at: the kinds of text the mapping code parses (dates,
 * date-times, months), and the values under which a mapping uses other fields at all.
 */
const STRING_STARTS = ['2024-02-03', '2024-02-03 04:05:06', '2024-02'];
const STARTS: Record<string, Record<string, unknown>> = {
  'account/get_permissions': { permissions: { users: ['read'] } },
  'user/menu/preset/list': { 'list[].assignments[].type': 'users' },
  'user/mfa/settings/default/read': { 'value.type': 'allowed' },
};

const cache = new Map<string, { answer: Json; flat: Flat }>();
function modelOf(action: string) {
  let model = cache.get(action);
  if (!model) {
    const schema = jsonSchemaOf(PANEL_ACTIONS[action as PanelActionName].response);
    let answer = synthesize(schema, BASE) as Json;
    for (const [path, start] of Object.entries(STARTS[action] ?? {})) {
      answer = edit(answer, path, () => start);
    }
    model = { answer, flat: flatten(schema, localResolver(schema)) };
    cache.set(action, model);
  }
  return model;
}

/** Where the field at `path` of `action`'s answer reaches the route's answer. */
async function traceField(route: RouteSpec, answers: Answers, action: string, path: string) {
  const { answer, flat } = modelOf(action);
  const parent = steps(path).slice(0, -1).join('.').replaceAll('.[]', '[]');
  const optional = (k: string) => !flat.get(parent ? `${parent}.${k}` : k)?.required;
  const attempt = async (root: Json, drop?: (k: string) => boolean) => {
    const before = edit(root, path, (v) => v, drop);
    const after = edit(root, path, changed, drop);
    const outcome = await run(route, new Map([...answers, [action, before]]));
    return differences(outcome, await run(route, new Map([...answers, [action, after]])));
  };
  const current = steps(path).reduce<unknown>(
    (node, part) => (part === '[]' ? (node as unknown[])[0] : (node as Json)[part]),
    answer,
  );
  const starts = typeof current === 'string' ? STRING_STARTS : [];
  for (const root of [answer, ...starts.map((s) => edit(answer, path, () => s))]) {
    // A sibling meaning the same may hide the field (`percent` beside `value`): then alone.
    for (const drop of [undefined, optional]) {
      const reached = await attempt(root, drop);
      if (reached.length > 0) return reached.sort();
    }
  }
  return [];
}

/**
 * The trace of every action `route` reads (writes' bare `{success}` answers have no fields). An
 * action the route calls only when another one is no action (a fallback, §7) is traced with
 * those failing; one it never calls that way has no entries.
 */
export async function traceRoute(route: RouteSpec): Promise<FieldTrace[]> {
  const all: Answers = new Map(route.actions.map((a) => [a, modelOf(a).answer]));
  await run(route, all);
  const first = called;
  const traces: FieldTrace[] = [];
  for (const action of route.actions) {
    const answers = first.has(action)
      ? all
      : new Map([...all].filter(([name]) => name === action || !first.has(name)));
    await run(route, answers);
    if (!called.has(action)) continue;
    const fields = new Map<string, string[]>();
    for (const path of leaves(modelOf(action).answer).filter(Boolean)) {
      fields.set(path, await traceField(route, answers, action, path));
    }
    if (fields.size > 0) traces.push({ action, fields });
  }
  return traces;
}

/** Whether a route answers JSON built from Panel answers (not a file, not 204). */
export const tracesFields = (route: RouteSpec) =>
  route.response.schema instanceof z.ZodType && !route.response.contentTypes;
