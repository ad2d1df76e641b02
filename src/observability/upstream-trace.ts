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

/** The upstream side of one client request: when it arrived and the calls made for it. */
export interface UpstreamTrace {
  /** Epoch milliseconds; the request's deadline counts from here (`REQUEST_DEADLINE_MS`). */
  readonly arrivedAt: number;
  readonly calls: UpstreamCall[];
  /** The request's server span, parent of its upstream spans; absent when tracing is off. */
  readonly span?: SpanScope;
}
