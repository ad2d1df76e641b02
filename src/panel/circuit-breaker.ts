import { wrapClient, type PanelClient } from './client.js';
import { UpstreamCircuitOpenError } from './errors.js';
import { classifyFailure, type FailureKind } from './retry.js';

/** `closed`: calls go out; `open`: refused at once; `half-open`: one probe decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (`CIRCUIT_BREAKER_THRESHOLD`). */
  threshold: number;
  /** How long it stays open before one probe may go out (`CIRCUIT_BREAKER_OPEN_MS`). */
  openMs: number;
  /** Told of every change of state (logs, metrics). */
  onStateChange?: (state: CircuitState) => void;
  now?: () => number;
}

/** One Panel account's breaker. */
export interface CircuitBreaker {
  readonly state: CircuitState;
  /** Runs `send` unless the circuit refuses `action` now, and learns from the outcome. */
  run<T>(action: string, send: () => Promise<T>): Promise<T>;
}

/**
 * Failures that say Navixy (or the way to it) is in trouble. Navixy's own answers (7, 201, the
 * session's 4, even 15) prove it works; refusals made locally prove nothing either way.
 */
const FAILURES: ReadonlySet<FailureKind> = new Set([
  'unsent',
  'transport',
  'unavailable',
  'malformed',
]);

/**
 * Opens after `threshold` consecutive failures, so that while Navixy is down clients get 503
 * with `Retry-After` at once instead of each waiting out its timeouts (and piling connections on
 * a struggling upstream). After `openMs` one call goes out as a probe: success closes the
 * circuit, failure opens it again for `openMs`.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { threshold, openMs, now = Date.now } = options;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openUntil = 0;
  let probing = false;

  function moveTo(next: CircuitState): void {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  }

  /** Lets the call through, or throws; answers whether it is the half-open probe. */
  function admit(action: string): boolean {
    if (state === 'open') {
      const left = openUntil - now();
      if (left > 0) throw new UpstreamCircuitOpenError(action, Math.ceil(left / 1000));
      moveTo('half-open');
    }
    if (state === 'half-open') {
      if (probing) throw new UpstreamCircuitOpenError(action, 1);
      probing = true;
      return true;
    }
    return false;
  }

  function learn(kind: FailureKind | 'ok', probe: boolean): void {
    if (probe) probing = false;
    if (kind === 'local') return;
    if (kind === 'ok' || !FAILURES.has(kind)) {
      failures = 0;
      moveTo('closed');
      return;
    }
    failures += 1;
    if (probe || failures >= threshold) {
      openUntil = now() + openMs;
      moveTo('open');
    }
  }

  return {
    get state() {
      return state;
    },
    async run(action, send) {
      const probe = admit(action);
      try {
        const result = await send();
        learn('ok', probe);
        return result;
      } catch (error) {
        learn(classifyFailure(error), probe);
        throw error;
      }
    },
  };
}

/** A client whose calls all pass through `breaker`, but readiness probes' (`probe`). */
export function breakerClient(client: PanelClient, breaker: CircuitBreaker): PanelClient {
  return wrapClient(client, (action, callOptions, send) =>
    callOptions?.probe ? send(callOptions) : breaker.run(action, () => send(callOptions)),
  );
}
