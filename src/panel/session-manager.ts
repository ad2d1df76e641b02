import { GatewayError } from '../problems/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { CallOptions, PanelClient, PanelFile, PanelPayload, UploadFile } from './client.js';
import { SESSION_ENDED_CODES } from './error-codes.js';
import { PanelError, UpstreamDeadlineError } from './errors.js';
import { createLoginCoordinator, type LoginCoordinatorOptions } from './login-coordinator.js';
import type { SessionCipher } from './session-cipher.js';
import type { Metrics } from '../observability/metrics.js';
import type { CachedSession } from './session-records.js';
import type { UpstreamTrace } from '../observability/upstream-trace.js';
import { SpanKind, withSpan, type SpanScope } from '../observability/spans.js';

/**
 * Whom a Panel session acts as: the dealer of a configured Panel account (an "account" is always
 * a configured Panel login in this code), or one of that dealer's sub-dealers.
 */
export interface Dealer {
  /** Names the dealer in store keys and logs: `20410@api.eu.navixy.com`, `…/subpaas:12`. */
  id: string;
  /**
   * Starts a session and answers the payload holding its `hash`: `account/auth` for the dealer
   * (the password stays in this closure), `subpaas/session/create` for a sub-dealer. `client` is
   * the account's own (its breaker and retries apply to the login too).
   */
  authenticate: (client: PanelClient, options: CallOptions) => Promise<PanelPayload>;
}

/** Calls Panel actions with the dealer's session, logging in and replaying as needed. */
export interface PanelSession {
  readonly dealerId: string;
  call(
    action: string,
    params?: Record<string, unknown>,
    trace?: UpstreamTrace,
  ): Promise<PanelPayload>;
  /** An action answering a file (`user/export`). */
  download(
    action: string,
    params: Record<string, unknown>,
    trace?: UpstreamTrace,
  ): Promise<PanelFile>;
  /** An upload action: form fields plus one file (the hash goes as a form field, §1.4). */
  upload(
    action: string,
    fields: Record<string, string>,
    file: UploadFile,
    trace?: UpstreamTrace,
  ): Promise<PanelPayload>;
  /** Resolves when a session can be had (used by readiness: see `CallOptions.probe`). */
  ensureSession(): Promise<void>;
}

export interface SessionManagerOptions {
  dealer: Dealer;
  client: PanelClient;
  store: Store;
  logger: Logger;
  sessionTtlSeconds: number;
  /** Upper bound of one `account/auth`; waits for another instance's login derive from it. */
  upstreamTimeoutMs: number;
  /** Lease of the cross-instance login lock (renewed while the login runs). */
  loginLockLeaseMs: number;
  /** Seals session records in the store (required for Redis). */
  cipher?: SessionCipher;
  metrics?: Metrics;
  /** Time from a client request's arrival by which all its upstream work must be done. */
  requestDeadlineMs: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** See {@link LoginCoordinatorOptions.family}. */
  family?: LoginCoordinatorOptions['family'];
  /** See {@link LoginCoordinatorOptions.refusalMemoMs}. */
  refusalMemoMs?: number;
  now?: () => number;
}

/**
 * Replays of one call on error 4, each with a newer session: a session that ends at random can
 * end again right after a re-login (another instance's older hash), but never without bound.
 */
const MAX_RELOGINS = 2;

/**
 * Two cache levels (design.md): the hash in process memory serves the hot path with no store
 * round trip; the store shares it between instances. Navixy judges validity: a hash is used
 * until it answers 4 or 3, then exactly that hash is dropped and the call replayed with a newer
 * one. Every call carries its request's deadline down to the client.
 */
export function createSessionManager(options: SessionManagerOptions): PanelSession {
  const { dealer, client, now = Date.now } = options;
  const lockLeaseMs = options.loginLockLeaseMs;
  const coordinator = createLoginCoordinator({
    dealerId: dealer.id,
    store: options.store,
    logger: options.logger,
    // A login is shared by every request waiting for it, so it runs on its own clock rather than
    // on the deadline of whichever request started it; waiters stop waiting at their own.
    authenticate: ({ probe, span }) =>
      dealer.authenticate(client, { deadline: now() + options.upstreamTimeoutMs, probe, span }),
    sessionTtlMs: options.sessionTtlSeconds * 1000,
    lockLeaseMs,
    waitMs: lockLeaseMs + options.upstreamTimeoutMs,
    initialBackoffMs: options.initialBackoffMs ?? 30_000,
    maxBackoffMs: options.maxBackoffMs ?? 600_000,
    cipher: options.cipher,
    metrics: options.metrics,
    family: options.family,
    refusalMemoMs: options.refusalMemoMs,
    now,
  });

  let current: CachedSession | undefined;
  let inflight: Promise<CachedSession> | undefined;

  const usable = (stale?: string) =>
    current && current.hash !== stale && current.expiresAt > now() ? current : undefined;

  /** Waits for `promise` until `deadline`, then gives up without cancelling it. */
  async function until<T>(promise: Promise<T>, deadline: number): Promise<T> {
    const left = deadline - now();
    if (left <= 0) throw new UpstreamDeadlineError('account/auth');
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new UpstreamDeadlineError('account/auth')), left);
    });
    try {
      return await Promise.race([promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Single-flight within the process: concurrent callers share one store read or login (a
   * readiness probe's login, `probe`, passes the breaker uncounted; see `CallOptions.probe`).
   * A login's span hangs from the request that started it.
   */
  async function acquire(
    deadline: number,
    stale?: string,
    probe = false,
    span?: SpanScope,
  ): Promise<CachedSession> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const cached = usable(stale);
      if (cached) return cached;
      inflight ??= coordinator.obtain(stale, probe, span).finally(() => {
        inflight = undefined;
      });
      const session = await until(inflight, deadline);
      if (session.hash !== stale) {
        if (!current || current.expiresAt < session.expiresAt || current.hash === stale) {
          current = session;
        }
        return session;
      }
    }
    return until(coordinator.obtain(stale, false, span), deadline);
  }

  /**
   * Runs one upstream exchange and records it in the request's trace, in a `panel <action>`
   * client span when the request is traced.
   */
  async function traced<T>(
    action: string,
    trace: UpstreamTrace | undefined,
    run: (span: SpanScope | undefined) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    try {
      const result = await (trace?.span
        ? withSpan(trace.span, `panel ${action}`, { 'navixy.action': action }, run, SpanKind.CLIENT)
        : run(undefined));
      trace?.calls.push({ action, ms: performance.now() - started });
      return result;
    } catch (error) {
      const navixyCode = error instanceof PanelError ? error.navixyCode : undefined;
      const failure =
        navixyCode === undefined && error instanceof GatewayError ? error.code : undefined;
      trace?.calls.push({ action, navixyCode, failure, ms: performance.now() - started });
      throw error;
    }
  }

  /** Runs `exchange` with a session hash; on error 4 or 3, again with a newer session. */
  async function withSession<T>(
    action: string,
    trace: UpstreamTrace | undefined,
    exchange: (hash: string, callOptions: CallOptions) => Promise<T>,
  ): Promise<T> {
    const deadline = (trace?.arrivedAt ?? now()) + options.requestDeadlineMs;
    const cached = usable();
    if (cached) options.metrics?.sessionCache('memory');
    let session = cached ?? (await acquire(deadline, undefined, false, trace?.span));
    for (let relogins = 0; ; relogins += 1) {
      try {
        return await traced(action, trace, (span) =>
          exchange(session.hash, { deadline, span, lane: trace?.lane }),
        );
      } catch (error) {
        if (!(error instanceof PanelError) || !SESSION_ENDED_CODES.has(error.navixyCode)) {
          throw error;
        }
        if (relogins === MAX_RELOGINS) throw error;
        // Error 4 (or 3): the session ended and the call was not executed, so replaying it with
        // a newer session is safe for every action (reference §1.7, design.md).
        if (current?.raw === session.raw) current = undefined;
        await coordinator.discard(session);
        options.logger.info({ dealer: dealer.id, action }, 'panel session ended; logging in again');
        session = await acquire(deadline, session.hash, false, trace?.span);
      }
    }
  }

  return {
    dealerId: dealer.id,
    call: (action, params = {}, trace) =>
      withSession(action, trace, (hash, o) => client.call(action, { ...params, hash }, o)),
    download: (action, params, trace) =>
      withSession(action, trace, (hash, o) => client.download(action, { ...params, hash }, o)),
    upload: (action, fields, file, trace) =>
      withSession(action, trace, (hash, o) => client.upload(action, { ...fields, hash }, file, o)),
    async ensureSession() {
      await acquire(now() + options.requestDeadlineMs, undefined, true);
    },
  };
}
