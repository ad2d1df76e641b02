import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Dispatcher } from 'undici';
import { createApp } from './app.js';
import { createApiKeyAuthenticator, type Authenticator } from './auth/api-keys.js';
import { createAuthenticator } from './auth/authenticator.js';
import { createClientRateLimiter } from './auth/client-rate-limiter.js';
import { createJwtAuthenticator } from './auth/jwt.js';
import { createKeyAdmin, type KeyAdmin } from './auth/key-admin.js';
import { createKeyHasher } from './auth/managed-key-format.js';
import { createManagedKeyVerifier } from './auth/managed-keys.js';
import type { Config } from './config.js';
import { errorSummary, type Logger } from './observability/logger.js';
import { createAuditLogger } from './observability/audit.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { generateOpenApiYaml } from './openapi/generate.js';
import { breakerClient, createCircuitBreaker } from './panel/circuit-breaker.js';
import { createPanelClient } from './panel/client.js';
import { createSessionCipher } from './panel/session-cipher.js';
import { createPanelSessions, type PanelSessions } from './panel/panel-sessions.js';
import { createRateLimiter, limitedClient } from './panel/rate-limiter.js';
import {
  createSessionManager,
  type PanelAccount,
  type PanelSession,
} from './panel/session-manager.js';
import { retryingClient } from './panel/retry.js';
import { createRecordLock } from './store/record-lock.js';
import type { Store } from './store/store.js';

export interface GatewayParts {
  config: Config;
  logger: Logger;
  store: Store;
  /** An undici Pool on the Panel API's origin. */
  dispatcher: Dispatcher;
  isAccepting?: () => boolean;
  /** Login back-off (defaults: 30 s doubling to 10 min); tests shorten it. */
  backoff?: { initialMs: number; maxMs: number };
  /** Made here unless given (`main.ts` gives them, to count Redis errors too). */
  metrics?: Metrics;
  /** The audit stream; made from `AUDIT_LOG` unless given (tests capture it). */
  audit?: Logger;
}

export interface Gateway {
  app: Express;
  /** The dealer's own Panel session. */
  panel: PanelSession;
  sessions: PanelSessions;
  metrics: Metrics;
}

/** The account id names the Panel account in store keys and logs: `login@host`. */
export function panelAccountId(url: string, login: string): string {
  return `${login}@${new URL(url).host}`;
}

/** Wires the gateway from parts made by the caller (`main.ts`, the demo, tests, the bench). */
export function createGateway(parts: GatewayParts): Gateway {
  const { config, logger, store } = parts;
  const metrics = parts.metrics ?? createMetrics();
  const cipher =
    config.sessionKeys.length > 0 ? createSessionCipher(config.sessionKeys) : undefined;
  if (store.kind === 'redis' && !cipher) {
    throw new Error('SESSION_ENCRYPTION_KEYS is required with a Redis store');
  }
  const client = createPanelClient({
    baseUrl: config.panel.url,
    dispatcher: parts.dispatcher,
    timeoutMs: config.upstreamTimeoutMs,
  });
  // Per account, outermost first: retries, the circuit breaker, the account's shared rate limit
  // (every call to Navixy, logins and retries included, takes a slot), then the shared client.
  const sessionFor = (account: PanelAccount) => {
    metrics.circuitState(account.id, 'closed');
    const breaker = createCircuitBreaker({
      ...config.circuitBreaker,
      onStateChange: (state) => {
        logger.warn({ account: account.id, state }, 'panel circuit breaker changed state');
        metrics.circuitState(account.id, state);
      },
    });
    let limited = client;
    if (config.panelRateLimit.perSecond > 0) {
      const limiter = createRateLimiter({
        accountId: account.id,
        store,
        logger,
        ...config.panelRateLimit,
      });
      metrics.limiterQueue(account.id, () => limiter.queueLength());
      limited = limitedClient(client, limiter);
    }
    return createSessionManager({
      account,
      client: retryingClient(breakerClient(limited, breaker), {
        retries: config.upstreamRetries,
        logger,
        accountId: account.id,
      }),
      store,
      logger,
      sessionTtlSeconds: config.sessionTtlSeconds,
      upstreamTimeoutMs: config.upstreamTimeoutMs,
      loginLockLeaseMs: config.loginLockLeaseMs,
      cipher,
      metrics,
      requestDeadlineMs: config.requestDeadlineMs,
      initialBackoffMs: parts.backoff?.initialMs,
      maxBackoffMs: parts.backoff?.maxMs,
    });
  };
  const panel = sessionFor({
    id: panelAccountId(config.panel.url, config.panel.login),
    authenticate: (accountClient, options) =>
      accountClient.call(
        'account/auth',
        { login: config.panel.login, password: config.panel.password },
        options,
      ),
  });
  const sessions = createPanelSessions({ main: panel, create: sessionFor });
  // A read-merge-write is two Panel calls: the lease covers both, the wait a few of them.
  const lock = createRecordLock({
    store,
    logger,
    leaseMs: 2 * config.upstreamTimeoutMs + 5_000,
    waitMs: 2 * config.upstreamTimeoutMs + 5_000,
    metrics,
  });
  const app = createApp({
    logger,
    sessions,
    lock,
    store,
    jsonLimit: config.jsonBodyLimitBytes,
    uploadLimit: config.uploadLimitBytes,
    ...withJwt(managedKeys(config, store, logger), config),
    clientRateLimiter: createClientRateLimiter({
      store,
      logger,
      metrics,
      settings: config.clientRateLimit,
    }),
    openapiYaml: generateOpenApiYaml(),
    isAccepting: parts.isAccepting,
    metrics,
    metricsToken: config.metrics.token,
    audit: parts.audit ?? createAuditLogger(config.auditLog),
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
  });
  return { app, panel, sessions, metrics };
}

/** JWTs from the configured issuer, beside the API keys (a JWT-shaped Bearer goes to it). */
function withJwt(parts: { authenticator: Authenticator; keyAdmin: KeyAdmin }, config: Config) {
  return {
    ...parts,
    authenticator: createAuthenticator({
      apiKeys: parts.authenticator,
      jwt: config.jwt && createJwtAuthenticator(config.jwt),
    }),
  };
}

/**
 * File keys and managed keys. Managed keys need the HMAC secret; with the in-memory store they
 * live and die with the process anyway, so a per-run secret serves (the demo relies on it).
 */
function managedKeys(
  config: Config,
  store: Store,
  logger: Logger,
): { authenticator: Authenticator; keyAdmin: KeyAdmin } {
  const { hmacSecret, cacheTtlMs, rotationGraceSeconds } = config.managedKeys;
  let secret = hmacSecret;
  if (secret === undefined && store.kind === 'memory') {
    secret = randomBytes(32).toString('base64url');
    logger.warn('Managed API keys are kept in process memory: they end with this process.');
  } else if (secret === undefined) {
    logger.warn(
      'API_KEY_HMAC_SECRET is not set: managed API keys can be listed and revoked, ' +
        'but none issued or accepted.',
    );
  }
  const hasher = secret === undefined ? undefined : createKeyHasher(secret);
  const verifier = hasher && createManagedKeyVerifier({ store, hasher, logger, cacheTtlMs });
  verifier?.listen().catch((error: unknown) => {
    logger.warn(
      { err: errorSummary(error) },
      'cannot subscribe to key revocations: they reach this instance by cache expiry only',
    );
  });
  return {
    authenticator: createApiKeyAuthenticator(config.apiKeys, verifier),
    keyAdmin: createKeyAdmin({ store, hasher, rotationGraceSeconds }),
  };
}
