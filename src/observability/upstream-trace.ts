/**
 * The upstream side of one client request, shared by the Panel stack (which records each call)
 * and by logs and metrics (which report them). A contract of its own, so neither side imports
 * the other.
 */
import type { SpanScope } from './spans.js';

/** One upstream call of a client request, for the request log line. */
export interface UpstreamCall {
  action: string;
  /** Navixy's error code when the call failed with one. */
  navixyCode?: number;
  /** The problem code when the call failed otherwise (`UPSTREAM_TIMEOUT`...). */
  failure?: string;
  ms: number;
}

/**
 * Lanes of the outbound rate limit, first served first: writes and reads a client forced
 * fresh, then other reads; `background` (the read cache's refreshes) never waits and is
 * dropped when no slot is free.
 */
export type OutboundLane = 'priority' | 'normal' | 'background';

/** The upstream side of one client request: when it arrived and the calls made for it. */
export interface UpstreamTrace {
  /** Epoch milliseconds; the request's deadline counts from here (`REQUEST_DEADLINE_MS`). */
  readonly arrivedAt: number;
  readonly calls: UpstreamCall[];
  /** The request's server span, parent of its upstream spans; absent when tracing is off. */
  readonly span?: SpanScope;
  /** The request's lane of the outbound rate limit (default `normal`). */
  lane?: OutboundLane;
  /**
   * How fresh the request's reads must be: the read cache may answer them and they may join an
   * identical read in flight (`use`, a GET), or they are fetched now, the cache keeping the
   * answer (`refresh`: `Cache-Control: no-cache`, a write's reads). Absent (a call made outside
   * a client request): the cache is not consulted.
   */
  cacheMode?: 'use' | 'refresh';
  /** Age in ms of the oldest answer the request used (0: all fresh); absent: none cacheable. */
  cacheAgeMs?: number;
}
