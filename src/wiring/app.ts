import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { TokenIssuer } from '../auth/jwt-issuer.js';
import type { ClientRateLimiter } from '../limits/client-rate-limiter.js';
import { createGrantCheck } from '../auth/grants.js';
import type { KeyAdmin } from '../auth/key-admin.js';
import { GatewayError } from '../problems/gateway-error.js';
import type { ProblemCode } from '../problems/catalogue.js';
import { contextOf, finalStatus, requestContext } from '../http/context.js';
import { docsRouter } from '../http/docs.js';
import { sendJson } from '../http/json.js';
import { problemHandler, sendProblem } from '../http/problem.js';
import { corsPolicy } from '../http/cors.js';
import { screenRequests } from '../http/request-screen.js';
import { securityHeaders } from '../http/security-headers.js';
import { rateLimitStep } from '../limits/rate-limit-step.js';
import { mountRoutes } from '../routing/pipeline.js';
import type { Logger } from '../observability/logger.js';
import { auditTrail } from '../http/audit-trail.js';
import type { Metrics } from '../observability/metrics.js';
import type { PanelAccounts } from '../panel/panel-accounts.js';
import type { RecordLock } from '../store/record-lock.js';
import { ALL_ROUTES } from '../resources/route-table.js';
import type { Store } from '../store/store.js';
import type { Tracing } from '../observability/tracing.js';

export interface AppDeps {
  logger: Logger;
  accounts: PanelAccounts;
  lock: RecordLock;
  store: Store;
  authenticator: Authenticator;
  /** Inbound limits per principal, applied right after authentication. */
  clientRateLimiter: ClientRateLimiter;
  keyAdmin: KeyAdmin;
  /** The OpenAPI document served at `/openapi.yaml`. */
  openapiYaml: string;
  jsonLimit: number;
  uploadLimit: number;
  /** False once shutdown began: readiness turns 503 so load balancers stop sending. */
  isAccepting?: () => boolean;
  metrics: Metrics;
  /** The audit stream: one record per state-changing call. */
  audit: Logger;
  /** Browser origins allowed by CORS (empty: off). */
  corsOrigins?: readonly string[];
  /** Express `trust proxy` (unset: `X-Forwarded-For` is ignored). */
  trustProxy?: string;
  /** Serves `GET /metrics` on this app to scrapers sending it as a Bearer token; unset: not here. */
  metricsToken?: string;
  /** The JWT issuer, when JWTs are configured: not ready until its key set is in hand. */
  tokenIssuer?: TokenIssuer;
  /** Request spans (OpenTelemetry); unset: off. */
  tracing?: Tracing;
  /** The read cache is on: GET answers carry `ETag` and `Age`, and honour `If-None-Match`. */
  readCache?: boolean;
}

/** Builds the Express app. It never listens: `main.ts` does, and tests use supertest. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  if (deps.trustProxy !== undefined) app.set('trust proxy', trustProxyValue(deps.trustProxy));

  app.use(requestContext(deps.logger, deps.tracing));
  app.use(countRequests(deps.metrics));
  app.use(auditTrail(deps.audit));
  app.use(securityHeaders());
  app.use(noStore);
  const cors = corsPolicy(deps.corsOrigins ?? []);
  if (cors) app.use(cors);
  app.use(screenRequests());

  app.get('/healthz', (_req, res) => {
    contextOf(res).route = '/healthz';
    sendJson(res, { status: 'ok' });
  });
  app.get('/readyz', readiness(deps));
  if (deps.metricsToken !== undefined) {
    app.get('/metrics', metricsRoute(deps.metrics, deps.metricsToken));
  }
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
  const limitRate = rateLimitStep(deps.clientRateLimiter);
  const router = express.Router({ strict: false });
  mountRoutes(router, ALL_ROUTES, {
    authenticate,
    accounts: deps.accounts,
    limitRate,
    lock: deps.lock,
    keys: deps.keyAdmin,
    grants: createGrantCheck({
      defaultAccount: deps.accounts.defaultId,
      ratePolicy: deps.clientRateLimiter.policy,
    }),
    jsonLimit: deps.jsonLimit,
    uploadLimit: deps.uploadLimit,
    readCache: deps.readCache ?? false,
  });
  app.use(router);

  app.use((req, res) => {
    sendProblem(
      res,
      new GatewayError('ROUTE_NOT_FOUND', {
        detail: `No route ${req.method} ${req.path}; see /openapi.yaml.`,
      }),
    );
  });
  app.use(problemHandler(deps.logger));
  return app;
}

/**
 * Ready when the store answers and a Panel session can be had (cached, or by logging in) for at
 * least one account. Each account's state is in `checks`, but one broken account does not make
 * the instance unready: its credentials or its Navixy host are broken for every instance alike,
 * so taking instances out of the load balancer would only stop the accounts that work.
 * With JWTs configured, an instance is not ready until it has fetched the issuer's key set once
 * (`jwtKeys`; each probe retries): a new instance that cannot check tokens stays out of the
 * rotation while its peers can. Once fetched, the keys stay in hand through an issuer outage.
 */
function readiness(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    contextOf(res).route = '/readyz';
    const [store, accounts, jwtKeys] = await Promise.all([
      deps.store.ping().then(
        () => 'ok',
        () => 'unavailable',
      ),
      accountStates(deps.accounts),
      deps.tokenIssuer?.ready().then((ready) => (ready ? 'ok' : 'unavailable')),
    ]);
    const checks: Record<string, string> = { store, ...panelChecks(deps.accounts, accounts) };
    if (jwtKeys) checks.jwtKeys = jwtKeys;
    const shuttingDown = deps.isAccepting !== undefined && !deps.isAccepting();
    if (shuttingDown) checks.shutdown = 'in progress';
    const ready =
      store === 'ok' && checks.panelSession === 'ok' && jwtKeys !== 'unavailable' && !shuttingDown;
    if (ready) {
      sendJson(res, { status: 'ready', checks });
      return;
    }
    // One code per cause, so a probe or an alert can tell them apart without parsing checks.
    const [code, detail]: [ProblemCode, string] = shuttingDown
      ? ['SHUTTING_DOWN', 'The instance is shutting down; send requests to another one.']
      : store !== 'ok'
        ? [
            'STORE_UNAVAILABLE',
            'Redis does not answer: the instance serves from what it holds in memory and shares nothing until Redis is back.',
          ]
        : checks.panelSession !== 'ok'
          ? ['NOT_READY', 'No Panel session can be had for any account; see checks.']
          : [
              'NOT_READY',
              'The JWT issuer\u2019s key set has not been fetched yet; see checks and the log.',
            ];
    sendProblem(
      res,
      new GatewayError(code, {
        detail,
        extensions: { checks },
        headers: { 'Retry-After': '5' },
      }),
    );
  };
}

/** Each account's session state: `ok`, or the problem code of why none can be had. */
function accountStates(accounts: PanelAccounts): Promise<string[]> {
  return Promise.all(
    accounts.ids.map((id) =>
      accounts
        .sessions(id)
        .main.ensureSession()
        .then(
          () => 'ok',
          (error: unknown) => (error instanceof GatewayError ? error.code : 'failed'),
        ),
    ),
  );
}

/**
 * `panelSession`: `ok` when some account has a session, else the default account's reason.
 * With several accounts, `panelSession:<id>` gives each one's state too.
 */
function panelChecks(accounts: PanelAccounts, states: string[]): Record<string, string> {
  const panelSession = states.includes('ok') ? 'ok' : (states[0] ?? 'failed');
  if (accounts.ids.length === 1) return { panelSession };
  const checks: Record<string, string> = { panelSession };
  for (const [index, id] of accounts.ids.entries()) {
    checks[`panelSession:${id}`] = states[index] ?? 'failed';
  }
  return checks;
}

/**
 * Nothing the gateway answers is for a shared cache: answers to credentials hold users' data
 * and session hashes, problems and probes are of the moment. The documentation assets set
 * their own caching.
 */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * Counts every answer by route template (`unmatched` when no route matched: no raw paths), an
 * answer never finished as 499.
 */
function countRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    res.once('close', () => {
      const ctx = contextOf(res);
      const seconds = (performance.now() - ctx.started) / 1000;
      metrics.request(
        ctx.route ?? 'unmatched',
        req.method,
        finalStatus(res),
        seconds,
        ctx.upstream,
      );
    });
    next();
  };
}

/**
 * `GET /metrics` in the Prometheus text format. With a token, the scraper must send
 * `Authorization: Bearer <token>`, compared in constant time (as digests, so lengths leak
 * nothing); without one, the route only exists on the metrics listener of its own, which binds
 * to loopback unless told otherwise.
 */
export function metricsRoute(metrics: Metrics, token?: string): RequestHandler {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    contextOf(res).route = '/metrics';
    if (expected) {
      const presented = /^Bearer[ ]+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        sendProblem(
          res,
          new GatewayError('UNAUTHENTICATED', {
            detail: 'Send the metrics token as "Authorization: Bearer <token>".',
            headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
          }),
        );
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** The app of the metrics listener (`METRICS_PORT`): `/metrics` and nothing else. */
export function createMetricsApp(logger: Logger, metrics: Metrics, token?: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.use(noStore);
  app.use(screenRequests());
  app.get('/metrics', metricsRoute(metrics, token));
  app.use((req, res) => {
    sendProblem(
      res,
      new GatewayError('ROUTE_NOT_FOUND', {
        detail: `No route ${req.method} ${req.path}: this listener serves /metrics only.`,
      }),
    );
  });
  app.use(problemHandler(logger));
  return app;
}

/** `TRUST_PROXY` as Express reads it: a hop count, or names and addresses as given. */
function trustProxyValue(setting: string): number | string {
  return /^\d+$/.test(setting.trim()) ? Number(setting) : setting;
}
