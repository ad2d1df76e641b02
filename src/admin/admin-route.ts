import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { insufficientScope } from '../auth/api-keys.js';
import type { GrantCheck } from '../auth/grants.js';
import type { KeyAdmin } from '../auth/key-admin.js';
import { missingScopes, type KeyGrant, type Principal } from '../auth/principal.js';
import { ADMIN_SCOPE } from '../auth/scope-catalog.js';
import { userBindingCheck } from '../auth/user-binding.js';
import { contextOf } from '../http/context.js';
import { sendJson } from '../http/json.js';
import { jsonBody, mountMethodNotAllowed, startRequest } from '../http/routes.js';
import { parseInput } from '../http/validate.js';

export { ADMIN_SCOPE };

type AnyObject = z.ZodObject;

export interface AdminInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  keys: KeyAdmin;
  /** Throws 403 unless the caller may give `grant` to a key it makes (see `grants.ts`). */
  mayGrant: (grant: KeyGrant) => void;
}

/**
 * One operation of the gateway's own administration: like a `/v1` route spec, but it calls no
 * Panel action, needs {@link ADMIN_SCOPE}, and its answer is never cached (it may hold a key).
 */
export interface AdminRouteSpec<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  /** A JSON body; optional when the schema accepts `undefined`. */
  body?: B;
  status?: 200 | 201 | 204;
  response: { description: string; schema?: z.ZodType };
  /** Error statuses this operation can answer besides the common ones. */
  errors?: number[];
  handle(input: AdminInput<P, Q, B>): Promise<unknown>;
}

export function defineAdminRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  spec: AdminRouteSpec<P, Q, B>,
): AdminRouteSpec {
  return spec;
}

export interface AdminMountDeps {
  authenticate: (req: Request) => Promise<Principal>;
  limitRate: (principal: Principal, res: Response) => Promise<void>;
  keys: KeyAdmin;
  grants: GrantCheck;
  jsonLimit: number;
}

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Registers the admin routes: authenticate, rate limit, require the admin scope, refuse a
 * user-bound caller (like every route outside its user), all before the body is read; then
 * validate, act, answer.
 */
export function mountAdminRoutes(
  router: Router,
  routes: readonly AdminRouteSpec[],
  deps: AdminMountDeps,
): void {
  const json = express.json({
    limit: deps.jsonLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  for (const route of routes) {
    const checkUserBinding = userBindingCheck(route);
    const admit: RequestHandler = async (req, res, next) => {
      const principal = await startRequest(req, res, route.path, deps);
      const missing = missingScopes(principal, [ADMIN_SCOPE]);
      if (missing.length > 0) throw insufficientScope([ADMIN_SCOPE], missing, principal);
      checkUserBinding(principal, {}, undefined);
      next();
    };
    const handle: RequestHandler = async (req, res) => {
      const principal = contextOf(res).principal!;
      const result = await route.handle({
        params: route.params ? parseInput(route.params, req.params, 'path') : {},
        query: route.query ? parseInput(route.query, req.query, 'query') : {},
        body: route.body ? parseInput(route.body, jsonBody(req), 'body') : undefined,
        keys: deps.keys,
        mayGrant: (grant) => deps.grants.assert(principal, grant),
      });
      res.setHeader('Cache-Control', 'no-store');
      if (route.status === 204) res.status(204).end();
      else sendJson(res, result, route.status ?? 200);
    };
    router[route.method](expressPath(route.path), admit, json, handle);
  }
  mountMethodNotAllowed(router, routes);
}
