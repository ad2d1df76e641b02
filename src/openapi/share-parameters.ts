/**
 * Parameters several operations take alike (X-Panel-Account, X-Subdealer-Id, a path's `{id}`,
 * a list's `limit` and `offset`) as `components.parameters`, each operation keeping a `$ref`.
 * The route specs build them from the same zod schemas, but the generator spells each one out in
 * every operation; sharing them here keeps the route specs free of document concerns.
 */

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: Record<string, unknown>;
}
type Reference = { $ref: string };
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: (Parameter | Reference)[];
}
interface Shareable {
  paths?: Record<string, object>;
  components?: { parameters?: Record<string, unknown> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** Operations of the document, in document order. */
function operations(document: Shareable): Operation[] {
  return Object.values(document.paths ?? {}).flatMap((item) =>
    Object.entries(item as Record<string, unknown>)
      .filter(([method]) => METHODS.has(method))
      .map(([, operation]) => operation as Operation),
  );
}

/**
 * The parameter as a reader looks for it, name and place first. The generator also repeats its
 * description in its schema: once is enough.
 */
function tidy(parameter: Parameter): Parameter {
  const { name, in: where, schema, ...rest } = parameter;
  if (!schema || rest.description === undefined || schema['description'] !== rest.description) {
    return { name, in: where, ...rest, ...(schema ? { schema } : {}) };
  }
  const { description: _echo, ...own } = schema;
  return { name, in: where, ...rest, schema: own };
}

/** JSON with keys sorted, so two equal parameters always give the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Use {
  parameter: Parameter;
  operation: Operation;
  count: number;
}

/**
 * Lifts every parameter that more than one operation takes into `components.parameters`, named
 * as clients send it (`X-Panel-Account`, `id`, `limit`). A different parameter of a name already
 * given is named after its first operation's tag (`Administration.id`), else its operation.
 */
export function shareParameters<D extends Shareable>(document: D): D {
  const uses = new Map<string, Use>();
  for (const operation of operations(document)) {
    operation.parameters = operation.parameters?.map((entry) => {
      if ('$ref' in entry) return entry;
      const parameter = tidy(entry);
      const key = canonical(parameter);
      const use = uses.get(key) ?? { parameter, operation, count: 0 };
      use.count += 1;
      uses.set(key, use);
      return parameter;
    });
  }
  // The most used parameter of a name gets the name itself.
  const shared = [...uses.entries()].filter(([, use]) => use.count > 1);
  shared.sort(([, a], [, b]) => b.count - a.count);
  const components: Record<string, Parameter> = {};
  const names = new Map<string, string>();
  for (const [key, { parameter, operation }] of shared) {
    const name = [
      parameter.name,
      `${operation.tags?.[0] ?? ''}.${parameter.name}`,
      `${operation.operationId ?? ''}.${parameter.name}`,
    ].find((candidate) => !(candidate in components) && !candidate.startsWith('.'));
    if (!name) throw new Error(`no free component name for the parameter ${parameter.name}`);
    components[name] = parameter;
    names.set(key, name);
  }
  for (const operation of operations(document)) {
    operation.parameters = operation.parameters?.map((entry) => {
      const name = '$ref' in entry ? undefined : names.get(canonical(entry));
      return name ? { $ref: `#/components/parameters/${name}` } : entry;
    });
  }
  document.components = {
    ...document.components,
    parameters: { ...document.components?.parameters, ...components },
  };
  for (const item of Object.values(document.paths ?? {})) toPathItem(item as PathItem);
  return document;
}

type PathItem = Record<string, unknown> & { parameters?: Reference[] };

/** Shared parameters every operation of a path takes (its `{id}`, the account headers) go on the path. */
function toPathItem(item: PathItem): void {
  const ops = Object.entries(item)
    .filter(([method]) => METHODS.has(method))
    .map(([, operation]) => operation as Operation);
  const [first] = ops;
  if (ops.length < 2 || !first) return;
  const refOf = (entry: Parameter | Reference) => ('$ref' in entry ? entry.$ref : undefined);
  const common = (first.parameters ?? []).filter(
    (entry): entry is Reference =>
      refOf(entry) !== undefined &&
      ops.every((op) => op.parameters?.some((other) => refOf(other) === refOf(entry))),
  );
  if (common.length === 0) return;
  for (const op of ops) {
    const own = op.parameters?.filter((entry) => !common.some((c) => c.$ref === refOf(entry)));
    if (own?.length) op.parameters = own;
    else delete op.parameters;
  }
  // Written before the operations, where a reader of the path looks first.
  const entries = Object.entries(item);
  for (const [key] of entries) delete item[key];
  Object.assign(item, { parameters: common }, Object.fromEntries(entries));
}
