import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import {
  accountList,
  ALL_ACCOUNTS,
  panelApiUrl,
  readPanelAccounts,
  type PanelAccountConfig,
} from './config-accounts.js';
import { readJsonFile, readSecretFile, type ReadFile } from './config-files.js';
import { createScopeCatalog, type ScopeCatalog } from './auth/scope-catalog.js';
import { PANEL_ACTIONS } from './panel/actions.js';

export type { ReadFile } from './config-files.js';
export type { PanelAccountConfig } from './config-accounts.js';
import {
  isRate,
  parseRate,
  parseRateRules,
  RATE_SYNTAX,
  type ClientRateSetting,
  type ScopeRateRule,
} from './rate-syntax.js';

/** Log levels pino understands, plus `silent`. */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const scopePattern = /^[a-z_]+:([a-z_]+|\*)$/;

/** Every scope that means something: the action catalog's permissions, their `category:*`, `gateway:admin`. */
export const KNOWN_SCOPES: ScopeCatalog = createScopeCatalog(
  Object.values(PANEL_ACTIONS).flatMap((action) => action.permissions),
);

/** A scope an operator or administrator writes: well-formed and known, or refused. */
const scope = z.string().superRefine((value, ctx) => {
  if (!scopePattern.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be written category:operation' });
  } else if (!KNOWN_SCOPES.knows(value)) {
    ctx.addIssue({ code: 'custom', message: KNOWN_SCOPES.unknownMessage(value) });
  }
});

/** One entry of `API_KEYS_FILE`: the key itself is never stored, only its SHA-256 (hex). */
export const apiKeyEntrySchema = z.strictObject({
  name: z.string().min(1).max(100),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key (64 characters)'),
  scopes: z.array(scope).min(1),
  /** The Panel accounts the key may use (`*`: all); absent: the default account only. */
  accounts: accountList.optional(),
  /** The key's own client rate limit (`600/60s`, `off`); unset: the rules, then the default. */
  rateLimit: z.string().refine(isRate, RATE_SYNTAX).optional(),
});
export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;

const apiKeysFileSchema = z.array(apiKeyEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.sha256)) {
      ctx.addIssue({ code: 'custom', path: [index, 'sha256'], message: 'duplicate key' });
    }
    seen.add(entry.sha256);
  }
});

/** One AES-256 key for session records at rest, with the id that names it in sealed values. */
export interface SessionKey {
  id: string;
  key: Buffer;
}

/**
 * Parses `SESSION_ENCRYPTION_KEYS`: `id:base64key` entries separated by commas or whitespace,
 * the first sealing new values. Throws a message naming the bad entry, never its key.
 */
export function parseSessionKeys(text: string): SessionKey[] {
  const keys: SessionKey[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new Error(
        'each entry must be written id:base64key, the id of 1-32 letters, digits, _ or -',
      );
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes, base64-encoded`);
    if (keys.some((k) => k.id === id)) throw new Error(`key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new Error('no key given');
  return keys;
}
/** HMAC keys shorter than the hash output weaken it (RFC 2104 §3); 32 bytes for SHA-256. */
const hmacSecret = z
  .string()
  .refine((value) => Buffer.byteLength(value.trim(), 'utf8') >= 32, 'must be at least 32 bytes');

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * JWS algorithms a JWKS can verify. `none` and the HS* family are left out on purpose: a key set
 * is public, so an HMAC "key" taken from it would let anyone sign (the algorithm-confusion attack).
 */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** A key set URL: https, or http on a loopback host only (a local issuer, tests). */
const jwksUrl = z.url({ protocol: /^https?$/ }).refine(
  (url) => {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  },
  { message: 'must be an https URL (http only for a loopback host)' },
);

/** A zod string parsed by `parse`, its Error message reported as the setting's problem. */
function parsed<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
}

/**
 * `TRUST_PROXY` as Express compiles it: a hop count, or a comma list that proxy-addr accepts
 * (addresses, CIDRs, `loopback`, `linklocal`, `uniquelocal`, mixed at will). Checked with
 * proxy-addr itself, so what passes here never throws when the app is built.
 */
const trustProxy = z.string().superRefine((value, ctx) => {
  if (/^\d+$/.test(value.trim())) return;
  try {
    proxyAddr.compile(value.split(',').map((part) => part.trim()));
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message:
        `${(error as Error).message}; must be a hop count, or addresses, CIDRs, loopback, ` +
        'linklocal or uniquelocal separated by commas',
    });
  }
});

const claimName = z.string().regex(/^[\w.:/-]{1,100}$/, 'must be a claim name');

/** Every setting the gateway reads from the environment, with its default. */
export const settingsSchema = z.object({
  PORT: integer(0, 65_535, 8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Required unless PANEL_ACCOUNTS_FILE names the accounts (checked in config-accounts.ts).
  PANEL_API_URL: panelApiUrl.optional(),
  PANEL_LOGIN: z.string().min(1).optional(),
  PANEL_ACCOUNTS_FILE: z.string().min(1).optional(),
  PANEL_PASSWORD: z.string().min(1).optional(),
  PANEL_PASSWORD_FILE: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/)
    .default('npg:'),
  API_KEYS_FILE: z.string().min(1).optional(),
  PANEL_SESSION_TTL_SECONDS: integer(60, 30 * 86_400, 86_400),
  UPSTREAM_TIMEOUT_MS: integer(100, 300_000, 15_000),
  REQUEST_DEADLINE_MS: integer(100, 600_000, 30_000),
  UPSTREAM_RETRIES: integer(0, 2, 2),
  CIRCUIT_BREAKER_THRESHOLD: integer(1, 1_000, 5),
  CIRCUIT_BREAKER_OPEN_MS: integer(100, 600_000, 10_000),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  JSON_BODY_LIMIT_BYTES: integer(1_024, 10 * 1_048_576, 102_400),
  UPLOAD_LIMIT_BYTES: integer(1_024, 100 * 1_048_576, 5 * 1_048_576),
  SESSION_ENCRYPTION_KEYS: z.string().min(1).optional(),
  SESSION_ENCRYPTION_KEYS_FILE: z.string().min(1).optional(),
  LOGIN_LOCK_LEASE_MS: integer(500, 60_000, 5_000),
  SHUTDOWN_TIMEOUT_MS: integer(0, 300_000, 10_000),
  HEADERS_TIMEOUT_MS: integer(100, 600_000, 10_000),
  REQUEST_TIMEOUT_MS: integer(100, 3_600_000, 30_000),
  KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000, 65_000),
  MAX_CONNECTIONS: integer(1, 1_000_000, 1_000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  AUDIT_LOG: z.string().min(1).default('stdout'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s]+$/, 'each origin must be scheme://host[:port], no path'),
      ),
    ),
  TRUST_PROXY: trustProxy.optional(),
  JWT_JWKS_URL: jwksUrl.optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_ALGORITHMS: z
    .string()
    .default('RS256,ES256')
    .transform((list) => list.split(',').map((name) => name.trim()))
    .pipe(z.array(z.enum(JWT_ALGORITHMS)).min(1)),
  JWT_CLOCK_SKEW_SECONDS: integer(0, 300, 30),
  JWT_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(1).max(31_536_000).optional(),
  JWT_SCOPES_CLAIM: claimName.default('scope'),
  JWT_USER_ID_CLAIM: claimName.default('navixy_user_id'),
  JWT_ACCOUNTS_CLAIM: claimName.default('panel_accounts'),
  JWT_JWKS_COOLDOWN_SECONDS: integer(0, 3_600, 1),
  JWT_TOKEN_TYPES: z
    .string()
    .default('at+jwt')
    .transform((list) => list.split(',').map((type) => type.trim()))
    .pipe(z.array(z.string().regex(/^[\w.+/-]{1,64}$/, 'each must be a media type name')).min(1)),
  API_KEY_HMAC_SECRET: hmacSecret.optional(),
  API_KEY_HMAC_SECRET_FILE: z.string().min(1).optional(),
  API_KEY_ROTATION_GRACE_SECONDS: integer(0, 30 * 86_400, 86_400),
  // At most 5 s: the bound on how long a revoked key can still pass when a message is lost.
  API_KEY_CACHE_TTL_MS: integer(0, 5_000, 5_000),
  // 0 turns the limiter off (a Panel API without a rate limit, e.g. the benchmark's simulator).
  PANEL_RATE_LIMIT_PER_SECOND: integer(0, 1_000, 40),
  PANEL_RATE_LIMIT_QUEUE: integer(0, 100_000, 200),
  PANEL_RATE_LIMIT_MAX_WAIT_MS: integer(0, 60_000, 2_000),
  CLIENT_RATE_LIMIT: parsed(parseRate).default(parseRate('600/60s')),
  CLIENT_RATE_LIMIT_RULES: parsed(parseRateRules).default([]),
  CLIENT_RATE_LIMIT_FALLBACK_FRACTION: z.coerce.number().gt(0).max(1).default(1),
});

/** Validation of mobile apps' JWTs against their issuer's key set; see docs/auth.md, JWT. */
export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  algorithms: (typeof JWT_ALGORITHMS)[number][];
  clockSkewSeconds: number;
  /** Tokens issued (`iat`) longer ago than this are refused; unset: only `exp` counts. */
  maxTokenAgeSeconds: number | undefined;
  scopesClaim: string;
  userIdClaim: string;
  /** The claim naming the Panel accounts the token may use; absent: the default account. */
  accountsClaim: string;
  /** Least time between two key set fetches (a floor, so made-up `kid`s cannot flood the issuer). */
  jwksCooldownSeconds: number;
  /** The `typ` header values taken (RFC 9068: `at+jwt`), compared without `application/`. */
  tokenTypes: string[];
}

/** The gateway's validated configuration. */
export interface Config {
  port: number;
  host: string;
  /** The default account: the one a principal without `accounts` uses. */
  panel: PanelAccountConfig;
  /** Every Panel account, the default first; ids unique, never two for one login on one host. */
  panelAccounts: PanelAccountConfig[];
  redisUrl: string | undefined;
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
  /** Unset unless JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE are all set. */
  jwt: JwtConfig | undefined;
  managedKeys: ManagedKeySettings;
  /**
   * Outbound limit per Panel account across all instances (Navixy allows about 50 requests per
   * second per session, reference §1.8): calls per second, calls of one process that may wait
   * for a slot, and the longest wait before a client gets 429.
   */
  panelRateLimit: { perSecond: number; queueSize: number; maxWaitMs: number };
  clientRateLimit: ClientRateLimitSettings;
}

/**
 * Limits of the client-facing listener, so a slow or idle client holds nothing for long: the
 * time to send the headers, the whole request, the idle time of a kept-alive connection, and
 * the connections open at once (beyond it new ones are closed at once).
 */
export interface ServerSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** Inbound limits per client (principal); see docs/rate-limits.md. */
export interface ClientRateLimitSettings {
  /** For principals without a limit of their own that match no rule. */
  default: ClientRateSetting;
  /** Scope-set rules, in order: the first one whose scopes a principal holds applies. */
  rules: ScopeRateRule[];
  /** While Redis is unreachable, each instance allows this share of a limit (rounded up). */
  fallbackFraction: number;
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
  const jwtSet = [env.JWT_JWKS_URL, env.JWT_ISSUER, env.JWT_AUDIENCE].filter(Boolean).length;
  if (jwtSet !== 0 && jwtSet !== 3) {
    problems.push(
      'JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE: set all three to accept JWTs, or none of them',
    );
  }

  const { accounts: panelAccounts, declaredIds } = readPanelAccounts(
    env,
    settings,
    readFile,
    problems,
  );
  const apiKeys = readApiKeys(env.API_KEYS_FILE, readFile, problems);
  reportUnknownAccounts(apiKeys, declaredIds, problems);
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
    redisUrl: settings.REDIS_URL,
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

function jwtConfig(settings: z.output<typeof settingsSchema>): JwtConfig | undefined {
  const { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = settings;
  if (!jwksUrl || !issuer || !audience) return undefined;
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

/** What `npm run keys` needs to administer managed keys: the store and the key settings. */
export interface KeyStoreConfig {
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  managedKeys: ManagedKeySettings;
}

const keyStoreSchema = settingsSchema.pick({
  REDIS_URL: true,
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
  if (!parsed.success || !managedKeys || problems.length > 0) throw new ConfigError(problems);
  return {
    redisUrl: parsed.data.REDIS_URL,
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
    if (env.REDIS_URL) {
      problems.push(
        `${name}: required with REDIS_URL (session hashes are encrypted at rest); ` +
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
