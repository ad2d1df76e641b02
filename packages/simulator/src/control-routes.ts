import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlSurface } from './control.js';
import { readBody, sendEmpty, sendJson } from './http-io.js';
import { SHAPE_CASES, parseLegacyShapes } from './shapes.js';

/** A bad control request: answered 400 with its message. */
class BadControlInput extends Error {}

type Body = Readonly<Record<string, unknown>>;

type Method = 'GET' | 'POST';

interface ControlRoute {
  readonly method: Method;
  /** `undefined` answers 204; anything else is sent as JSON with 200. */
  run(control: ControlSurface, body: Body): unknown;
}

/** `/__control/shapes`: the shape choice (reference §7), read with GET, replaced with POST. */
const SHAPE_ROUTES: readonly ControlRoute[] = [
  {
    method: 'GET',
    run: (control) => ({ legacy: control.legacyShapes(), cases: SHAPE_CASES }),
  },
  {
    method: 'POST',
    run: (control, body) => {
      if (!('legacy' in body)) throw new BadControlInput('legacy is required: "all" or a list');
      control.setLegacyShapes(parseLegacyShapes(body.legacy));
    },
  },
];

/** The HTTP twin of `SimulatorControl`, under `/__control/`; a name may take several methods. */
const ROUTES: Readonly<Record<string, ControlRoute | readonly ControlRoute[]>> = {
  'expire-sessions': { method: 'POST', run: (control) => control.expireSessions() },
  calls: {
    method: 'GET',
    run: (control) => ({ total: control.calls(), byAction: control.callsByAction() }),
  },
  latency: {
    method: 'POST',
    run: (control, body) => control.setLatency(count(body, 'ms'), action(body)),
  },
  'latency-spikes': {
    method: 'POST',
    run: (control, body) =>
      control.setLatencySpikes(fraction(body, 'fraction'), count(body, 'ms'), action(body)),
  },
  'random-expiry': {
    method: 'POST',
    run: (control, body) =>
      control.expireSessionsAtRandom(
        fraction(body, 'rate'),
        body.graceMs === undefined ? undefined : count(body, 'graceMs'),
      ),
  },
  fail: {
    method: 'POST',
    run: (control, body) => control.failNext(count(body, 'count'), code(body), action(body)),
  },
  'reset-connections': {
    method: 'POST',
    run: (control, body) => control.resetNextConnections(count(body, 'count'), action(body)),
  },
  garbage: {
    method: 'POST',
    run: (control, body) => control.garbageNext(count(body, 'count'), action(body)),
  },
  reset: { method: 'POST', run: (control) => control.reset() },
  shapes: SHAPE_ROUTES,
};

/** Serves `/__control/<name>`: 204 or JSON on success, 400 for bad input, 404/405 otherwise. */
export async function handleControlCall(
  control: ControlSurface,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): Promise<void> {
  const entry = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (entry === undefined) return sendJson(res, 404, JSON.stringify({ error: 'no such control' }));
  const routes: readonly ControlRoute[] = Array.isArray(entry) ? entry : [entry as ControlRoute];
  const route = routes.find((candidate) => candidate.method === req.method);
  if (route === undefined) {
    const allowed = routes.map((candidate) => candidate.method).join(', ');
    res.setHeader('allow', allowed);
    return sendJson(res, 405, JSON.stringify({ error: `use ${allowed}` }));
  }
  try {
    const result = route.run(control, parseBody(await readBody(req)));
    if (result === undefined) sendEmpty(res, 204);
    else sendJson(res, 200, JSON.stringify(result));
  } catch (error) {
    if (!(error instanceof BadControlInput || error instanceof RangeError)) throw error;
    sendJson(res, 400, JSON.stringify({ error: error.message }));
  }
}

function parseBody(text: string | undefined): Body {
  if (text === undefined) throw new BadControlInput('body too large');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadControlInput('body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadControlInput('body must be a JSON object');
  }
  return value as Body;
}

function count(body: Body, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new BadControlInput(`${name} must be a non-negative integer`);
  }
  return value;
}

function fraction(body: Body, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new BadControlInput(`${name} must be a number from 0 to 1`);
  }
  return value;
}

function code(body: Body): number {
  const value = body.code;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new BadControlInput('code must be a Navixy error code');
  }
  return value;
}

function action(body: Body): string | undefined {
  const value = body.action;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new BadControlInput('action must be a non-empty string');
  }
  return value.replace(/^\/+|\/+$/g, '');
}
