import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Dispatcher } from 'undici';
import { createPanelStack } from './panel-stack.js';
import { createApp } from './app.js';
import type { Authenticator } from '../auth/authenticator.js';
import { createApiKeyAuthenticator } from '../auth/file-keys.js';
import { createAuthenticator } from '../auth/credential-dispatch.js';
import { createClientRateLimiter } from '../limits/client-rate-limiter.js';
import { createJwtAuthenticator } from '../auth/jwt.js';
import { createTokenIssuer, type TokenIssuer } from '../auth/jwt-issuer.js';
import { createKeyAdmin, type KeyAdmin } from '../auth/key-admin.js';
import { createKeyHasher } from '../auth/key-format.js';
import { createManagedKeyVerifier } from '../auth/managed-keys.js';
import { KNOWN_SCOPES } from '../auth/key-entry.js';
import type { Config } from '../config/config.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import { createAuditLogger } from '../observability/audit.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { Tracing } from '../observability/tracing.js';
import { generateOpenApiYaml } from '../openapi/generate.js';
import { createReadCache } from '../panel/read-cache.js';
import { createSessionCipher } from '../panel/session-cipher.js';
import { createPanelAccounts, type PanelAccounts } from '../panel/panel-accounts.js';
import type { PanelSessions } from '../panel/panel-sessions.js';
import type { PanelSession } from '../panel/session-manager.js';
import { createRecordLock } from '../store/record-lock.js';
import type { Store } from '../store/store.js';

export interface GatewayParts {
  config: Config;
  logger: Logger;
  store: Store;
  /**
   * The undici Pool of each Panel API origin (`main.ts` makes one per origin), or one dispatcher
   * for every account (the demo, tests and the bench, with one simulator).
   */
  dispatcher: Dispatcher | ((origin: string) => Dispatcher);
  isAccepting?: () => boolean;
  /** Login back-off (defaults: 30 s doubling to 10 min); tests shorten it. */
  backoff?: { initialMs: number; maxMs: number };
  /** Made here unless given (`main.ts` gives them, to count Redis errors too). */
  metrics?: Metrics;
  /** The audit stream; made from `AUDIT_LOG` unless given (tests capture it). */
  audit?: Logger;
  /** The clock of JWT checks and key set fetches (default `Date.now`); tests move it. */
  now?: () => number;
  /** OpenTelemetry traces (`main.ts` makes them from `OTEL_*`); default: off. */
  tracing?: Tracing;
  /** The clock of the read cache's freshness (default `Date.now`); tests move it. */
  cacheNow?: () => number;
}

export interface Gateway {
  app: Express;
  /** The default account's own Panel session. */
  panel: PanelSession;
  /** The default account's sessions. */
  sessions: PanelSessions;
  /** Every Panel account's sessions. */
  accounts: PanelAccounts;
  metrics: Metrics;
  /** The JWT issuer, when JWTs are configured: `main.ts` checks it before listening. */
  tokenIssuer: TokenIssuer | undefined;
}

export { panelAccountId } from '../config/panel-accounts.js';

/** Wires the gateway from parts made by the caller (`main.ts`, the demo, tests, the bench). */
export function createGateway(parts: GatewayParts): Gateway {
  const { config, logger, store } = parts;
  const metrics = parts.metrics ?? createMetrics();
  const cipher =
    config.sessionKeys.length > 0 ? createSessionCipher(config.sessionKeys) : undefined;
  if (store.kind === 'redis' && !cipher) {
    throw new Error('SESSION_ENCRYPTION_KEYS is required with a Redis store');
  }
  const dispatcherFor = (url: string) => {
    const { dispatcher } = parts;
    return typeof dispatcher === 'function' ? dispatcher(new URL(url).origin) : dispatcher;
  };
  const readCache = config.readCache.enabled
    ? createReadCache({
        store,
        logger,
        metrics,
        freshMs: {
          record: config.readCache.recordSeconds * 1000,
          reference: config.readCache.referenceSeconds * 1000,
        },
        maxStaleMs: config.readCache.maxStaleSeconds * 1000,
        maxEntries: config.readCache.maxEntries,
        maxEntryBytes: config.readCache.maxEntryBytes,
        maxBytes: config.readCache.maxBytes,
        fillLockMs: config.upstreamTimeoutMs,
        now: parts.cacheNow,
      })
    : undefined;
  readCache?.listen().catch((error: unknown) => {
    logger.warn(
      { err: errorSummary(error) },
      'cannot subscribe to read cache invalidations: other instances\u2019 writes reach this one through Redis reads only',
    );
  });
  const wired = config.panelAccounts.map((account) => ({
    id: account.id,
    ...createPanelStack(account, {
      config,
      logger,
      store,
      metrics,
      cipher,
      dispatcher: dispatcherFor(account.url),
      backoff: parts.backoff,
      readCache,
    }),
  }));
  const [first] = wired;
  if (!first) throw new Error('no Panel account configured');
  const accounts = createPanelAccounts(wired.map(({ id, sessions }) => [id, sessions]));
  const sessions = accounts.sessions(accounts.defaultId);
  // A read-merge-write is two Panel calls: the lease covers both, the wait a few of them.
  const lock = createRecordLock({
    store,
    logger,
    leaseMs: 2 * config.upstreamTimeoutMs + 5_000,
    waitMs: 2 * config.upstreamTimeoutMs + 5_000,
    metrics,
  });
  const tokenIssuer = config.jwt && createTokenIssuer(config.jwt, { now: parts.now ?? Date.now });
  const app = createApp({
    logger,
    accounts,
    lock,
    store,
    jsonLimit: config.jsonBodyLimitBytes,
    uploadLimit: config.uploadLimitBytes,
    ...withJwt(managedKeys(config, store, logger), config, {
      logger,
      now: parts.now,
      issuer: tokenIssuer,
    }),
    tokenIssuer,
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
    tracing: parts.tracing,
    readCache: readCache !== undefined,
  });
  // The default account comes first (config.ts).
  return { app, panel: first.dealer, sessions, accounts, metrics, tokenIssuer };
}

/** JWTs from the configured issuer, beside the API keys (a JWT-shaped Bearer goes to it). */
function withJwt(
  parts: { authenticator: Authenticator; keyAdmin: KeyAdmin },
  config: Config,
  deps: { logger: Logger; now: (() => number) | undefined; issuer: TokenIssuer | undefined },
) {
  const { issuer } = deps;
  return {
    ...parts,
    authenticator: createAuthenticator({
      apiKeys: parts.authenticator,
      jwt:
        config.jwt &&
        issuer &&
        createJwtAuthenticator(config.jwt, { ...deps, issuer, scopes: KNOWN_SCOPES }),
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
