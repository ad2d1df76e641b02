import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { chooseAccount, PANEL_ACCOUNT_HEADER } from '../auth/account-choice.js';
import { insufficientScope } from '../auth/authenticator.js';
import type { GrantCheck } from '../auth/grants.js';
import type { KeyAdmin } from '../auth/key-admin.js';
import { missingScopes, type Principal } from '../auth/principal.js';
import { userBindingCheck } from '../auth/user-binding.js';
import { GatewayError, ValidationError, type FieldError } from '../problems/gateway-error.js';
import { scopesFor } from '../panel/actions.js';
import { PanelError } from '../panel/errors.js';
import type { PanelAccounts } from '../panel/panel-accounts.js';
import type { PanelSessions } from '../panel/panel-sessions.js';
import type { RecordLock } from '../store/record-lock.js';
import { annotate, withSpan, type SpanScope } from '../observability/spans.js';
import type { UpstreamTrace } from '../observability/upstream-trace.js';
import { contextOf } from '../http/context.js';
import { sendRevalidatable, wantsFresh } from '../http/conditional.js';
import { sendJson } from '../http/json.js';
import { readUpload } from '../http/multipart.js';
import { assertUnambiguous } from '../http/request-screen.js';
import { sendProblem } from '../http/problem.js';
import { parseInput } from '../http/validate.js';
import { bindPanel, NO_PANEL } from './panel-call.js';
import { FileAnswer, SUBDEALER_HEADER, SUBDEALER_SCOPE, type RouteSpec } from './route-spec.js';

export interface MountDeps {
  /** Resolves the caller from the request's credentials; rejects with 401. */
  authenticate: (req: Request) => Promise<Principal>;
  /** Every Panel account; `X-Panel-Account` picks one among those the principal may use. */
  accounts: PanelAccounts;
  /** Counts the request against the caller's rate limit; rejects with 429 (see `limits/`). */
  limitRate: (principal: Principal, res: Response) => Promise<void>;
  lock: RecordLock;
  /** The managed API keys, for the `/admin` routes. */
  keys: KeyAdmin;
  /** What a principal may grant to a key it makes. */
  grants: GrantCheck;
  /** Largest JSON body accepted, in bytes. */
  jsonLimit: number;
  /** Largest uploaded file accepted, in bytes, unless a route says otherwise. */
  uploadLimit: number;
  /** The read cache is on (see `planCache`). */
  readCache?: boolean;
}

/** Routes without query parameters refuse any, like the others refuse unknown ones. */
const NO_QUERY = z.strictObject({});

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** What the first step of a request learned, for the steps after the body is read. */
interface Admitted {
  principal: Principal;
  /** The chosen account's sessions; none for a route that calls no Panel action. */
  sessions: PanelSessions | undefined;
  subdealer: number | undefined;
}

/**
 * Registers every route, `/v1` and `/admin` alike, as one request path — name the route, refuse
 * an ambiguous request, authenticate, rate limit, choose the Panel account, check scopes (all
 * before a byte of the body is read, let alone inflated), then read and validate the input,
 * check the user binding, call Navixy, answer — then a 405 (with `Allow`) for other methods.
 */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], deps: MountDeps): void {
  const json = express.json({
    limit: deps.jsonLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  const admitted = new WeakMap<Request, Admitted>();
  for (const route of routes) {
    const usesPanel = route.actions.length > 0;
    const scopes = [...new Set([...scopesFor(route.actions), ...(route.scopes ?? [])])].sort();
    const subdealerScopes = [...new Set([...scopes, SUBDEALER_SCOPE])];
    const checkUserBinding = userBindingCheck(route);
    const cached = usesPanel && deps.readCache === true;
    const admit: RequestHandler = async (req, res, next) => {
      const ctx = contextOf(res);
      ctx.route = route.path;
      ctx.targets = { ...req.params } as Record<string, string>;
      assertUnambiguous(req);
      const scope = ctx.upstream.span;
      const principal = scope ? await tracedAuth(deps, req, scope) : await deps.authenticate(req);
      ctx.principal = principal;
      if (scope) await withSpan(scope, 'limit.client', {}, () => deps.limitRate(principal, res));
      else await deps.limitRate(principal, res);
      let sessions: PanelSessions | undefined;
      let subdealer: number | undefined;
      if (usesPanel) {
        ctx.account = chooseAccount(principal, req.headers[PANEL_ACCOUNT_HEADER], deps.accounts);
        sessions = deps.accounts.sessions(ctx.account);
        subdealer = subdealerOf(req);
      }
      const required = subdealer === undefined ? scopes : subdealerScopes;
      const missing = missingScopes(principal, required);
      if (missing.length > 0) throw insufficientScope(required, missing, principal);
      admitted.set(req, { principal, sessions, subdealer });
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
      const session = subdealer === undefined ? sessions?.main : sessions?.subdealer(subdealer);
      if (session) ctx.dealer = session.dealerId;
      const lock = <T>(record: string, fn: () => Promise<T>) =>
        session ? deps.lock(`${session.dealerId}:${record}`, fn) : fn();
      if (usesPanel) planReads(req, ctx.upstream, cached);

      let result: unknown;
      try {
        result = await route.handle({
          params,
          query,
          body,
          panel: session ? bindPanel(session, ctx) : NO_PANEL,
          lock,
          upload,
          principal,
          keys: deps.keys,
          mayGrant: (grant) => deps.grants.assert(principal, grant),
        });
      } catch (error) {
        throw withClientFieldNames(error, route.fieldNames);
      }
      if (cached && route.method === 'get' && !(result instanceof FileAnswer)) {
        sendRevalidatable(req, res, result, ctx.upstream.cacheAgeMs ?? 0);
      } else {
        answer(res, route.status ?? 200, result);
      }
    };
    router[route.method](expressPath(route.path), admit, ...(route.body ? [json] : []), handle);
  }
  mountMethodNotAllowed(router, routes);
}

/** Authentication in an `auth` span: the principal's kind, never its credential or id. */
function tracedAuth(deps: MountDeps, req: Request, scope: SpanScope): Promise<Principal> {
  return withSpan(scope, 'auth', {}, async (child) => {
    const principal = await deps.authenticate(req);
    if (child) annotate(child, { 'gateway.principal.kind': principal.kind });
    return principal;
  });
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

/**
 * How fresh this request's Panel reads must be: a GET takes cached answers and joins an
 * identical read in flight unless the client forces a fresh read; any other method reads fresh
 * (a read-merge-write must merge into what Navixy holds now, not into a cached copy or an
 * answer read before the lock was taken). With the read cache on, writes and forced reads go
 * ahead of other reads in the outbound limit.
 */
function planReads(req: Request, trace: UpstreamTrace, cached: boolean): void {
  const fresh = req.method !== 'GET' && req.method !== 'HEAD' ? true : wantsFresh(req);
  trace.cacheMode = fresh ? 'refresh' : 'use';
  if (fresh && cached) trace.lane = 'priority';
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
function jsonBody(req: Request): unknown {
  const body: unknown = req.body;
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (body === undefined && hasBody) {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', {
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
function mountMethodNotAllowed(
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
        new GatewayError('METHOD_NOT_ALLOWED', {
          detail: `This resource supports ${allow.join(', ')}.`,
        }),
      );
    });
  }
}
