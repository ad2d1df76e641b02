import { randomBytes } from 'node:crypto';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type {
  ClientRate,
  ClientRateSetting,
  RatePolicy,
  ScopeRateRule,
} from '../auth/rate-syntax.js';
import { createRateLog } from '../store/rate-log.js';
import type { RateCount, Store } from '../store/store.js';
import { holdsScope, type Principal } from '../auth/principal.js';

/** Inbound limits per client (principal); see docs/rate-limits.md. */
export interface ClientRateLimitSettings {
  /** For principals without a limit of their own that match no rule. */
  default: ClientRateSetting;
  /** Scope-set rules, in order: the first one whose scopes a principal holds applies. */
  rules: ScopeRateRule[];
  /** While Redis is unreachable, each instance allows this share of a limit (rounded up). */
  fallbackFraction: number;
}

/** How one request stands against its principal's policy. */
export interface RateVerdict {
  /** The policy as applied: while Redis is unreachable, with this instance's share of it. */
  policy: RatePolicy;
  allowed: boolean;
  remaining: number;
  /** Whole seconds (at least 1) until a place frees. */
  resetSeconds: number;
}

/** Inbound rate limits per principal, shared by every instance through the store. */
export interface ClientRateLimiter {
  /** Counts one request of `principal`; undefined when no limit applies to it (`off`). */
  consume(principal: Principal): Promise<RateVerdict | undefined>;
  /** The policy that applies to `principal` (as shared, before any fallback share). */
  policy: (principal: Principal) => RatePolicy | undefined;
}

export interface ClientRateLimiterDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  settings: ClientRateLimitSettings;
  now?: () => number;
}

/** A check the store does not answer within this long is made locally instead. */
const STORE_TIMEOUT_MS = 250;
/** After a store failure, how long this instance counts locally before asking the store again. */
const LOCAL_PERIOD_MS = 1_000;

/** Which policy applies: the key's own, else the first scope rule it matches, else the default. */
export function createPolicyChooser(
  settings: Pick<ClientRateLimitSettings, 'default' | 'rules'>,
): (principal: Principal) => RatePolicy | undefined {
  const named = (name: string, rate: ClientRateSetting) =>
    rate === 'off' ? undefined : { name, limit: rate.limit, windowMs: rate.windowMs };
  const rules = settings.rules.map((rule) => ({
    scopes: rule.scopes,
    policy: named(rule.name, rule.rate),
  }));
  const fallback = named('default', settings.default);
  // A key's own rate is parsed once per principal; its policy is made once per rate.
  const keyPolicies = new WeakMap<ClientRate, RatePolicy>();
  return (principal) => {
    const own = principal.rateLimit;
    if (own === 'off') return undefined;
    if (own !== undefined) {
      let policy = keyPolicies.get(own);
      if (!policy) keyPolicies.set(own, (policy = { name: 'key', ...own }));
      return policy;
    }
    for (const rule of rules) {
      if (rule.scopes.every((scope) => holdsScope(principal, scope))) return rule.policy;
    }
    return fallback;
  };
}

/**
 * One atomic store call per request checks and counts it (`Store.consumeRate`). While the store
 * fails or is slow, each instance counts in a log of its own, allowing `fallbackFraction` of
 * each limit (rounded up): requests never fail because Redis is down. The switch is logged once
 * each way, failed checks are counted as Redis errors, and the store is asked again after a
 * second.
 */
export function createClientRateLimiter(deps: ClientRateLimiterDeps): ClientRateLimiter {
  const { store, logger, metrics, now = Date.now } = deps;
  const choose = createPolicyChooser(deps.settings);
  const local = createRateLog(now);
  const localPolicies = new WeakMap<RatePolicy, RatePolicy>();
  const instance = randomBytes(6).toString('base64url');
  let sequence = 0;
  let localUntil = 0;
  let usingLocal = false;

  const localOf = (policy: RatePolicy): RatePolicy => {
    let scaled = localPolicies.get(policy);
    if (!scaled) {
      const limit = Math.max(1, Math.ceil(policy.limit * deps.settings.fallbackFraction));
      localPolicies.set(policy, (scaled = { ...policy, limit }));
    }
    return scaled;
  };

  const verdict = (policy: RatePolicy, count: RateCount): RateVerdict => {
    if (!count.allowed) metrics.clientRateLimited(policy.name);
    return {
      policy,
      allowed: count.allowed,
      remaining: count.remaining,
      resetSeconds: Math.ceil(count.resetMs / 1000),
    };
  };

  async function shared(key: string, policy: RatePolicy): Promise<RateCount> {
    const member = `${instance}:${(sequence++).toString(36)}`;
    // The memory store answers at once and never fails: no timer for it.
    if (store.kind === 'memory') return store.consumeRate(key, member, policy);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
        STORE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([store.consumeRate(key, member, policy), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function storeFailed(error: unknown): void {
    metrics.redisError();
    localUntil = now() + LOCAL_PERIOD_MS;
    if (usingLocal) return;
    usingLocal = true;
    logger.warn(
      { err: errorSummary(error) },
      'client rate limit store unavailable: counting per instance',
    );
  }

  return {
    policy: choose,
    async consume(principal) {
      const policy = choose(principal);
      if (!policy) return undefined;
      const key = `ratelimit:client:${principal.id}`;
      if (now() >= localUntil) {
        try {
          const count = await shared(key, policy);
          if (usingLocal) {
            usingLocal = false;
            logger.info('client rate limits shared again');
          }
          return verdict(policy, count);
        } catch (error) {
          storeFailed(error);
        }
      }
      const scaled = localOf(policy);
      return verdict(scaled, local.consume(key, scaled));
    },
  };
}
