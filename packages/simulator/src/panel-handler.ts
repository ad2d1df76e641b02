import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionRegistry } from './actions/registry.js';
import type { ActionDefinition, ActionResult } from './actions/types.js';
import type { CallRecorder } from './call-log.js';
import { PanelError, errorBody } from './errors.js';
import type { Fault, FaultPlan } from './faults.js';
import { readRawBody, sendJson, sendText } from './http-io.js';
import { HttpAnswer, successBody } from './json.js';
import { multipartBoundary, parseMultipart } from './multipart.js';
import { extractHash, parseParams } from './panel-request.js';
import type { Params } from './params.js';
import { grants } from './permissions.js';
import type { SessionStore } from './sessions.js';
import type { ShapeMode } from './shapes.js';
import type { SimulatorStore } from './store.js';

export interface PanelDeps {
  readonly registry: ActionRegistry;
  readonly store: SimulatorStore;
  readonly sessions: SessionStore;
  readonly recorder: CallRecorder;
  readonly faults: FaultPlan;
  /** Which shape cases answer the older shape (reference §7). */
  readonly shapes: ShapeMode;
  /** Aborted when the simulator closes, so pending delays end at once. */
  readonly closing: AbortSignal;
}

/** What `garbageNext` answers: the kind of page a proxy in front of an API sends by mistake. */
const GARBAGE_HTML =
  '<!DOCTYPE html><html><head><title>Service Unavailable</title></head>' +
  '<body><h1>Maintenance in progress</h1><p>Please try again later.</p></body></html>';

interface Incoming {
  readonly params: Params;
  /** Set when the body could not be read as parameters: 5 (bad format) or 9 (too large). */
  readonly problem: PanelError | undefined;
}

/** Serves one `/v2/panel/<name>` call: record, delay, inject a fault, or answer. */
export async function handlePanelCall(
  deps: PanelDeps,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  name: string,
): Promise<void> {
  const incoming = readIncoming(query, req.headers['content-type'], await readRawBody(req));
  deps.recorder.record(name, incoming.params, req);
  const latency = deps.faults.latencyFor(name);
  if (latency > 0) await sleep(latency, undefined, { signal: deps.closing });
  const fault = deps.faults.take(name);
  if (fault !== undefined) {
    applyFault(req, res, fault);
    return;
  }
  const answer = answerCall(deps, req, name, incoming);
  if (answer instanceof HttpAnswer) sendAnswer(res, answer);
  else sendJson(res, answer.status, answer.body);
}

function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

function readIncoming(
  query: URLSearchParams,
  contentType: string | undefined,
  body: Buffer | undefined,
): Incoming {
  if (body === undefined) return { params: Object.fromEntries(query), problem: new PanelError(9) };
  try {
    const boundary = multipartBoundary(contentType);
    if (boundary !== undefined) return multipartIncoming(query, body, boundary);
    return { params: parseParams(query, contentType, body.toString('utf8')), problem: undefined };
  } catch (error) {
    if (!(error instanceof PanelError)) throw error;
    return { params: Object.fromEntries(query), problem: error };
  }
}

/**
 * Reference §1.3: the uploads are `multipart/form-data`; text parts become parameters (they win
 * over the query, as body values do), file parts `UploadedFile` values. A broken body is 5.
 */
function multipartIncoming(query: URLSearchParams, body: Buffer, boundary: string): Incoming {
  const form = parseMultipart(body, boundary);
  if (form === undefined) return { params: Object.fromEntries(query), problem: new PanelError(5) };
  const params = { ...Object.fromEntries(query), ...form.fields, ...form.files };
  return { params, problem: undefined };
}

function applyFault(req: IncomingMessage, res: ServerResponse, fault: Fault): void {
  if (fault.kind === 'reset') req.socket.resetAndDestroy();
  else if (fault.kind === 'garbage') sendText(res, 200, GARBAGE_HTML, 'text/html; charset=utf-8');
  else {
    const answer = errorBody(new PanelError(fault.code));
    sendJson(res, answer.status, answer.body);
  }
}

/**
 * The checks run in the order the reference implies: route (111/112), request format (5/9),
 * session (3/4, §1.4), permissions (13, §3.1), then the action's own validation (7) and errors.
 */
function answerCall(
  deps: PanelDeps,
  req: IncomingMessage,
  name: string,
  incoming: Incoming,
): { status: number; body: string } | HttpAnswer {
  try {
    const action = deps.registry.resolve(name);
    if (incoming.problem !== undefined) throw incoming.problem;
    const result = runAction(deps, req, action, incoming.params);
    return result instanceof HttpAnswer ? result : { status: 200, body: successBody(result) };
  } catch (error) {
    if (error instanceof PanelError) return errorBody(error);
    console.error(`simulator: ${name} failed unexpectedly`, error);
    return errorBody(new PanelError(6));
  }
}

function runAction(
  deps: PanelDeps,
  req: IncomingMessage,
  action: ActionDefinition,
  params: Params,
): ActionResult {
  const { store, sessions, shapes } = deps;
  if (action.public === true) return action.handle({ params, store, sessions, shapes });
  const session = sessions.resolve(extractHash(req.headers, params));
  // A random expiry ends the session for good, as Navixy's own expiry does (reference §1.7).
  if (deps.faults.endsSession(session.createdAt)) {
    sessions.end(session.hash);
    throw new PanelError(4);
  }
  if (!grants(session.permissions, action.permissions)) throw new PanelError(13);
  const dealer = store.dealer(session.dealerId);
  // Reference §4.4: dealer/get_info lists 201 for a dealer that cannot be found.
  if (dealer === undefined) throw new PanelError(201);
  return action.handle({ params, store, sessions, shapes, session, dealer });
}
