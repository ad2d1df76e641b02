import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamCall, UpstreamTrace } from './upstream-trace.js';

/** Where a Panel session came from when a call needed one. */
export type SessionCacheLevel = 'memory' | 'store' | 'login';
/** How a login ended: stored, refused by Navixy (11, 12), failed otherwise, or held back. */
export type LoginOutcome = 'success' | 'refused' | 'failed' | 'backoff' | 'overtaken';
export type LockKind = 'login' | 'record';
export type CircuitStateName = 'closed' | 'half-open' | 'open';
/**
 * How the read cache answered one cacheable Panel read: fresh from the cache, stale from it
 * (while one refresh runs, or because Navixy failed), from Navixy (a miss, or `bypass`: the
 * client sent `Cache-Control: no-cache`), or `joined`: a miss answered by the fetch another
 * request was making (in this process, or on another instance); `revalidated` counts stale
 * answers refreshed.
 */
export const CACHE_RESULTS = ['hit', 'stale', 'miss', 'joined', 'bypass', 'revalidated'] as const;
export type CacheResult = (typeof CACHE_RESULTS)[number];

/** Outcome label of a failed call without a Navixy code, from its problem code. */
const FAILURES: Readonly<Record<string, string>> = {
  UPSTREAM_TIMEOUT: 'timeout',
  UPSTREAM_UNREACHABLE: 'unreachable',
  UPSTREAM_BAD_RESPONSE: 'bad_response',
  UPSTREAM_UNAVAILABLE: 'unavailable',
  UPSTREAM_CIRCUIT_OPEN: 'circuit_open',
  UPSTREAM_LOAD_LIMITED: 'load_limited',
};

function outcomeOf(call: UpstreamCall): string {
  if (call.navixyCode !== undefined) return String(call.navixyCode);
  if (call.failure !== undefined) return FAILURES[call.failure] ?? 'error';
  return 'ok';
}

const CIRCUIT_VALUES: Record<CircuitStateName, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Latency buckets in seconds, from a cached-session call (~1 ms) to a slow login (~30 s). */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics, in a registry of its own (never prom-client's global one:
 * a process may hold several gateways, as the tests do). Labels are bounded: route templates,
 * catalog actions, Navixy codes, configured account ids — never a raw path, id, key or hash.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Counts the answer of one client request and its upstream calls (from the request trace). */
  request(
    route: string,
    method: string,
    status: number,
    seconds: number,
    trace: UpstreamTrace,
  ): void;
  login(outcome: LoginOutcome): void;
  sessionCache(level: SessionCacheLevel): void;
  lockWait(lock: LockKind, seconds: number): void;
  circuitState(account: string, state: CircuitStateName): void;
  /** Registers a gauge source: the limiter's queue length of one account, read at scrape time. */
  limiterQueue(account: string, length: () => number): void;
  redisError(): void;
  /** A request refused by the client rate limit of `policy` (`default`, `key` or a rule). */
  clientRateLimited(policy: string): void;
  /** A connection closed on arrival because `MAX_CONNECTIONS` were open. */
  connectionDropped(): void;
  /** A log line dropped because standard output did not keep up (see `observability/logger`). */
  logLineDropped(): void;
  /** One cacheable Panel read, by how the read cache answered it. */
  cacheRequest(result: CacheResult): void;
  /** Registers the gauge source of the read cache's entries in process memory. */
  cacheEntries(count: () => number): void;
}

/**
 * `processMetrics` adds prom-client's process metrics (CPU, memory, GC, event loop); they start
 * timers and a GC observer that live as long as the process, so only `main.ts` and the demo,
 * which make one gateway per process, ask for them.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'npg_' });
  const requests = new Counter({
    name: 'npg_http_requests_total',
    help: 'Client requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'npg_http_request_duration_seconds',
    help: 'Time to answer a client request, by route template and method.',
    labelNames: ['route', 'method'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const upstream = new Counter({
    name: 'npg_upstream_requests_total',
    help: 'Panel API calls, by action and outcome: ok, the Navixy error code, or timeout, unreachable, bad_response, unavailable, circuit_open, load_limited, error.',
    labelNames: ['action', 'outcome'],
    registers: [registry],
  });
  const upstreamSeconds = new Histogram({
    name: 'npg_upstream_request_duration_seconds',
    help: 'Duration of Panel API calls (retries and replays included), by action.',
    labelNames: ['action'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const logins = new Counter({
    name: 'npg_panel_logins_total',
    help: 'Panel logins (account/auth, sub-dealer sessions) by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const cache = new Counter({
    name: 'npg_session_cache_total',
    help: 'Where the session of a Panel call came from: process memory, Redis, or a login.',
    labelNames: ['level'],
    registers: [registry],
  });
  // The memory level is counted on every Panel call: resolve its series once.
  const cacheLevels = {
    memory: cache.labels('memory'),
    store: cache.labels('store'),
    login: cache.labels('login'),
  };
  const lockWaits = new Histogram({
    name: 'npg_lock_wait_seconds',
    help: 'Time spent waiting for a lock held elsewhere (login lock, per-record lock).',
    labelNames: ['lock'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'npg_circuit_state',
    help: 'Circuit breaker state per Panel account: 0 closed, 1 half-open, 2 open.',
    labelNames: ['account'],
    registers: [registry],
  });
  const queues = new Map<string, () => number>();
  new Gauge({
    name: 'npg_upstream_limiter_queue_length',
    help: 'Calls of this instance waiting for a slot of the account\u2019s outbound rate limit.',
    labelNames: ['account'],
    registers: [registry],
    collect() {
      for (const [account, length] of queues) this.set({ account }, length());
    },
  });
  const redisErrors = new Counter({
    name: 'npg_redis_errors_total',
    help: 'Errors reported by the Redis connection, and client rate limit checks Redis failed or answered too late.',
    registers: [registry],
  });
  const clientLimited = new Counter({
    name: 'npg_client_rate_limited_total',
    help: 'Client requests refused with 429 CLIENT_RATE_LIMITED, by policy: default, key, or the scope rule.',
    labelNames: ['policy'],
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'npg_http_connections_dropped_total',
    help: 'Client connections closed on arrival because MAX_CONNECTIONS were open.',
    registers: [registry],
  });
  const logDrops = new Counter({
    name: 'npg_log_lines_dropped_total',
    help: 'Log lines dropped because standard output did not keep up and 16 MiB of lines were waiting.',
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: 'npg_cache_requests_total',
    help: 'Cacheable Panel reads by how the read cache answered: hit, stale, miss, joined (a miss answered by the fetch of another request), bypass (Cache-Control: no-cache), revalidated (a stale answer refreshed).',
    labelNames: ['result'],
    registers: [registry],
  });
  const cacheResults = Object.fromEntries(
    CACHE_RESULTS.map((result) => [result, cacheRequests.labels(result)]),
  ) as Record<CacheResult, ReturnType<typeof cacheRequests.labels>>;
  // Every result is a series from the start, so a ratio over them never lacks a term.
  for (const result of CACHE_RESULTS) cacheResults[result].inc(0);
  let entries: () => number = () => 0;
  new Gauge({
    name: 'npg_cache_entries',
    help: 'Answers the read cache holds in this instance\u2019s memory.',
    registers: [registry],
    collect() {
      this.set(entries());
    },
  });

  // The series of a request, resolved once per route, method and status: prom-client would
  // otherwise hash a label object on every request. Bounded as the labels are (route templates).
  const requestSeries = new Map<
    string,
    { count: Counter.Internal; seconds: Histogram.Internal<string> }
  >();
  const seriesOf = (route: string, method: string, status: number) => {
    const name = `${method} ${status} ${route}`;
    let series = requestSeries.get(name);
    if (!series) {
      series = {
        count: requests.labels(route, method, String(status)),
        seconds: requestSeconds.labels(route, method),
      };
      requestSeries.set(name, series);
    }
    return series;
  };

  return {
    registry,
    request(route, method, status, seconds, trace) {
      const series = seriesOf(route, method, status);
      series.count.inc();
      series.seconds.observe(seconds);
      for (const call of trace.calls) {
        // A request that joined another's identical read made no call of its own.
        if ('coalesced' in call) continue;
        upstream.inc({ action: call.action, outcome: outcomeOf(call) });
        upstreamSeconds.observe({ action: call.action }, call.ms / 1000);
      }
    },
    login: (outcome) => logins.inc({ outcome }),
    sessionCache: (level) => cacheLevels[level].inc(),
    lockWait: (lock, seconds) => lockWaits.observe({ lock }, seconds),
    circuitState: (account, state) => circuit.set({ account }, CIRCUIT_VALUES[state]),
    limiterQueue(account, length) {
      queues.set(account, length);
    },
    redisError: () => redisErrors.inc(),
    clientRateLimited: (policy) => clientLimited.inc({ policy }),
    connectionDropped: () => dropped.inc(),
    logLineDropped: () => logDrops.inc(),
    cacheRequest: (result) => cacheResults[result].inc(),
    cacheEntries(count) {
      entries = count;
    },
  };
}
