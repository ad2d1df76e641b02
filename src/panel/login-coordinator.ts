import { randomUUID } from 'node:crypto';
import { GatewayError } from '../problems/gateway-error.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { SpanKind, withSpan, type SpanScope } from '../observability/spans.js';
import type { Store } from '../store/store.js';
import { LOGIN_REFUSED_CODES, SESSION_ENDED_CODES } from './error-codes.js';
import { PanelError, UpstreamAuthFailedError, UpstreamBadResponseError } from './errors.js';
import { createLoginEvents, type LoginEvents, type LoginOutcome } from './login-events.js';
import { classifyFailure } from './retry.js';
import type { SessionCipher } from './session-cipher.js';
import {
  decodeFailure,
  sessionCodec,
  type CachedSession,
  type LoginFailure,
} from './session-records.js';

export interface LoginCoordinatorOptions {
  dealerId: string;
  store: Store;
  logger: Logger;
  /**
   * Performs `account/auth` and returns its payload; `probe`: for readiness, `span`: the
   * login's span (see `CallOptions`).
   */
  authenticate: (options: { probe: boolean; span?: SpanScope }) => Promise<Record<string, unknown>>;
  sessionTtlMs: number;
  /**
   * Lease of the cross-instance login lock. The holder renews it every third of the lease while
   * `account/auth` is in flight, so a slow login keeps the lock and a dead holder loses it
   * after one lease.
   */
  lockLeaseMs: number;
  /** How long a caller waits for another instance's login before giving up with 503. */
  waitMs: number;
  /** First back-off after a refused login; doubles per failure up to `maxBackoffMs` (§design). */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Seals session records in the store; required for a shared (Redis) store. */
  cipher?: SessionCipher;
  metrics?: Pick<Metrics, 'login' | 'sessionCache' | 'lockWait'>;
  /**
   * The configured account whose fencing counter and login announcements this one shares (a
   * sub-dealer shares its dealer's), with the announcements' channel; default: its own.
   */
  family?: { id: string; events: LoginEvents };
  /**
   * When set, a login Navixy refuses with an answer about the account itself (a sub-dealer it
   * does not have: 201; blocked: 13; an invalid id: 7) is remembered this long, in the store
   * and here, and answered again without asking Navixy: made-up sub-dealer ids cost one call
   * each per period, however often they are sent.
   */
  refusalMemoMs?: number;
  now?: () => number;
}

/**
 * Store keys of one Panel account (the store adds the global prefix). The fencing counter and
 * the channel belong to its family, the configured account (a sub-dealer's are its dealer's),
 * so ids clients make up never add keys or subscriptions of their own there.
 */
export function dealerKeys(dealerId: string, familyId = dealerId) {
  return {
    session: `panel:${dealerId}:session`,
    lock: `panel:${dealerId}:login-lock`,
    failure: `panel:${dealerId}:login-failure`,
    /** The fencing counter: each login takes the next number. */
    generation: `panel:${familyId}:login-generation`,
    /** Pub/sub channel where a login's end is announced (never the hash itself). */
    events: `panel:${familyId}:login-events`,
  };
}

/**
 * Logs in to the Panel API at most once at a time across all instances: a store lock with an
 * owner token and a renewed lease; callers that do not hold it wait to be woken by the holder's
 * announcement (pub/sub) or by the end of its lease, then re-read the shared session. Each login
 * carries a fencing number, so a slow login that lost its lock never overwrites a newer session.
 * Refused logins (11, 12) are remembered with exponential back-off shared through the store.
 * Store failures degrade to per-process behaviour instead of failing requests.
 */
export function createLoginCoordinator(options: LoginCoordinatorOptions) {
  const { store, logger, now = Date.now } = options;
  const keys = dealerKeys(options.dealerId, options.family?.id);
  const codec = sessionCodec(keys.session, options.cipher);
  const events =
    options.family?.events ?? createLoginEvents({ store, logger, channel: keys.events });
  /**
   * The counter outlives every session fenced with it (a login's session lives `sessionTtlMs`
   * from a moment within `waitMs` of taking its number), so when it expires and starts over
   * at 1 no stored session has a higher number.
   */
  const generationTtlMs = 2 * options.sessionTtlMs + options.waitMs;
  let localFailure: LoginFailure | undefined;

  async function storeCall<T>(what: string, op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch (error) {
      logger.warn(
        { err: errorSummary(error), dealer: options.dealerId, op: what },
        'session store unavailable',
      );
      return fallback;
    }
  }

  /** The shared session, unless it is the one the caller just saw rejected. */
  async function readShared(stale?: string): Promise<CachedSession | undefined> {
    const session = codec.decode(await storeCall('get', () => store.get(keys.session), null));
    if (!session || session.hash === stale || session.expiresAt <= now()) return undefined;
    return session;
  }

  async function assertNotBackingOff(): Promise<void> {
    const shared = decodeFailure(await storeCall('get', () => store.get(keys.failure), null));
    const failure = [shared, localFailure].find((f) => f && f.retryAt > now());
    if (failure) {
      options.metrics?.login('backoff');
      throw failure.refusal ? refusalOf(failure, failure.refusal) : authFailed(failure);
    }
  }

  /** The remembered refusal, as Navixy answered it. */
  function refusalOf(failure: LoginFailure, refusal: { action: string; httpStatus: number }) {
    return new PanelError({
      action: refusal.action,
      navixyCode: failure.code,
      description: failure.description,
      httpStatus: refusal.httpStatus,
      errors: [],
    });
  }

  /** Whether Navixy's answer refuses this account itself, to be remembered (`refusalMemoMs`). */
  function isRememberedRefusal(error: unknown): error is PanelError {
    return (
      options.refusalMemoMs !== undefined &&
      error instanceof PanelError &&
      classifyFailure(error) === 'answered' &&
      !SESSION_ENDED_CODES.has(error.navixyCode)
    );
  }

  async function rememberRefusal(error: PanelError, ms: number): Promise<void> {
    const failure: LoginFailure = {
      failures: 1,
      retryAt: now() + ms,
      code: error.navixyCode,
      description: error.upstreamDescription.slice(0, 500),
      refusal: { action: error.action, httpStatus: error.upstreamStatus },
    };
    localFailure = failure;
    await storeCall('set', () => store.set(keys.failure, JSON.stringify(failure), ms), undefined);
  }

  function authFailed(failure: LoginFailure): UpstreamAuthFailedError {
    const seconds = Math.max(1, Math.ceil((failure.retryAt - now()) / 1000));
    return new UpstreamAuthFailedError(seconds, {
      code: failure.code,
      description: failure.description,
    });
  }

  async function recordFailure(error: PanelError): Promise<LoginFailure> {
    const previous = decodeFailure(await storeCall('get', () => store.get(keys.failure), null));
    const failures = Math.max(previous?.failures ?? 0, localFailure?.failures ?? 0) + 1;
    const delay = Math.min(options.initialBackoffMs * 2 ** (failures - 1), options.maxBackoffMs);
    const failure: LoginFailure = {
      failures,
      retryAt: now() + delay,
      code: error.navixyCode,
      description: error.upstreamDescription.slice(0, 500),
    };
    localFailure = failure;
    // Kept past retryAt so that the next refusal doubles the delay instead of starting over.
    const keep = delay + options.maxBackoffMs;
    await storeCall('set', () => store.set(keys.failure, JSON.stringify(failure), keep), undefined);
    logger.error(
      { dealer: options.dealerId, upstreamCode: error.navixyCode, failures, retryInMs: delay },
      'panel login refused; backing off',
    );
    return failure;
  }

  async function login(
    generation: number,
    probe: boolean,
    span?: SpanScope,
  ): Promise<CachedSession> {
    let payload: Record<string, unknown>;
    try {
      payload = await (span
        ? withSpan(
            span,
            'panel login',
            { 'navixy.dealer': options.dealerId },
            (child) => options.authenticate({ probe, span: child }),
            SpanKind.CLIENT,
          )
        : options.authenticate({ probe }));
    } catch (error) {
      if (error instanceof PanelError && LOGIN_REFUSED_CODES.has(error.navixyCode)) {
        options.metrics?.login('refused');
        throw authFailed(await recordFailure(error));
      }
      if (isRememberedRefusal(error)) {
        options.metrics?.login('refused');
        await rememberRefusal(error, options.refusalMemoMs!);
        throw error;
      }
      options.metrics?.login('failed');
      // Why, for the operator: the errno and address of a refused connection, a DNS failure,
      // a timeout (the cause's summary). Refusals made here (breaker, deadline) say nothing new.
      if (classifyFailure(error) !== 'local') {
        logger.warn({ dealer: options.dealerId, err: errorSummary(error) }, 'panel login failed');
      }
      throw error;
    }
    const hash = payload.hash;
    if (typeof hash !== 'string' || !/^[A-Za-z0-9]{16,128}$/.test(hash)) {
      throw new UpstreamBadResponseError('account/auth', 200, 'the answer has no session hash');
    }
    const session = codec.encode(hash, now() + options.sessionTtlMs, generation);
    const stored = await storeCall(
      'set',
      () => store.setIfNewer(keys.session, session.raw, options.sessionTtlMs),
      true,
    );
    if (localFailure) localFailure = undefined;
    await storeCall('delete', () => store.delete(keys.failure), undefined);
    if (!stored) {
      // This login was overtaken (its lock expired while it ran): the newer session wins.
      const newer = await readShared();
      logger.warn(
        { dealer: options.dealerId, generation },
        'panel login overtaken by a newer one; using the newer session',
      );
      options.metrics?.login('overtaken');
      if (newer) return newer;
    } else {
      logger.info({ dealer: options.dealerId, generation }, 'panel login succeeded');
      options.metrics?.login('success');
    }
    options.metrics?.sessionCache('login');
    return session;
  }

  /** Tells the waiting instances that a login ended, whatever its outcome. */
  function announce(outcome: LoginOutcome): Promise<void> {
    return storeCall('publish', () => events.announce(options.dealerId, outcome), undefined);
  }

  /**
   * A wait that ends on the next announcement, or when the holder's lease may have run out
   * (a holder that died announces nothing), or at `deadline`. Armed before the caller looks
   * at the store, so an announcement in between is never missed.
   */
  function armWakeup(): { wait: (deadline: number) => Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const stopListening = events.onNext(options.dealerId, wake);
    let timer: NodeJS.Timeout | undefined;
    const cancel = () => {
      stopListening();
      if (timer) clearTimeout(timer);
    };
    return {
      cancel,
      async wait(deadline) {
        const leaseLeft = await storeCall(
          'lease',
          () => store.remainingMs(keys.lock),
          options.lockLeaseMs,
        );
        const ms = Math.min(Math.max(leaseLeft, 1) + Math.random() * 10, deadline - now());
        timer = setTimeout(wake, Math.max(0, ms));
        await woken;
        cancel();
      },
    };
  }

  /** Keeps the lock while `account/auth` runs; a lost lock is only logged: fencing protects. */
  function keepLease(token: string): () => void {
    const renew = setInterval(() => {
      void storeCall(
        'renew',
        () => store.extendIfEquals(keys.lock, token, options.lockLeaseMs),
        true,
      ).then((held) => {
        if (!held) logger.warn({ dealer: options.dealerId }, 'panel login lock lost');
      });
    }, options.lockLeaseMs / 3);
    renew.unref();
    return () => clearInterval(renew);
  }

  /** Logs in while holding the lock, renewing its lease, and announces the outcome. */
  async function loginHoldingLock(
    token: string,
    stale: string | undefined,
    probe: boolean,
    span: SpanScope | undefined,
  ): Promise<CachedSession> {
    const stopRenewing = keepLease(token);
    let outcome: LoginOutcome = 'failed';
    try {
      const shared = await readShared(stale);
      if (shared) {
        outcome = 'stored';
        return shared;
      }
      await assertNotBackingOff();
      const generation = await storeCall(
        'increment',
        () => store.increment(keys.generation, generationTtlMs),
        0, // no store: nothing to fence against
      );
      const session = await login(generation, probe, span);
      outcome = 'stored';
      return session;
    } catch (error) {
      if (error instanceof UpstreamAuthFailedError) outcome = 'refused';
      throw error;
    } finally {
      stopRenewing();
      await storeCall('unlock', () => store.deleteIfEquals(keys.lock, token), false);
      await announce(outcome);
    }
  }

  /**
   * Returns a session: the shared one if present, else one this instance logs in for while it
   * holds the lock, else one another instance stores while this one waits.
   */
  async function obtain(stale?: string, probe = false, span?: SpanScope): Promise<CachedSession> {
    const deadline = now() + options.waitMs;
    const token = randomUUID();
    await events.ready();
    let waitedSince: number | undefined;
    for (;;) {
      const wakeup = armWakeup();
      try {
        const shared = await readShared(stale);
        if (shared) {
          options.metrics?.sessionCache('store');
          if (waitedSince !== undefined) {
            options.metrics?.lockWait('login', (now() - waitedSince) / 1000);
          }
          return shared;
        }
        await assertNotBackingOff();
        const locked = await storeCall(
          'lock',
          () => store.setIfAbsent(keys.lock, token, options.lockLeaseMs),
          true, // no store: this process's single-flight is the only guard left
        );
        if (locked) return await loginHoldingLock(token, stale, probe, span);
        if (now() >= deadline) throw loginPending();
        waitedSince ??= now();
        await wakeup.wait(deadline);
      } finally {
        wakeup.cancel();
      }
    }
  }

  /** Drops exactly this session, never a newer one another instance stored meanwhile. */
  async function discard(session: CachedSession): Promise<void> {
    await storeCall('delete', () => store.deleteIfEquals(keys.session, session.raw), false);
  }

  return { obtain, discard };
}

export type LoginCoordinator = ReturnType<typeof createLoginCoordinator>;

function loginPending(): GatewayError {
  return new GatewayError('UPSTREAM_LOGIN_PENDING', {
    detail: 'Another gateway instance is logging in to the Panel API; retry shortly.',
    headers: { 'Retry-After': '1' },
  });
}
