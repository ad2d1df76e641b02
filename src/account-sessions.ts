import type { Dispatcher } from 'undici';
import { panelAccountId, type PanelAccountConfig } from './config-accounts.js';
import type { Config } from './config.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import { breakerClient, createCircuitBreaker } from './panel/circuit-breaker.js';
import { createPanelClient, type PanelClient } from './panel/client.js';
import { createPanelSessions, type PanelSessions } from './panel/panel-sessions.js';
import { createRateLimiter, limitedClient } from './panel/rate-limiter.js';
import { retryingClient } from './panel/retry.js';
import type { SessionCipher } from './panel/session-cipher.js';
import {
  createSessionManager,
  type PanelAccount,
  type PanelSession,
} from './panel/session-manager.js';
import type { Store } from './store/store.js';

export interface AccountSessionsDeps {
  config: Config;
  logger: Logger;
  store: Store;
  metrics: Metrics;
  cipher: SessionCipher | undefined;
  /** The undici Pool for the account's origin. */
  dispatcher: Dispatcher;
  backoff?: { initialMs: number; maxMs: number } | undefined;
}

/**
 * The sessions of one configured Panel account (`dealer` alone is the one without coalescing,
 * for tests and the bench): the dealer's own, logging in with the account's
 * login and password, and its sub-dealers'. Every key of shared state (session records, the
 * rate limit, the breaker's metric) carries the account's `login@host`, so two accounts never
 * share a session, a lock or a rate budget.
 */
export function createAccountSessions(
  account: PanelAccountConfig,
  deps: AccountSessionsDeps,
): { dealer: PanelSession; sessions: PanelSessions } {
  const client = createPanelClient({
    baseUrl: account.url,
    dispatcher: deps.dispatcher,
    timeoutMs: deps.config.upstreamTimeoutMs,
  });
  const sessionFor = (panelAccount: PanelAccount) =>
    createSessionManager({
      account: panelAccount,
      client: resilientClient(client, panelAccount.id, deps),
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
    });
  const dealer = sessionFor({
    id: panelAccountId(account.url, account.login),
    authenticate: (accountClient, options) =>
      accountClient.call(
        'account/auth',
        { login: account.login, password: account.password },
        options,
      ),
  });
  return { dealer, sessions: createPanelSessions({ main: dealer, create: sessionFor }) };
}

/**
 * Per session account, outermost first: retries, the circuit breaker, the account's shared rate
 * limit (every call to Navixy, logins and retries included, takes a slot), then the client.
 */
function resilientClient(
  client: PanelClient,
  accountId: string,
  deps: AccountSessionsDeps,
): PanelClient {
  const { config, logger, metrics } = deps;
  metrics.circuitState(accountId, 'closed');
  const breaker = createCircuitBreaker({
    ...config.circuitBreaker,
    onStateChange: (state) => {
      logger.warn({ account: accountId, state }, 'panel circuit breaker changed state');
      metrics.circuitState(accountId, state);
    },
  });
  let limited = client;
  if (config.panelRateLimit.perSecond > 0) {
    const limiter = createRateLimiter({
      accountId,
      store: deps.store,
      logger,
      ...config.panelRateLimit,
    });
    metrics.limiterQueue(accountId, () => limiter.queueLength());
    limited = limitedClient(client, limiter);
  }
  return retryingClient(breakerClient(limited, breaker), {
    retries: config.upstreamRetries,
    logger,
    accountId,
  });
}
