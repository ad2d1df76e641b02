import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { JWT_ALGORITHMS, secureUrl } from '../auth/jwt-settings.js';
import { parseRate, parseRateRules } from '../auth/rate-syntax.js';
import { panelApiUrl } from './panel-accounts.js';
import { redisNodeList, sentinelMasterName } from './redis.js';

/** Log levels pino understands, plus `silent`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** HMAC keys shorter than the hash output weaken it (RFC 2104 §3); 32 bytes for SHA-256. */
export const hmacSecret = z
  .string()
  .refine((value) => Buffer.byteLength(value.trim(), 'utf8') >= 32, 'must be at least 32 bytes');

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

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
  // One server (REDIS_URL), Sentinels or a Cluster: at most one (checked in config/redis.ts).
  REDIS_SENTINELS: redisNodeList.optional(),
  REDIS_SENTINEL_MASTER: sentinelMasterName.optional(),
  REDIS_CLUSTER_NODES: redisNodeList.optional(),
  REDIS_USERNAME: z.string().min(1).optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_PASSWORD_FILE: z.string().min(1).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  REDIS_SENTINEL_PASSWORD_FILE: z.string().min(1).optional(),
  REDIS_TLS: z.enum(['on', 'off']).optional(),
  REDIS_TLS_CA_FILE: z.string().min(1).optional(),
  // No braces: a hash tag in the prefix would put every key in one Cluster slot.
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
  JWT_JWKS_URL: secureUrl.optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  // Unset: the issuer's advertised algorithms (docs/auth.md, Discovery), else RS256,ES256.
  JWT_ALGORITHMS: z
    .string()
    .transform((list) => list.split(',').map((name) => name.trim()))
    .pipe(z.array(z.enum(JWT_ALGORITHMS)).min(1))
    .optional(),
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
  READ_CACHE: z.enum(['on', 'off']).default('on'),
  READ_CACHE_RECORD_SECONDS: integer(1, 3_600, 5),
  READ_CACHE_REFERENCE_SECONDS: integer(1, 7 * 86_400, 3_600),
  READ_CACHE_MAX_STALE_SECONDS: integer(0, 86_400, 60),
  READ_CACHE_MAX_ENTRIES: integer(1, 1_000_000, 5_000),
  READ_CACHE_MAX_ENTRY_BYTES: integer(1_024, 10 * 1_048_576, 262_144),
  READ_CACHE_MAX_BYTES: integer(1_048_576, 64 * 1_073_741_824, 67_108_864),
});
