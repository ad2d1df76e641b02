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
  PANEL_RATE_LIMIT_PER_SECOND: integer(1, 1_000, 40),
  PANEL_RATE_LIMIT_QUEUE: integer(0, 100_000, 200),
  PANEL_RATE_LIMIT_MAX_WAIT_MS: integer(0, 60_000, 2_000),
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
  /**
   * Outbound limit per Panel account across all instances (Navixy allows about 50 requests per
   * second per session, reference §1.8): calls per second, calls of one process that may wait
   * for a slot, and the longest wait before a client gets 429.
   */
  panelRateLimit: { perSecond: number; queueSize: number; maxWaitMs: number };
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
  if (!settings || problems.length > 0) throw new ConfigError(problems);

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
    panelRateLimit: {
      perSecond: settings.PANEL_RATE_LIMIT_PER_SECOND,
      queueSize: settings.PANEL_RATE_LIMIT_QUEUE,
      maxWaitMs: settings.PANEL_RATE_LIMIT_MAX_WAIT_MS,
    },
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
