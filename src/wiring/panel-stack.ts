import type { Dispatcher } from 'undici';
import { panelAccountId, type PanelAccountConfig } from '../config/panel-accounts.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { breakerClient, createCircuitBreaker } from '../panel/circuit-breaker.js';
import { createPanelClient, type PanelClient } from '../panel/client.js';
import { dealerKeys } from '../panel/login-coordinator.js';
import { createLoginEvents } from '../panel/login-events.js';
import { createPanelSessions, type PanelSessions } from '../panel/panel-sessions.js';
import { createRateLimiter, limitedClient } from '../panel/outbound-limiter.js';
import type { ReadCache } from '../panel/read-cache.js';
import { retryingClient } from '../panel/retry.js';
import type { SessionCipher } from '../panel/session-cipher.js';
import { createSessionManager, type Dealer, type PanelSession } from '../panel/session-manager.js';
import type { Store } from '../store/store.js';

export interface PanelStackDeps {
  config: Config;
  logger: Logger;
  store: Store;
  metrics: Metrics;
  cipher: SessionCipher | undefined;
  /** The undici Pool for the account's origin. */
  dispatcher: Dispatcher;
  backoff?: { initialMs: number; maxMs: number } | undefined;
  /** The shared read cache, when on: wraps every session of the account. */
  readCache?: ReadCache | undefined;
}

/**
 * How long a sub-dealer Navixy refused to open a session for (one it does not have, or a
 * blocked one) is answered the same without asking again. Short: a sub-dealer created or
 * unblocked meanwhile is usable this long after at most.
 */
export const SUBDEALER_REFUSAL_MEMO_MS = 30_000;

/**
 * The sessions of one configured Panel account (`dealer` alone is the one without coalescing,
 * for tests and the bench): the dealer's own, logging in with the account's
 * login and password, and its sub-dealers'. Every key of shared state (session records, the
 * rate limit, the breaker's metric) carries the account's `login@host`, so two accounts never
 * share a session, a lock or a rate budget. The sub-dealers' sessions go through the dealer's
 * breaker and rate limit (Navixy counts the calls of one address together, reference §1.8,
 * and its health is the same for all) and share its fencing counter and login channel: the
 * sub-dealer ids clients send add no metrics series, keys without expiry or subscriptions.
 */
export function createPanelStack(
  account: PanelAccountConfig,
  deps: PanelStackDeps,
): { dealer: PanelSession; sessions: PanelSessions } {
  const dealerId = panelAccountId(account.url, account.login);
  const client = resilientClient(
    createPanelClient({
      baseUrl: account.url,
      dispatcher: deps.dispatcher,
      timeoutMs: deps.config.upstreamTimeoutMs,
    }),
    dealerId,
    deps,
  );
  const family = {
    id: dealerId,
    events: createLoginEvents({
      store: deps.store,
      logger: deps.logger,
      channel: dealerKeys(dealerId).events,
    }),
  };
  const sessionFor = (dealer: Dealer, refusalMemoMs?: number) =>
    createSessionManager({
      dealer,
      client,
      store: deps.store,
      logger: deps.logger,
      sessionTtlSeconds: deps.config.sessionTtlSeconds,
      upstreamTimeoutMs: deps.config.upstreamTimeoutMs,
      loginLockLeaseMs: deps.config.loginLockLeaseMs,
      cipher: deps.cipher,
      metrics: deps.metrics,
      requestDeadlineMs: deps.config.requestDeadlineMs,
      initialBackoffMs: deps.backoff?.initialMs,
      maxBackoffMs: deps.backoff?.maxMs,
      family,
      refusalMemoMs,
    });
  const dealerSession = sessionFor({
    id: dealerId,
    authenticate: (accountClient, options) =>
      accountClient.call(
        'account/auth',
        { login: account.login, password: account.password },
        options,
      ),
  });
  return {
    dealer: dealerSession,
    sessions: createPanelSessions({
      main: dealerSession,
      create: (subdealer) => sessionFor(subdealer, SUBDEALER_REFUSAL_MEMO_MS),
      decorate: (session) => deps.readCache?.session(session) ?? session,
    }),
  };
}

/**
 * Per dealer, outermost first: retries, the circuit breaker, the account's shared rate
 * limit (every call to Navixy, logins and retries included, takes a slot), then the client.
 */
function resilientClient(client: PanelClient, dealerId: string, deps: PanelStackDeps): PanelClient {
  const { config, logger, metrics } = deps;
  metrics.circuitState(dealerId, 'closed');
  const breaker = createCircuitBreaker({
    ...config.circuitBreaker,
    onStateChange: (state) => {
      logger.warn({ dealer: dealerId, state }, 'panel circuit breaker changed state');
      metrics.circuitState(dealerId, state);
    },
  });
  let limited = client;
  if (config.panelRateLimit.perSecond > 0) {
    const limiter = createRateLimiter({
      dealerId,
      store: deps.store,
      logger,
      ...config.panelRateLimit,
    });
    metrics.limiterQueue(dealerId, () => limiter.queueLength());
    limited = limitedClient(client, limiter);
  }
  return retryingClient(breakerClient(limited, breaker), {
    retries: config.upstreamRetries,
    logger,
    dealerId,
  });
}
