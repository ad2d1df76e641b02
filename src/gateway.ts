import type { Express } from 'express';
import type { Dispatcher } from 'undici';
import { createApp } from './app.js';
import { createApiKeyAuthenticator } from './auth/api-keys.js';
import type { Config } from './config.js';
import type { Logger } from './observability/logger.js';
import { generateOpenApiYaml } from './openapi/generate.js';
import { createPanelClient, type PanelClient } from './panel/client.js';
import { createPanelSessions, type PanelSessions } from './panel/panel-sessions.js';
import { createRateLimiter, limitedClient } from './panel/rate-limiter.js';
import {
  createSessionManager,
  type PanelAccount,
  type PanelSession,
} from './panel/session-manager.js';
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
}

export interface Gateway {
  app: Express;
  /** The dealer's own Panel session. */
  panel: PanelSession;
  sessions: PanelSessions;
}

/** The account id names the Panel account in store keys and logs: `login@host`. */
export function panelAccountId(url: string, login: string): string {
  return `${login}@${new URL(url).host}`;
}

/** Wires the gateway from parts made by the caller (`main.ts`, the demo, tests, the bench). */
export function createGateway(parts: GatewayParts): Gateway {
  const { config, logger, store } = parts;
  const client = createPanelClient({
    baseUrl: config.panel.url,
    dispatcher: parts.dispatcher,
    timeoutMs: config.upstreamTimeoutMs,
  });
  // Every call to Navixy, logins included, takes a slot of its account's shared rate limit.
  const clientFor = (accountId: string): PanelClient =>
    limitedClient(
      client,
      createRateLimiter({ accountId, store, logger, ...config.panelRateLimit }),
    );
  const sessionFor = (account: PanelAccount, accountClient = clientFor(account.id)) =>
    createSessionManager({
      account,
      client: accountClient,
      store,
      logger,
      sessionTtlSeconds: config.sessionTtlSeconds,
      upstreamTimeoutMs: config.upstreamTimeoutMs,
      initialBackoffMs: parts.backoff?.initialMs,
      maxBackoffMs: parts.backoff?.maxMs,
    });
  const mainId = panelAccountId(config.panel.url, config.panel.login);
  const mainClient = clientFor(mainId);
  const panel = sessionFor(
    {
      id: mainId,
      authenticate: () =>
        mainClient.call('account/auth', {
          login: config.panel.login,
          password: config.panel.password,
        }),
    },
    mainClient,
  );
  const sessions = createPanelSessions({ main: panel, create: sessionFor });
  // A read-merge-write is two Panel calls: the lease covers both, the wait a few of them.
  const lock = createRecordLock({
    store,
    logger,
    leaseMs: 2 * config.upstreamTimeoutMs + 5_000,
    waitMs: 2 * config.upstreamTimeoutMs + 5_000,
  });
  const app = createApp({
    logger,
    sessions,
    lock,
    store,
    jsonLimit: config.jsonBodyLimitBytes,
    uploadLimit: config.uploadLimitBytes,
    authenticator: createApiKeyAuthenticator(config.apiKeys),
    openapiYaml: generateOpenApiYaml(),
    isAccepting: parts.isAccepting,
  });
  return { app, panel, sessions };
}
