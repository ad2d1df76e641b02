import { errorSummary, type Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type {
  ClientRate,
  ClientRateSetting,
  RatePolicy,
  ScopeRateRule,
} from '../auth/rate-syntax.js';
import { createRateCounters } from '../store/rate-counter.js';
import type { RateRequest, Store } from '../store/store.js';
import { createLocalShares } from './local-shares.js';
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
/**
 * How long a leased share may be spent. Short, so that places one instance took and its
 * clients did not use go back to the others soon: they are given back with the next lease.
 */
const LEASE_MS = 1_000;
/** Clients whose shares one instance keeps (least recently used beyond it are dropped). */
const SHARES_CAPACITY = 10_000;

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
 * Counts requests in a sliding-window counter per client in the store (`Store.takeRate`), with
 * a local share: one store call takes a batch of `max(1, floor(free / (2 × instances)))`
 * places, which this instance then spends without asking the store, for at most a second, and
 * gives back what is left with its next batch. Far from the limit that is one store call per
 * client per second or so; as the free places shrink, so do the batches, down to one place per
 * call, so the count stays exact near the limit: the store never grants more places than are
 * free, to all instances together. Concurrent requests of one client on one instance wait for
 * the same store call. The instance count is estimated as `1 / fallbackFraction` (its
 * documented setting for K instances), and only sizes the batches.
 *
 * While the store fails or is slow, each instance counts in a counter of its own, allowing
 * `fallbackFraction` of each limit (rounded up): requests never fail because Redis is down.
 * The switch is logged once each way, failed checks are counted as Redis errors, and the store
 * is asked again after a second.
 */
export function createClientRateLimiter(deps: ClientRateLimiterDeps): ClientRateLimiter {
  const { store, logger, metrics, now = Date.now } = deps;
  const choose = createPolicyChooser(deps.settings);
  const local = createRateCounters(now);
  const localPolicies = new WeakMap<RatePolicy, RatePolicy>();
  const shares = createLocalShares(SHARES_CAPACITY);
  /** Per client key, the store call in flight: its other requests wait for it. */
  const leasing = new Map<string, Promise<Lease>>();
  // The memory store is this process's own memory: no batches, no timer, nothing to share.
  const divisor =
    store.kind === 'memory'
      ? Infinity
      : 2 * Math.max(1, Math.round(1 / deps.settings.fallbackFraction));
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

  const refusal = (policy: RatePolicy, resetMs: number): RateVerdict => {
    metrics.clientRateLimited(policy.name);
    return { policy, allowed: false, remaining: 0, resetSeconds: Math.ceil(resetMs / 1000) };
  };

  async function takeShared(key: string, policy: RatePolicy, request: RateRequest) {
    if (store.kind === 'memory') return store.takeRate(key, policy, request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
        STORE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([store.takeRate(key, policy, request), timeout]);
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

  /** One store call for `key`: a new share, a refusal, or the store failed. */
  async function lease(key: string, policy: RatePolicy): Promise<Lease> {
    const old = shares.get(key);
    const giveBack =
      old && old.places > 0 ? { windowStart: old.windowStart, count: old.places } : undefined;
    if (old) old.places = 0;
    try {
      const grant = await takeShared(key, policy, { divisor, giveBack });
      if (usingLocal) {
        usingLocal = false;
        logger.info('client rate limits shared again');
      }
      if (grant.granted === 0) return { kind: 'refused', resetMs: grant.resetMs };
      const at = now();
      shares.set(key, {
        policy,
        places: grant.granted,
        remainingAfter: grant.remaining,
        windowStart: grant.windowStart,
        windowEndsAt: at + grant.resetMs,
        expiresAt: at + Math.min(LEASE_MS, grant.resetMs),
      });
      return { kind: 'granted' };
    } catch (error) {
      storeFailed(error);
      return { kind: 'failed' };
    }
  }

  /** Spends one place of the client's share, if it has one that is still good. */
  function spend(key: string, policy: RatePolicy): RateVerdict | undefined {
    const share = shares.get(key);
    if (!share || share.places === 0 || share.policy !== policy) return undefined;
    const at = now();
    if (at >= share.expiresAt) return undefined;
    share.places -= 1;
    return {
      policy,
      allowed: true,
      // This instance's view: what the store had free after the grant, plus what is left here.
      remaining: share.remainingAfter + share.places,
      resetSeconds: Math.max(1, Math.ceil((share.windowEndsAt - at) / 1000)),
    };
  }

  function counted(key: string, policy: RatePolicy): RateVerdict {
    const scaled = localOf(policy);
    const grant = local.take(key, scaled, { divisor: Infinity });
    if (grant.granted === 0) return refusal(scaled, grant.resetMs);
    return {
      policy: scaled,
      allowed: true,
      remaining: grant.remaining,
      resetSeconds: Math.ceil(grant.resetMs / 1000),
    };
  }

  return {
    policy: choose,
    async consume(principal) {
      const policy = choose(principal);
      if (!policy) return undefined;
      // The hash tag keeps a client's key in one Redis Cluster slot, whatever the prefix.
      const key = `ratelimit:client:{${principal.id}}`;
      for (;;) {
        if (now() < localUntil) return counted(key, policy);
        const spent = spend(key, policy);
        if (spent) return spent;
        let pending = leasing.get(key);
        if (!pending) {
          pending = lease(key, policy).finally(() => leasing.delete(key));
          leasing.set(key, pending);
        }
        const outcome = await pending;
        // Every request that waited for a refusal is refused: no place was free for any.
        if (outcome.kind === 'refused') return refusal(policy, outcome.resetMs);
      }
    },
  };
}

type Lease = { kind: 'granted' } | { kind: 'failed' } | { kind: 'refused'; resetMs: number };
