import type { JwtConfig } from '../auth/jwt-settings.js';
import type { ApiKeyEntry } from '../auth/key-entry.js';
import type { ServerSettings } from '../http/server.js';
import type { ClientRateLimitSettings } from '../limits/client-rate-limiter.js';
import type { SessionKey } from '../panel/session-cipher.js';
import type { RedisSettings } from '../store/redis-settings.js';
import type { PanelAccountConfig } from './panel-accounts.js';
import type { logLevels } from './settings.js';

/** The gateway's validated configuration. */
export interface Config {
  port: number;
  host: string;
  /** The default account: the one a principal without `accounts` uses. */
  panel: PanelAccountConfig;
  /** Every Panel account, the default first; ids unique, never two for one login on one host. */
  panelAccounts: PanelAccountConfig[];
  /** How to reach Redis (one server, Sentinel or Cluster); unset: the in-memory store. */
  redis: RedisSettings | undefined;
  redisKeyPrefix: string;
  apiKeys: ApiKeyEntry[];
  apiKeysFile: string | undefined;
  sessionTtlSeconds: number;
  /** Per upstream attempt. */
  upstreamTimeoutMs: number;
  /** Overall, from a client request's arrival: attempts, back-offs and login waits included. */
  requestDeadlineMs: number;
  /** Retries of a failed upstream call, where allowed (reads, or provably unsent). */
  upstreamRetries: number;
  circuitBreaker: { threshold: number; openMs: number };
  logLevel: (typeof logLevels)[number];
  jsonBodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Keys sealing Panel session records in Redis; the first seals, all open. */
  sessionKeys: SessionKey[];
  /** Lease of the cross-instance login lock; renewed while a login runs. */
  loginLockLeaseMs: number;
  /** How long in-flight requests may take to finish after SIGTERM. */
  shutdownTimeoutMs: number;
  /** What a client's connection may cost; see {@link ServerSettings}. */
  server: ServerSettings;
  /**
   * `GET /metrics`: on the main port behind `token`, and/or on a listener of its own
   * (`port`, `host`); neither: not served.
   */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /** Where audit records go: `stdout`, `stderr` or a file path (appended to). */
  auditLog: string;
  /** Browser origins allowed by CORS; empty: CORS off. */
  corsOrigins: string[];
  /** Express `trust proxy`: which proxies' `X-Forwarded-For` to believe; unset: none. */
  trustProxy: string | undefined;
  /** Unset unless JWT_ISSUER and JWT_AUDIENCE are both set. */
  jwt: JwtConfig | undefined;
  managedKeys: ManagedKeySettings;
  /**
   * Outbound limit per Panel account across all instances (Navixy allows about 50 requests per
   * second per session, reference §1.8): calls per second, calls of one process that may wait
   * for a slot, and the longest wait before a client gets 429.
   */
  panelRateLimit: { perSecond: number; queueSize: number; maxWaitMs: number };
  clientRateLimit: ClientRateLimitSettings;
  readCache: ReadCacheSettings;
}

/** The shared read cache of Panel answers (docs/cache.md). */
export interface ReadCacheSettings {
  enabled: boolean;
  /** How long answers of records and lists are fresh. */
  recordSeconds: number;
  /** How long reference data (timezones, equipment, email gateways, permissions) is fresh. */
  referenceSeconds: number;
  /** How much older than fresh an answer may be served (while refreshing, or on failures). */
  maxStaleSeconds: number;
  /** Answers kept in each instance's memory. */
  maxEntries: number;
  /** Answers bigger than this are never kept. */
  maxEntryBytes: number;
  /** Bytes of answers kept in each instance's memory, all together. */
  maxBytes: number;
}

/** Settings of the managed API keys (kept in the store, administered under `/admin/keys`). */
export interface ManagedKeySettings {
  /**
   * The HMAC-SHA-256 key that turns an API key into the digest the store keeps. Without it,
   * managed keys can be listed and revoked but not issued nor verified.
   */
  hmacSecret: string | undefined;
  /** How long a rotated key stays valid beside its successor. */
  rotationGraceSeconds: number;
  /** How long an instance trusts a verified (or unknown) key without asking the store. */
  cacheTtlMs: number;
}

/** What `npm run keys` needs to administer managed keys: the store and the key settings. */
export interface KeyStoreConfig {
  redis: RedisSettings | undefined;
  redisKeyPrefix: string;
  managedKeys: ManagedKeySettings;
}
