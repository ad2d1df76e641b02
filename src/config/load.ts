import { z } from 'zod';
import { secureUrl, type JwtConfig } from '../auth/jwt-settings.js';
import { apiKeyEntrySchema, type ApiKeyEntry } from '../auth/key-entry.js';
import { ALL_ACCOUNTS } from '../auth/account-refs.js';
import type { SessionKey } from '../panel/session-cipher.js';
import type { Config, KeyStoreConfig, ManagedKeySettings } from './config.js';
import { readJsonFile, readSecretFile, type ReadFile } from './files.js';
import { readPanelAccounts } from './panel-accounts.js';
import { readRedisSettings } from './redis.js';
import { parseSessionKeys } from './session-keys.js';
import { hmacSecret, settingsSchema } from './settings.js';

const apiKeysFileSchema = z.array(apiKeyEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.sha256)) {
      ctx.addIssue({ code: 'custom', path: [index, 'sha256'], message: 'duplicate key' });
    }
    seen.add(entry.sha256);
  }
});

/** Thrown with every problem found, one per line, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Checks of the machine the gateway starts on, beside the settings' own (`main.ts` gives them). */
export interface StartChecks {
  /** Opens `path` for appending (creating the file, never its directory); throws as `fs` does. */
  append?: (path: string) => void;
}

/** Why a file cannot be appended to, in words, from its errno code. */
const APPEND_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist; create it first',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
};

/** `AUDIT_LOG` names a file the process can append to (a missing directory is not created). */
function checkAuditLog(path: string, append: (path: string) => void, problems: string[]): void {
  if (path === 'stdout' || path === 'stderr') return;
  try {
    append(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    const why = APPEND_FAILURES[code];
    problems.push(`AUDIT_LOG: cannot append to ${path} (${why ? `${why}, ${code}` : code})`);
  }
}

/**
 * Validates the environment and reads the files it names (password, API keys). Every bad or
 * missing setting is collected into one {@link ConfigError}; values of secrets never appear in it.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: ReadFile,
  checks: StartChecks = {},
): Config {
  const parsed = settingsSchema.safeParse(blankToUndefined(env));
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      );
  const settings = parsed.success ? parsed.data : undefined;
  // Checked apart from the schema so it is reported together with every other problem.
  if (settings) problems.push(...crossChecks(settings));
  problems.push(...jwtProblems(env));

  const { accounts: panelAccounts, declaredIds } = readPanelAccounts(
    env,
    settings,
    readFile,
    problems,
  );
  const apiKeys = readApiKeys(env.API_KEYS_FILE, readFile, problems);
  reportUnknownAccounts(apiKeys, declaredIds, problems);
  const redis = settings && readRedisSettings(settings, readFile, problems);
  const sessionKeys = readSessionKeys(env, readFile, problems);
  if (settings && checks.append) checkAuditLog(settings.AUDIT_LOG, checks.append, problems);
  const managedKeys = settings && managedKeySettings(env, settings, readFile, problems);
  const panel = panelAccounts[0];
  if (!managedKeys || !settings || !panel || problems.length > 0) throw new ConfigError(problems);

  return {
    port: settings.PORT,
    host: settings.HOST,
    panel,
    panelAccounts,
    redis,
    redisKeyPrefix: settings.REDIS_KEY_PREFIX,
    apiKeys,
    apiKeysFile: settings.API_KEYS_FILE,
    sessionTtlSeconds: settings.PANEL_SESSION_TTL_SECONDS,
    upstreamTimeoutMs: settings.UPSTREAM_TIMEOUT_MS,
    requestDeadlineMs: settings.REQUEST_DEADLINE_MS,
    upstreamRetries: settings.UPSTREAM_RETRIES,
    circuitBreaker: {
      threshold: settings.CIRCUIT_BREAKER_THRESHOLD,
      openMs: settings.CIRCUIT_BREAKER_OPEN_MS,
    },
    logLevel: settings.LOG_LEVEL,
    jsonBodyLimitBytes: settings.JSON_BODY_LIMIT_BYTES,
    uploadLimitBytes: settings.UPLOAD_LIMIT_BYTES,
    sessionKeys,
    loginLockLeaseMs: settings.LOGIN_LOCK_LEASE_MS,
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    server: {
      headersTimeoutMs: settings.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: settings.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: settings.MAX_CONNECTIONS,
    },
    auditLog: settings.AUDIT_LOG,
    corsOrigins: settings.CORS_ORIGINS,
    trustProxy: settings.TRUST_PROXY,
    metrics: {
      token: settings.METRICS_TOKEN,
      port: settings.METRICS_PORT,
      host: settings.METRICS_HOST,
    },
    jwt: jwtConfig(settings),
    managedKeys,
    panelRateLimit: {
      perSecond: settings.PANEL_RATE_LIMIT_PER_SECOND,
      queueSize: settings.PANEL_RATE_LIMIT_QUEUE,
      maxWaitMs: settings.PANEL_RATE_LIMIT_MAX_WAIT_MS,
    },
    readCache: {
      enabled: settings.READ_CACHE === 'on',
      recordSeconds: settings.READ_CACHE_RECORD_SECONDS,
      referenceSeconds: settings.READ_CACHE_REFERENCE_SECONDS,
      maxStaleSeconds: settings.READ_CACHE_MAX_STALE_SECONDS,
      maxEntries: settings.READ_CACHE_MAX_ENTRIES,
      maxEntryBytes: settings.READ_CACHE_MAX_ENTRY_BYTES,
      maxBytes: settings.READ_CACHE_MAX_BYTES,
    },
    clientRateLimit: {
      default: settings.CLIENT_RATE_LIMIT,
      rules: settings.CLIENT_RATE_LIMIT_RULES,
      fallbackFraction: settings.CLIENT_RATE_LIMIT_FALLBACK_FRACTION,
    },
  };
}

/** Settings that are each valid but not together; reported with every other problem. */
function crossChecks(settings: z.output<typeof settingsSchema>): string[] {
  const problems: string[] = [];
  if (settings.REQUEST_DEADLINE_MS < settings.UPSTREAM_TIMEOUT_MS) {
    problems.push('REQUEST_DEADLINE_MS: must be at least UPSTREAM_TIMEOUT_MS');
  }
  // Node refuses a header timeout longer than the request timeout (it is part of it).
  if (settings.HEADERS_TIMEOUT_MS > settings.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS: must be at most REQUEST_TIMEOUT_MS');
  }
  const metricsPort = settings.METRICS_PORT;
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === settings.PORT) {
    problems.push(
      `METRICS_PORT: ${metricsPort} is PORT too; the metrics listener needs a port of its own`,
    );
  }
  return problems;
}

/**
 * JWTs need the issuer and the audience; the key set is the issuer's (discovered from its
 * metadata, so the issuer must then be a URL fetched securely) unless `JWT_JWKS_URL` names it.
 */
function jwtProblems(env: Record<string, string | undefined>): string[] {
  const { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = env;
  if (!issuer !== !audience || (jwksUrl && !issuer)) {
    return [
      'JWT_ISSUER, JWT_AUDIENCE: set both to accept JWTs (JWT_JWKS_URL only overrides the ' +
        'key set the issuer publishes), or none of the JWT_* settings',
    ];
  }
  if (issuer && !jwksUrl && !secureUrl.safeParse(issuer).success) {
    return [
      'JWT_ISSUER: must be an https URL (http only for a loopback host) for its metadata to be ' +
        'discovered; or set JWT_JWKS_URL',
    ];
  }
  return [];
}

function jwtConfig(settings: z.output<typeof settingsSchema>): JwtConfig | undefined {
  const { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = settings;
  if (!issuer || !audience) return undefined;
  return {
    jwksUrl,
    issuer,
    audience,
    algorithms: settings.JWT_ALGORITHMS,
    clockSkewSeconds: settings.JWT_CLOCK_SKEW_SECONDS,
    maxTokenAgeSeconds: settings.JWT_MAX_TOKEN_AGE_SECONDS,
    scopesClaim: settings.JWT_SCOPES_CLAIM,
    userIdClaim: settings.JWT_USER_ID_CLAIM,
    accountsClaim: settings.JWT_ACCOUNTS_CLAIM,
    jwksCooldownSeconds: settings.JWT_JWKS_COOLDOWN_SECONDS,
    tokenTypes: settings.JWT_TOKEN_TYPES,
  };
}

const keyStoreSchema = settingsSchema.pick({
  REDIS_URL: true,
  REDIS_SENTINELS: true,
  REDIS_SENTINEL_MASTER: true,
  REDIS_CLUSTER_NODES: true,
  REDIS_USERNAME: true,
  REDIS_PASSWORD: true,
  REDIS_PASSWORD_FILE: true,
  REDIS_SENTINEL_PASSWORD: true,
  REDIS_SENTINEL_PASSWORD_FILE: true,
  REDIS_TLS: true,
  REDIS_TLS_CA_FILE: true,
  REDIS_KEY_PREFIX: true,
  API_KEY_HMAC_SECRET: true,
  API_KEY_HMAC_SECRET_FILE: true,
  API_KEY_ROTATION_GRACE_SECONDS: true,
  API_KEY_CACHE_TTL_MS: true,
});

/** The subset of {@link loadConfig} the key CLI reads: no Panel settings needed. */
export function loadKeyStoreConfig(
  env: Record<string, string | undefined>,
  readFile: ReadFile,
): KeyStoreConfig {
  const parsed = keyStoreSchema.safeParse(blankToUndefined(env));
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const managedKeys = parsed.success
    ? managedKeySettings(env, parsed.data, readFile, problems)
    : undefined;
  const redis = parsed.success ? readRedisSettings(parsed.data, readFile, problems) : undefined;
  if (!parsed.success || !managedKeys || problems.length > 0) throw new ConfigError(problems);
  return {
    redis,
    redisKeyPrefix: parsed.data.REDIS_KEY_PREFIX,
    managedKeys,
  };
}

function managedKeySettings(
  env: Record<string, string | undefined>,
  settings: z.infer<typeof keyStoreSchema>,
  readFile: ReadFile,
  problems: string[],
): ManagedKeySettings | undefined {
  if (env.API_KEY_HMAC_SECRET && env.API_KEY_HMAC_SECRET_FILE) {
    problems.push(
      'API_KEY_HMAC_SECRET: set at most one of API_KEY_HMAC_SECRET or API_KEY_HMAC_SECRET_FILE',
    );
  }
  const fromFile = readSecretFile(
    env.API_KEY_HMAC_SECRET_FILE,
    'API_KEY_HMAC_SECRET_FILE',
    readFile,
    problems,
  );
  if (fromFile !== undefined && !hmacSecret.safeParse(fromFile).success) {
    problems.push(
      `API_KEY_HMAC_SECRET_FILE: ${env.API_KEY_HMAC_SECRET_FILE} must hold at least 32 bytes`,
    );
  }
  return {
    hmacSecret: settings.API_KEY_HMAC_SECRET?.trim() ?? fromFile,
    rotationGraceSeconds: settings.API_KEY_ROTATION_GRACE_SECONDS,
    cacheTtlMs: settings.API_KEY_CACHE_TTL_MS,
  };
}

/** An empty variable (`FOO=`) means "not set", as in most deployment tools. */
function blankToUndefined(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

const REDIS_MODES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;

/** Session keys are required with Redis: hashes never rest there in clear. */
function readSessionKeys(
  env: Record<string, string | undefined>,
  readFile: ReadFile,
  problems: string[],
): SessionKey[] {
  const name = 'SESSION_ENCRYPTION_KEYS';
  if (env[name] && env[`${name}_FILE`]) {
    problems.push(`${name}: set ${name} or ${name}_FILE, not both`);
    return [];
  }
  const text = env[name] || readSecretFile(env[`${name}_FILE`], `${name}_FILE`, readFile, problems);
  if (!text) {
    const redisSetting = REDIS_MODES.find((mode) => env[mode]);
    if (redisSetting) {
      problems.push(
        `${name}: required with ${redisSetting} (session hashes are encrypted at rest); ` +
          'e.g. k1:$(openssl rand -base64 32)',
      );
    }
    return [];
  }
  try {
    return parseSessionKeys(text);
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
    return [];
  }
}

function readApiKeys(path: string | undefined, readFile: ReadFile, problems: string[]) {
  if (!path) return [];
  const raw = readJsonFile(path, 'API_KEYS_FILE', readFile, problems);
  if (raw === undefined) return [];
  const parsed = apiKeysFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push(`API_KEYS_FILE ${path} [${issue.path.join('.')}]: ${issue.message}`);
  }
  return [];
}

/** A file key naming an account that does not exist is a typo: refused at start-up. */
function reportUnknownAccounts(
  keys: readonly ApiKeyEntry[],
  declaredIds: ReadonlySet<string>,
  problems: string[],
): void {
  if (declaredIds.size === 0) return; // no account could be read: that is the problem reported
  for (const key of keys) {
    const unknown = (key.accounts ?? []).filter(
      (id) => id !== ALL_ACCOUNTS && !declaredIds.has(id),
    );
    if (unknown.length > 0) {
      problems.push(
        `API_KEYS_FILE: key "${key.name}" names unknown accounts ${unknown.join(', ')}`,
      );
    }
  }
}
