import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { chooseAccount, PANEL_ACCOUNT_HEADER } from '../auth/account-choice.js';
import { insufficientScope } from '../auth/api-keys.js';
import { missingScopes, type Principal } from '../auth/principal.js';
import { userBindingCheck } from '../auth/user-binding.js';
import { GatewayError, ValidationError, type FieldError } from '../errors.js';
import {
  scopesFor,
  type PanelActionName,
  type PanelRequest,
  type PanelResponse,
} from '../panel/actions.js';
import { parseAnswer } from '../panel/answers.js';
import type { PanelFile, PanelPayload, UploadFile } from '../panel/client.js';
import { PanelError } from '../panel/errors.js';
import type { PanelAccounts } from '../panel/panel-accounts.js';
import type { PanelSessions } from '../panel/panel-sessions.js';
import type { PanelSession } from '../panel/session-manager.js';
import type { RecordLock } from '../store/record-lock.js';
import { contextOf, type RequestContext } from './context.js';
import { sendJson } from './json.js';
import { readUpload, type Upload } from './multipart.js';
import { assertUnambiguous } from './request-screen.js';
import { sendProblem } from './problem.js';
import { parseInput } from './validate.js';

/** The actions that answer a file (their response schema is the `streamedFile` marker). */
export type FileActionName = {
  [N in PanelActionName]: PanelResponse<N> extends PanelFile ? N : never;
}[PanelActionName];
type JsonActionName = Exclude<PanelActionName, FileActionName>;

/** The params argument of action `N`: optional when the action needs none. */
type ParamsOf<N extends PanelActionName> =
  Record<never, never> extends PanelRequest<N>
    ? [params?: PanelRequest<N>]
    : [params: PanelRequest<N>];

/**
 * Calls Panel actions for the current request, with the right account's session. Params are
 * typed by the catalog's request schema of the action, answers are parsed with its response
 * schema (a shape Navixy did not document is 502) and typed by it.
 */
export interface PanelCall {
  <N extends JsonActionName>(action: N, ...params: ParamsOf<N>): Promise<PanelResponse<N>>;
  /**
   * The answer parsed, and `raw`: the payload exactly as Navixy sent it (`success` removed), for
   * a write that must give back what it read, the fields this gateway does not model included.
   */
  withRaw<N extends JsonActionName>(
    action: N,
    ...params: ParamsOf<N>
  ): Promise<{ answer: PanelResponse<N>; raw: PanelPayload }>;
  download<N extends FileActionName>(action: N, params: PanelRequest<N>): Promise<PanelFile>;
  upload<N extends JsonActionName>(
    action: N,
    fields: PanelRequest<N> & Record<string, string>,
    file: UploadFile,
  ): Promise<PanelResponse<N>>;
}

/** A handler's answer that is a file, streamed to the client as Navixy sends it. */
export class FileAnswer {
  constructor(
    readonly file: PanelFile,
    readonly filename: string,
  ) {}
}

/** The scope a client needs, besides the route's own, to act as a sub-dealer. */
export const SUBDEALER_SCOPE = 'subpaas:create';
export const SUBDEALER_HEADER = 'x-subdealer-id';

type AnyObject = z.ZodObject;

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  panel: PanelCall;
  /** Runs `fn` holding the lock on one record of this Panel account (read-merge-write). */
  lock: <T>(record: string, fn: () => Promise<T>) => Promise<T>;
  /** The multipart body, for routes that declare `upload`. */
  upload: Upload | undefined;
  /** The authenticated caller (for `self` routes: the user it is bound to). */
  principal: Principal;
}

/**
 * One REST operation: the Express route, its scope check, its input validation and its OpenAPI
 * operation all come from this one definition.
 */
export interface RouteSpec<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: `/v1/users/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The Panel actions the operation calls; its required scopes are their permissions. */
  actions: PanelActionName[];
  params?: P;
  query?: Q;
  /** A JSON body (strict JSON, `JSON_BODY_LIMIT`). */
  body?: B;
  /** A multipart body with the part `file` (and text fields described by `fields`). */
  upload?: { maxBytes?: number; fields?: AnyObject; description: string };
  /** Success status: 200 (default), 201 for creations, 202 accepted for delivery, 204 no content. */
  status?: 200 | 201 | 202 | 204;
  /** The success answer; `schema` absent for 204, `contentTypes` for file answers. */
  response: { description: string; schema?: z.ZodType; contentTypes?: string[] };
  /** Navixy parameter names (dotted for nested) → the client's names, for code 7 `errors`. */
  fieldNames?: Readonly<Record<string, string>>;
  /** Error statuses this operation can answer besides the common ones. */
  errors?: number[];
  /** Acts on the caller's own Navixy user (`/v1/me…`): only for user-bound principals. */
  self?: boolean;
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Keeps each spec's own types while collecting specs of different shapes in one list. */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec;
}

export interface MountDeps {
  /** Resolves the caller from the request's credentials; rejects with 401. */
  authenticate: (req: Request) => Promise<Principal>;
  /** Every Panel account; `X-Panel-Account` picks one among those the principal may use. */
  accounts: PanelAccounts;
  /** Counts the request against the caller's rate limit; rejects with 429 (see `rate-limit.ts`). */
  limitRate: (principal: Principal, res: Response) => Promise<void>;
  lock: RecordLock;
  /** Largest JSON body accepted, in bytes. */
  jsonLimit: number;
  /** Largest uploaded file accepted, in bytes, unless a route says otherwise. */
  uploadLimit: number;
}

/** Routes without query parameters refuse any, like the others refuse unknown ones. */
const NO_QUERY = z.strictObject({});

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** What the first step of a request learned, for the steps after the body is read. */
interface Admitted {
  principal: Principal;
  sessions: PanelSessions;
  subdealer: number | undefined;
}

/**
 * The start of every `/v1` and `/admin` request, before a byte of its body is read (let alone
 * inflated): the route is named for the logs and the audit, an ambiguous request refused, then
 * the caller authenticated and counted against its rate limit. A caller without credentials
 * costs a 401, whatever it sends.
 */
export async function startRequest(
  req: Request,
  res: Response,
  routePath: string,
  deps: Pick<MountDeps, 'authenticate' | 'limitRate'>,
): Promise<Principal> {
  const ctx = contextOf(res);
  ctx.route = routePath;
  ctx.targets = { ...req.params } as Record<string, string>;
  assertUnambiguous(req);
  ctx.principal = await deps.authenticate(req);
  await deps.limitRate(ctx.principal, res);
  return ctx.principal;
}

/**
 * Registers every route as the request path in order — authenticate, rate limit, choose the
 * Panel account, check scopes (all before the body is read), then read and validate the input,
 * call Navixy, answer — then a 405 (with `Allow`) for other methods.
 */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], deps: MountDeps): void {
  const json = express.json({
    limit: deps.jsonLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  const admitted = new WeakMap<Request, Admitted>();
  for (const route of routes) {
    const scopes = scopesFor(route.actions);
    const subdealerScopes = [...new Set([...scopes, SUBDEALER_SCOPE])];
    const checkUserBinding = userBindingCheck(route);
    const admit: RequestHandler = async (req, res, next) => {
      const principal = await startRequest(req, res, route.path, deps);
      const ctx = contextOf(res);
      ctx.account = chooseAccount(principal, req.headers[PANEL_ACCOUNT_HEADER], deps.accounts);
      const subdealer = subdealerOf(req);
      const required = subdealer === undefined ? scopes : subdealerScopes;
      const missing = missingScopes(principal, required);
      if (missing.length > 0) throw insufficientScope(required, missing, principal);
      admitted.set(req, { principal, sessions: deps.accounts.sessions(ctx.account), subdealer });
      next();
    };
    const handle: RequestHandler = async (req, res) => {
      const ctx = contextOf(res);
      const { principal, sessions, subdealer } = admitted.get(req)!;
      const params = route.params ? parseInput(route.params, req.params, 'path') : {};
      const query = parseInput(route.query ?? NO_QUERY, req.query, 'query');
      const body = route.body ? parseInput(route.body, jsonBody(req), 'body') : undefined;
      checkUserBinding(principal, params, subdealer);
      const upload = route.upload
        ? await readUpload(req, route.upload.maxBytes ?? deps.uploadLimit)
        : undefined;
      const session = subdealer === undefined ? sessions.main : sessions.subdealer(subdealer);
      ctx.panelAccount = session.accountId;
      const lock = <T>(record: string, fn: () => Promise<T>) =>
        deps.lock(`${session.accountId}:${record}`, fn);

      let result: unknown;
      try {
        result = await route.handle({
          params,
          query,
          body,
          panel: bind(session, ctx),
          lock,
          upload,
          principal,
        });
      } catch (error) {
        throw withClientFieldNames(error, route.fieldNames);
      }
      answer(res, route.status ?? 200, result);
    };
    router[route.method](expressPath(route.path), admit, ...(route.body ? [json] : []), handle);
  }
  mountMethodNotAllowed(router, routes);
}

/**
 * The route-facing `panel`: every answer is parsed here, once, with the catalog's response
 * schema. Params go out as the route wrote them: their schemas are checked by the compiler
 * (and against the simulator by the tests), not on every call.
 */
function bind(session: PanelSession, ctx: RequestContext): PanelCall {
  const call = (async (action: JsonActionName, params?: Record<string, unknown>) =>
    parseAnswer(action, await session.call(action, params, ctx.upstream))) as PanelCall;
  call.withRaw = (async (action: JsonActionName, params?: Record<string, unknown>) => {
    const raw = await session.call(action, params, ctx.upstream);
    return { answer: parseAnswer(action, raw), raw };
  }) as PanelCall['withRaw'];
  call.download = (action, params) =>
    session.download(action, params as Record<string, unknown>, ctx.upstream);
  call.upload = async (action, fields, file) =>
    parseAnswer(action, await session.upload(action, fields, file, ctx.upstream));
  return call;
}

function answer(res: Response, status: number, result: unknown): void {
  if (result instanceof FileAnswer) {
    res.status(200).setHeader('Content-Type', result.file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${result.filename}"`);
    // `pipeline`, not `.pipe()`: when either side ends early (the client goes away, the upstream
    // body fails) the other is destroyed, so the upstream body is cancelled and its connection
    // released at once instead of waiting, paused, for the body timeout. The outcome is in the
    // request log (an answer not finished counts as aborted); nothing is left to do here.
    pipeline(result.file.body, res).catch(() => undefined);
  } else if (status === 204) {
    res.status(204).end();
  } else {
    sendJson(res, result, status);
  }
}

/** `X-Subdealer-Id`: act as one of the dealer's sub-dealers. */
function subdealerOf(req: Request): number | undefined {
  const value = req.headers[SUBDEALER_HEADER];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647) {
    return Number(value);
  }
  throw new ValidationError([
    { in: 'header', name: 'X-Subdealer-Id', message: 'must be a positive integer id' },
  ]);
}

/** The parsed JSON body; a body of another media type is 415, not "missing". */
export function jsonBody(req: Request): unknown {
  const body: unknown = req.body;
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (body === undefined && hasBody) {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported media type', {
      detail: 'Send the body as application/json.',
    });
  }
  return body;
}

/** Navixy's code 7 names its own parameters; clients get the names they sent. */
function withClientFieldNames(
  error: unknown,
  names: Readonly<Record<string, string>> | undefined,
): unknown {
  if (!(error instanceof PanelError) || !names) return error;
  const errors = error.extensions.errors as FieldError[] | undefined;
  if (errors) {
    error.extensions.errors = errors.map((e) => {
      const name = names[e.name];
      return name ? { in: 'body', name, message: e.message } : e;
    });
  }
  return error;
}

/** Answers 405 with `Allow` for the methods a path does not support. */
export function mountMethodNotAllowed(
  router: Router,
  routes: readonly Pick<RouteSpec, 'method' | 'path'>[],
): void {
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const methods = route.method === 'get' ? ['GET', 'HEAD'] : [route.method.toUpperCase()];
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), ...methods]);
  }
  for (const [path, allow] of methodsByPath) {
    router.all(expressPath(path), (_req, res) => {
      contextOf(res).route = path;
      res.setHeader('Allow', allow.join(', '));
      sendProblem(
        res,
        new GatewayError('METHOD_NOT_ALLOWED', 405, 'Method not allowed', {
          detail: `This resource supports ${allow.join(', ')}.`,
        }),
      );
    });
  }
}
