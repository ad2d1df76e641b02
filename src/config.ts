import { z } from 'zod';

/** Log levels pino understands, plus `silent`. */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const scopePattern = /^[a-z_]+:([a-z_]+|\*)$/;

/** One entry of `API_KEYS_FILE`: the key itself is never stored, only its SHA-256 (hex). */
export const apiKeyEntrySchema = z.strictObject({
  name: z.string().min(1).max(100),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key (64 characters)'),
  scopes: z.array(z.string().regex(scopePattern, 'must be written category:operation')).min(1),
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

/** HMAC keys shorter than the hash output weaken it (RFC 2104 §3); 32 bytes for SHA-256. */
const hmacSecret = z
  .string()
  .refine((value) => Buffer.byteLength(value.trim(), 'utf8') >= 32, 'must be at least 32 bytes');

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Every setting the gateway reads from the environment, with its default. */
export const settingsSchema = z.object({
  PORT: integer(0, 65_535, 8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  PANEL_API_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .refine((url) => url.endsWith('/panel'), {
      message:
        'must be the Panel API base ending in /panel, e.g. https://api.eu.navixy.com/v2/panel',
    }),
  PANEL_LOGIN: z.string().min(1),
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
  LOG_LEVEL: z.enum(logLevels).default('info'),
  JSON_BODY_LIMIT_BYTES: integer(1_024, 10 * 1_048_576, 102_400),
  UPLOAD_LIMIT_BYTES: integer(1_024, 100 * 1_048_576, 5 * 1_048_576),
  API_KEY_HMAC_SECRET: hmacSecret.optional(),
  API_KEY_HMAC_SECRET_FILE: z.string().min(1).optional(),
  API_KEY_ROTATION_GRACE_SECONDS: integer(0, 30 * 86_400, 86_400),
  // At most 5 s: the bound on how long a revoked key can still pass when a message is lost.
  API_KEY_CACHE_TTL_MS: integer(0, 5_000, 5_000),
});

/** The gateway's validated configuration. */
export interface Config {
  port: number;
  host: string;
  panel: { url: string; login: string; password: string };
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  apiKeys: ApiKeyEntry[];
  apiKeysFile: string | undefined;
  sessionTtlSeconds: number;
  upstreamTimeoutMs: number;
  logLevel: (typeof logLevels)[number];
  jsonBodyLimitBytes: number;
  uploadLimitBytes: number;
  managedKeys: ManagedKeySettings;
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

export type ReadFile = (path: string) => string;

/**
 * Validates the environment and reads the files it names (password, API keys). Every bad or
 * missing setting is collected into one {@link ConfigError}; values of secrets never appear in it.
 */
export function loadConfig(env: Record<string, string | undefined>, readFile: ReadFile): Config {
  const parsed = settingsSchema.safeParse(blankToUndefined(env));
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      );
  const settings = parsed.success ? parsed.data : undefined;
  // Checked apart from the schema so it is reported together with every other problem.
  if (!env.PANEL_PASSWORD === !env.PANEL_PASSWORD_FILE) {
    problems.push('PANEL_PASSWORD: set exactly one of PANEL_PASSWORD or PANEL_PASSWORD_FILE');
  }

  const password = readSecretFile(
    env.PANEL_PASSWORD_FILE,
    'PANEL_PASSWORD_FILE',
    readFile,
    problems,
  );
  const apiKeys = readApiKeys(env.API_KEYS_FILE, readFile, problems);
  const managedKeys = settings && managedKeySettings(env, settings, readFile, problems);
  if (!managedKeys || !settings || problems.length > 0) throw new ConfigError(problems);

  return {
    port: settings.PORT,
    host: settings.HOST,
    panel: {
      url: settings.PANEL_API_URL,
      login: settings.PANEL_LOGIN,
      password: settings.PANEL_PASSWORD ?? password ?? '',
    },
    redisUrl: settings.REDIS_URL,
    redisKeyPrefix: settings.REDIS_KEY_PREFIX,
    apiKeys,
    apiKeysFile: settings.API_KEYS_FILE,
    sessionTtlSeconds: settings.PANEL_SESSION_TTL_SECONDS,
    upstreamTimeoutMs: settings.UPSTREAM_TIMEOUT_MS,
    logLevel: settings.LOG_LEVEL,
    jsonBodyLimitBytes: settings.JSON_BODY_LIMIT_BYTES,
    uploadLimitBytes: settings.UPLOAD_LIMIT_BYTES,
    managedKeys,
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

function readSecretFile(
  path: string | undefined,
  name: string,
  readFile: ReadFile,
  problems: string[],
): string | undefined {
  if (!path) return undefined;
  try {
    const value = readFile(path).trim();
    if (value === '') problems.push(`${name}: ${path} is empty`);
    return value;
  } catch (error) {
    problems.push(`${name}: cannot read ${path} (${errorCode(error)})`);
    return undefined;
  }
}

function readApiKeys(path: string | undefined, readFile: ReadFile, problems: string[]) {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(path));
  } catch (error) {
    problems.push(`API_KEYS_FILE: cannot read ${path} as JSON (${errorCode(error)})`);
    return [];
  }
  const parsed = apiKeysFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push(`API_KEYS_FILE ${path} [${issue.path.join('.')}]: ${issue.message}`);
  }
  return [];
}

function errorCode(error: unknown): string {
  if (error instanceof SyntaxError) return 'not valid JSON';
  return (error as NodeJS.ErrnoException).code ?? 'unreadable';
}
