import express, { type Express, type Request, type RequestHandler } from 'express';
import { mountAdminRoutes } from './admin/admin-route.js';
import { keyRoutes } from './admin/keys.routes.js';
import type { Authenticator } from './auth/api-keys.js';
import type { KeyAdmin } from './auth/key-admin.js';
import { GatewayError } from './errors.js';
import { contextOf, requestContext } from './http/context.js';
import { docsRouter } from './http/docs.js';
import { sendJson } from './http/json.js';
import { problemHandler, sendProblem } from './http/problem.js';
import { securityHeaders } from './http/security-headers.js';
import { mountRoutes } from './http/routes.js';
import type { Logger } from './observability/logger.js';
import type { PanelSessions } from './panel/panel-sessions.js';
import type { RecordLock } from './store/record-lock.js';
import { ROUTES } from './resources/index.js';
import type { Store } from './store/store.js';

/** The gateway's own administration (managed API keys), under `/admin`. */
export const ADMIN_ROUTES = keyRoutes;

export { ROUTES };

export interface AppDeps {
  logger: Logger;
  sessions: PanelSessions;
  lock: RecordLock;
  store: Store;
  authenticator: Authenticator;
  keyAdmin: KeyAdmin;
  /** The OpenAPI document served at `/openapi.yaml`. */
  openapiYaml: string;
  jsonLimit: number;
  uploadLimit: number;
  /** False once shutdown began: readiness turns 503 so load balancers stop sending. */
  isAccepting?: () => boolean;
}

/** Builds the Express app. It never listens: `main.ts` does, and tests use supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    contextOf(res).route = '/healthz';
    sendJson(res, { status: 'ok' });
  });
  app.get('/readyz', readiness(deps));
  app.use(docsRouter());
  app.get('/openapi.yaml', (_req, res) => {
    contextOf(res).route = '/openapi.yaml';
    res.type('application/yaml').send(deps.openapiYaml);
  });

  const authenticate = (req: Request) => {
    const header = req.headers['x-api-key'];
    return deps.authenticator.authenticate({
      authorization: req.headers.authorization,
      apiKey: typeof header === 'string' ? header : undefined,
    });
  };
  const router = express.Router({ strict: false });
  mountRoutes(router, ROUTES, {
    authenticate,
    sessions: deps.sessions,
    lock: deps.lock,
    jsonLimit: deps.jsonLimit,
    uploadLimit: deps.uploadLimit,
  });
  mountAdminRoutes(router, ADMIN_ROUTES, {
    authenticate,
    keys: deps.keyAdmin,
    jsonLimit: deps.jsonLimit,
  });
  app.use(router);

  app.use((req, res) => {
    sendProblem(
      res,
      new GatewayError('ROUTE_NOT_FOUND', 404, 'Not found', {
        detail: `No route ${req.method} ${req.path}; see /openapi.yaml.`,
      }),
    );
  });
  app.use(problemHandler(deps.logger));
  return app;
}

/** Ready when the store answers and a Panel session can be had (cached, or by logging in). */
function readiness(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    contextOf(res).route = '/readyz';
    const checks: Record<string, string> = {};
    const [store, panel] = await Promise.allSettled([
      deps.store.ping(),
      deps.sessions.main.ensureSession(),
    ]);
    checks.store = store.status === 'fulfilled' ? 'ok' : 'unavailable';
    checks.panelSession =
      panel.status === 'fulfilled'
        ? 'ok'
        : panel.reason instanceof GatewayError
          ? panel.reason.code
          : 'failed';
    const shuttingDown = deps.isAccepting !== undefined && !deps.isAccepting();
    if (shuttingDown) checks.shutdown = 'in progress';
    const ready = Object.values(checks).every((value) => value === 'ok');
    if (ready) {
      sendJson(res, { status: 'ready', checks });
      return;
    }
    // One code per cause, so a probe or an alert can tell them apart without parsing checks.
    const [code, detail] = shuttingDown
      ? ['SHUTTING_DOWN', 'The instance is shutting down; send requests to another one.']
      : checks.store !== 'ok'
        ? [
            'STORE_UNAVAILABLE',
            'Redis does not answer: the instance serves from what it holds in memory and shares nothing until Redis is back.',
          ]
        : ['NOT_READY', 'No Panel session can be had; see checks.'];
    sendProblem(
      res,
      new GatewayError(code, 503, 'Not ready', {
        detail,
        extensions: { checks },
        headers: { 'Retry-After': '5' },
      }),
    );
  };
}
