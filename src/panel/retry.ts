import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../problems/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { noteResend } from '../observability/spans.js';
import { PANEL_ACTIONS, type PanelActionName } from './actions.js';
import { wrapClient, type PanelClient } from './client.js';
import {
  PanelError,
  UpstreamBadResponseError,
  UpstreamCircuitOpenError,
  UpstreamDeadlineError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';

/**
 * What a failed Panel call says about Navixy and about the request:
 * - `local`: refused before sending (deadline, open breaker, outbound limiter): Navixy saw nothing;
 * - `unsent`: the connection could not be made (refused, DNS, connect timeout): Navixy saw nothing,
 *   but it is unreachable;
 * - `transport`: reset or timed out after the request may have gone out;
 * - `unavailable`: an HTTP 5xx answer (an error page, or Navixy codes 1, 6, 8, 14);
 * - `malformed`: an answer that is not Navixy's JSON envelope;
 * - `rate-limited`: Navixy code 15 / HTTP 429: refused, not executed (reference §1.8);
 * - `answered`: any other Navixy answer (7, 201, 4...): Navixy works, the call itself failed.
 */
export type FailureKind =
  'local' | 'unsent' | 'transport' | 'unavailable' | 'malformed' | 'rate-limited' | 'answered';

/** Problem codes of refusals made inside the gateway before anything is sent. */
const LOCAL_CODES: ReadonlySet<string> = new Set(['UPSTREAM_LOAD_LIMITED']);

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof UpstreamDeadlineError || error instanceof UpstreamCircuitOpenError) {
    return 'local';
  }
  if (error instanceof UpstreamTimeoutError || error instanceof UpstreamUnreachableError) {
    return error.delivery === 'no' ? 'unsent' : 'transport';
  }
  if (error instanceof UpstreamBadResponseError) {
    return error.upstreamStatus >= 500 ? 'unavailable' : 'malformed';
  }
  if (error instanceof PanelError) {
    if (error.navixyCode === 15 || error.upstreamStatus === 429) return 'rate-limited';
    return error.upstreamStatus >= 500 ? 'unavailable' : 'answered';
  }
  if (error instanceof GatewayError && LOCAL_CODES.has(error.code)) return 'local';
  return 'answered';
}

/** Whether the action changes state; an action the catalog does not know is assumed to. */
export function mutates(action: string): boolean {
  return Object.hasOwn(PANEL_ACTIONS, action)
    ? PANEL_ACTIONS[action as PanelActionName].mutates
    : true;
}

/**
 * Whether a call that failed this way may be sent again. Reads may be repeated after any
 * upstream fault. A state-changing action only when Navixy provably did not run it: the
 * connection was never made, or Navixy answered 15 (rate limited: refused, not executed, §1.8).
 * A reset, a timeout or a 5xx after sending proves nothing, so a write is never repeated then.
 */
export function isRetryable(kind: FailureKind, action: string): boolean {
  switch (kind) {
    case 'unsent':
    case 'rate-limited':
      return true;
    case 'transport':
    case 'unavailable':
      return !mutates(action);
    default:
      return false;
  }
}

export interface BackoffOptions {
  /** Cap of the first delay; each retry doubles it (default 200 ms). */
  baseMs?: number;
  /** Largest delay (default 2 s). */
  maxMs?: number;
  random?: () => number;
}

/**
 * "Full jitter" exponential back-off: a uniform delay in [0, min(max, base·2^retry)), so that
 * the instances retrying after the same fault spread out instead of striking together.
 */
export function backoffMs(retry: number, options: BackoffOptions = {}): number {
  const { baseMs = 200, maxMs = 2_000, random = Math.random } = options;
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** retry));
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (`UPSTREAM_RETRIES`, at most 2). */
  retries: number;
  logger: Logger;
  dealerId: string;
  now?: () => number;
}

/**
 * A client that sends a failed call again, at most `retries` times, when {@link isRetryable}
 * allows it and the back-off ends before the call's deadline; otherwise the last error stands
 * (for a persistent 15: 429 with `Retry-After`).
 */
export function retryingClient(client: PanelClient, options: RetryOptions): PanelClient {
  const { logger, now = Date.now } = options;
  return wrapClient(client, async (action, callOptions, send) => {
    for (let retry = 0; ; retry += 1) {
      try {
        return await send(callOptions);
      } catch (error) {
        const kind = classifyFailure(error);
        const delayMs = backoffMs(retry, options);
        const deadline = callOptions?.deadline ?? Infinity;
        if (retry >= options.retries || !isRetryable(kind, action) || now() + delayMs >= deadline) {
          throw error;
        }
        logger.warn(
          { dealer: options.dealerId, action, reason: kind, retry: retry + 1, delayMs },
          'panel call failed; retrying',
        );
        if (callOptions?.span) noteResend(callOptions.span, retry + 1);
        await sleep(delayMs);
      }
    }
  });
}
