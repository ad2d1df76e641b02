import { z } from 'zod';
import type { RedisNode, RedisSettings, RedisTopology } from '../store/redis-settings.js';
import { readSecretFile, type ReadFile } from './files.js';

/** A host name, an IPv4 address or a bracketed IPv6 address, then `:port`. */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):(\d{1,5})$/;

/** `host:port,host:port` (Sentinels, Cluster seed nodes): at least one, at most 32. */
export const redisNodeList = z.string().transform((text, ctx): RedisNode[] => {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const nodes: RedisNode[] = [];
  for (const part of parts) {
    const match = HOST_PORT.exec(part);
    const port = Number(match?.[2]);
    if (!match?.[1] || port < 1 || port > 65_535) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not host:port, e.g. redis-1:26379` });
      return z.NEVER;
    }
    nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port });
  }
  if (nodes.length === 0 || nodes.length > 32) {
    ctx.addIssue({ code: 'custom', message: 'must list 1 to 32 host:port addresses' });
    return z.NEVER;
  }
  return nodes;
});

/** A Sentinel's name for the primary it watches (`sentinel monitor <name> ...`). */
export const sentinelMasterName = z.string().regex(/^[\w.-]{1,100}$/, 'must be a master name');

/** The Redis settings, as the schema parsed them. */
export interface RedisEnvironment {
  REDIS_URL?: string | undefined;
  REDIS_SENTINELS?: RedisNode[] | undefined;
  REDIS_SENTINEL_MASTER?: string | undefined;
  REDIS_CLUSTER_NODES?: RedisNode[] | undefined;
  REDIS_USERNAME?: string | undefined;
  REDIS_PASSWORD?: string | undefined;
  REDIS_PASSWORD_FILE?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
  REDIS_SENTINEL_PASSWORD_FILE?: string | undefined;
  REDIS_TLS?: 'on' | 'off' | undefined;
  REDIS_TLS_CA_FILE?: string | undefined;
}

const MODES = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const;

/** Settings that mean nothing without one of {@link MODES}. */
const NEEDS_REDIS = [
  'REDIS_SENTINEL_MASTER',
  'REDIS_USERNAME',
  'REDIS_PASSWORD',
  'REDIS_PASSWORD_FILE',
  'REDIS_SENTINEL_PASSWORD',
  'REDIS_SENTINEL_PASSWORD_FILE',
  'REDIS_TLS_CA_FILE',
] as const;

/**
 * How to reach Redis, or undefined for the in-memory store. The three ways (one server,
 * Sentinel, Cluster) exclude each other; what only makes sense with Redis, or with one way,
 * is refused without it, so that a forgotten setting never silently means "no Redis".
 * Problems name settings and paths, never a password.
 */
export function readRedisSettings(
  settings: RedisEnvironment,
  readFile: ReadFile,
  problems: string[],
): RedisSettings | undefined {
  const before = problems.length;
  const chosen = MODES.filter((name) => settings[name] !== undefined);
  if (chosen.length > 1) {
    problems.push(
      `${chosen.join(', ')}: set only one of ${MODES.join(', ')} ` +
        '(one Redis server, Sentinels, or Cluster nodes)',
    );
  }
  const topology = chosen.length === 1 ? topologyOf(settings, problems) : undefined;
  const password = secret(settings, 'REDIS_PASSWORD', readFile, problems);
  const sentinelPassword = secret(settings, 'REDIS_SENTINEL_PASSWORD', readFile, problems);
  const tls = tlsOf(settings, topology, problems);
  const tlsCa = readSecretFile(settings.REDIS_TLS_CA_FILE, 'REDIS_TLS_CA_FILE', readFile, problems);

  if (chosen.length === 0) {
    const stray: string[] = NEEDS_REDIS.filter((name) => settings[name] !== undefined);
    if (settings.REDIS_TLS === 'on') stray.push('REDIS_TLS');
    if (stray.length > 0) {
      problems.push(`${stray.join(', ')}: set without ${MODES.join(', ')}; Redis is not used`);
    }
    return undefined;
  }
  if (settings.REDIS_SENTINEL_MASTER !== undefined && settings.REDIS_SENTINELS === undefined) {
    problems.push('REDIS_SENTINEL_MASTER: only with REDIS_SENTINELS');
  }
  if (sentinelPassword !== undefined && settings.REDIS_SENTINELS === undefined) {
    problems.push('REDIS_SENTINEL_PASSWORD: only with REDIS_SENTINELS');
  }
  if (password !== undefined && settings.REDIS_URL && new URL(settings.REDIS_URL).password) {
    problems.push('REDIS_PASSWORD: REDIS_URL holds a password already; set only one');
  }
  if (tlsCa !== undefined && !tls) {
    problems.push('REDIS_TLS_CA_FILE: only with REDIS_TLS=on (or a rediss:// REDIS_URL)');
  }
  if (!topology || problems.length > before) return undefined;
  return {
    ...topology,
    ...(settings.REDIS_USERNAME === undefined ? {} : { username: settings.REDIS_USERNAME }),
    ...(password === undefined ? {} : { password }),
    ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
    tls,
    ...(tlsCa === undefined ? {} : { tlsCa }),
  };
}

function topologyOf(settings: RedisEnvironment, problems: string[]): RedisTopology | undefined {
  if (settings.REDIS_URL) return { mode: 'standalone', url: settings.REDIS_URL };
  if (settings.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: settings.REDIS_CLUSTER_NODES };
  if (!settings.REDIS_SENTINELS) return undefined;
  if (!settings.REDIS_SENTINEL_MASTER) {
    problems.push(
      'REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS (the name the Sentinels monitor)',
    );
    return undefined;
  }
  return {
    mode: 'sentinel',
    sentinels: settings.REDIS_SENTINELS,
    masterName: settings.REDIS_SENTINEL_MASTER,
  };
}

/** In URL mode the scheme says whether TLS is on; REDIS_TLS, if set too, must agree. */
function tlsOf(
  settings: RedisEnvironment,
  topology: RedisTopology | undefined,
  problems: string[],
): boolean {
  if (topology?.mode !== 'standalone') return settings.REDIS_TLS === 'on';
  const secure = topology.url.startsWith('rediss://');
  if (settings.REDIS_TLS !== undefined && (settings.REDIS_TLS === 'on') !== secure) {
    problems.push(
      `REDIS_TLS: ${settings.REDIS_TLS} disagrees with REDIS_URL; ` +
        'with REDIS_URL the scheme decides (rediss:// for TLS), leave REDIS_TLS unset',
    );
  }
  return secure;
}

/** A password set directly or through its `_FILE` twin, never both. */
function secret(
  settings: RedisEnvironment,
  name: 'REDIS_PASSWORD' | 'REDIS_SENTINEL_PASSWORD',
  readFile: ReadFile,
  problems: string[],
): string | undefined {
  const file = settings[`${name}_FILE`];
  if (settings[name] !== undefined && file !== undefined) {
    problems.push(`${name}: set ${name} or ${name}_FILE, not both`);
    return undefined;
  }
  return settings[name] ?? readSecretFile(file, `${name}_FILE`, readFile, problems);
}
