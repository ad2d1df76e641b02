import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { missingScopes, type Principal } from '../auth/principal.js';
import { insufficientScope } from '../auth/api-keys.js';
import { GatewayError } from '../errors.js';
import { scopesFor, type PanelActionName } from '../panel/actions.js';
import type { PanelPayload } from '../panel/client.js';
import type { PanelSession } from '../panel/session-manager.js';
import { contextOf } from './context.js';
import { sendJson } from './json.js';
import { sendProblem } from './problem.js';
import { parseInput } from './validate.js';

/** Calls a Panel action for the current request (its upstream calls go to the request log). */
export type PanelCall = (
  action: PanelActionName,
  params?: Record<string, unknown>,
) => Promise<PanelPayload>;

type AnyObject = z.ZodObject;

/**
 * One REST operation: the Express route, its scope check, its input validation and its OpenAPI
 * operation all come from this one definition.
 */
export interface RouteSpec<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject> {
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
  response: { description: string; schema: z.ZodType };
  /** Error statuses this operation can answer besides the common ones. */
  errors?: number[];
  handle(input: { params: z.output<P>; query: z.output<Q>; panel: PanelCall }): Promise<unknown>;
}

/** Keeps each spec's own types while collecting specs of different shapes in one list. */
export function defineRoute<P extends AnyObject, Q extends AnyObject>(
  spec: RouteSpec<P, Q>,
): RouteSpec {
  return spec;
}

export interface MountDeps {
  /** Resolves the caller from the request's credentials; throws 401. */
  authenticate: (req: Request) => Principal;
  panel: PanelSession;
}

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Registers every route as one handler that runs the request path in order — authenticate,
 * check scopes, validate, call Navixy, answer — then a 405 (with `Allow`) for the other methods
 * on the same paths.
 */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], deps: MountDeps): void {
  for (const route of routes) {
    const scopes = scopesFor(route.actions);
    router[route.method](expressPath(route.path), async (req: Request, res: Response) => {
      const ctx = contextOf(res);
      ctx.route = route.path;
      ctx.principal = deps.authenticate(req);
      const missing = missingScopes(ctx.principal, scopes);
      if (missing.length > 0) throw insufficientScope(scopes, missing);
      const params = route.params ? parseInput(route.params, req.params, 'path') : {};
      const query = route.query ? parseInput(route.query, req.query, 'query') : {};
      const panel: PanelCall = (action, actionParams) =>
        deps.panel.call(action, actionParams, ctx.upstream);
      sendJson(res, await route.handle({ params, query, panel }));
    });
  }
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const methods = route.method === 'get' ? ['GET', 'HEAD'] : [route.method.toUpperCase()];
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), ...methods]);
  }
  for (const [path, allow] of methodsByPath) {
    router.all(expressPath(path), (_req, res) => {
      contextOf(res).route = path;
      res.setHeader('Allow', allow.join(', '));
      sendProblem(res, methodNotAllowed(allow));
    });
  }
}

function methodNotAllowed(allow: string[]): GatewayError {
  return new GatewayError('METHOD_NOT_ALLOWED', 405, 'Method not allowed', {
    detail: `This resource supports ${allow.join(', ')}.`,
  });
}
