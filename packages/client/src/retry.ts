import { retryAfterSeconds } from './problem.js';

/** How the client waits out a `Retry-After`. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1: never retry). */
  maxAttempts?: number;
  /** The longest `Retry-After` waited for (default 30 s); a longer one is answered at once. */
  maxWaitMs?: number;
}

/**
 * Methods a retry cannot make happen twice (RFC 9110 §9.2.2). POST and PATCH are never retried:
 * the first attempt may have been carried out.
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** The answers that ask the client to come back later: rate limited, unavailable for now. */
const RETRIED_STATUSES = new Set([429, 503]);

export interface RetryDeps {
  fetch: (request: Request) => Promise<Response>;
  /** Waits `ms`; tests pass one that waits for nothing. */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * A fetch that answers 429 and 503 with `Retry-After` by waiting that long and sending the same
 * request again, for idempotent methods only, at most `maxAttempts` times in all and never
 * waiting more than `maxWaitMs` at once. An answer without `Retry-After`, or asking for a longer
 * wait, is returned as it is: the caller decides.
 */
export function retryingFetch(options: RetryOptions, deps: RetryDeps) {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  return async (request: Request): Promise<Response> => {
    if (!IDEMPOTENT.has(request.method)) return deps.fetch(request);
    for (let attempt = 1; ; attempt += 1) {
      // A request's body can be read once: each attempt sends a copy.
      const response = await deps.fetch(attempt < maxAttempts ? request.clone() : request);
      if (attempt >= maxAttempts || !RETRIED_STATUSES.has(response.status)) return response;
      const seconds = retryAfterSeconds(response.headers.get('retry-after'), deps.now());
      if (seconds === undefined || seconds * 1000 > maxWaitMs) return response;
      await response.body?.cancel();
      await deps.sleep(seconds * 1000);
    }
  };
}
