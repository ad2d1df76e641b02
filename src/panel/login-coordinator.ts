import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../errors.js';
import { errorSummary, type Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { LOGIN_REFUSED_CODES } from './error-codes.js';
import { PanelError, UpstreamAuthFailedError, UpstreamBadResponseError } from './errors.js';
import {
  decodeFailure,
  decodeSession,
  encodeSession,
  type CachedSession,
  type LoginFailure,
} from './session-records.js';

export interface LoginCoordinatorOptions {
  accountId: string;
  store: Store;
  logger: Logger;
  /** Performs `account/auth` and returns its payload. */
  authenticate: () => Promise<Record<string, unknown>>;
  sessionTtlMs: number;
  /** Lease of the cross-instance login lock; longer than one `account/auth` may take. */
  lockLeaseMs: number;
  /** How long a caller waits for another instance's login before giving up with 503. */
  waitMs: number;
  /** First back-off after a refused login; doubles per failure up to `maxBackoffMs` (§design). */
  initialBackoffMs: number;
  maxBackoffMs: number;
  pollMs?: number;
  now?: () => number;
}

/** Store keys of one Panel account (the store adds the global prefix). */
export function accountKeys(accountId: string) {
  return {
    session: `panel:${accountId}:session`,
    lock: `panel:${accountId}:login-lock`,
    failure: `panel:${accountId}:login-failure`,
  };
}

/**
 * Logs in to the Panel API at most once at a time across all instances: a store lock with an
 * owner token and a lease; callers that do not hold it wait and re-read the shared session.
 * Refused logins (11, 12) are remembered with exponential back-off shared through the store.
 * Store failures degrade to per-process behaviour instead of failing requests.
 */
export function createLoginCoordinator(options: LoginCoordinatorOptions) {
  const { store, logger, now = Date.now, pollMs = 20 } = options;
  const keys = accountKeys(options.accountId);
  let localFailure: LoginFailure | undefined;

  async function storeCall<T>(what: string, op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch (error) {
      logger.warn(
        { err: errorSummary(error), account: options.accountId, op: what },
        'session store unavailable',
      );
      return fallback;
    }
  }

  /** The shared session, unless it is the one the caller just saw rejected. */
  async function readShared(stale?: string): Promise<CachedSession | undefined> {
    const session = decodeSession(await storeCall('get', () => store.get(keys.session), null));
    if (!session || session.hash === stale || session.expiresAt <= now()) return undefined;
    return session;
  }

  async function assertNotBackingOff(): Promise<void> {
    const shared = decodeFailure(await storeCall('get', () => store.get(keys.failure), null));
    const failure = [shared, localFailure].find((f) => f && f.retryAt > now());
    if (failure) throw authFailed(failure);
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
      { account: options.accountId, upstreamCode: error.navixyCode, failures, retryInMs: delay },
      'panel login refused; backing off',
    );
    return failure;
  }

  async function login(): Promise<CachedSession> {
    let payload: Record<string, unknown>;
    try {
      payload = await options.authenticate();
    } catch (error) {
      if (error instanceof PanelError && LOGIN_REFUSED_CODES.has(error.navixyCode)) {
        throw authFailed(await recordFailure(error));
      }
      throw error;
    }
    const hash = payload.hash;
    if (typeof hash !== 'string' || !/^[A-Za-z0-9]{16,128}$/.test(hash)) {
      throw new UpstreamBadResponseError('account/auth', 200, 'the answer has no session hash');
    }
    const session = encodeSession(hash, now() + options.sessionTtlMs);
    await storeCall(
      'set',
      () => store.set(keys.session, session.raw, options.sessionTtlMs),
      undefined,
    );
    if (localFailure) localFailure = undefined;
    await storeCall('delete', () => store.delete(keys.failure), undefined);
    logger.info({ account: options.accountId }, 'panel login succeeded');
    return session;
  }

  /**
   * Returns a session: the shared one if present, else one this instance logs in for while it
   * holds the lock, else one another instance stores while this one waits.
   */
  async function obtain(stale?: string): Promise<CachedSession> {
    const deadline = now() + options.waitMs;
    const token = randomUUID();
    for (;;) {
      const shared = await readShared(stale);
      if (shared) return shared;
      await assertNotBackingOff();
      const locked = await storeCall(
        'lock',
        () => store.setIfAbsent(keys.lock, token, options.lockLeaseMs),
        true, // no store: this process's single-flight is the only guard left
      );
      if (locked) {
        try {
          return (await readShared(stale)) ?? (await assertNotBackingOff(), await login());
        } finally {
          await storeCall('unlock', () => store.deleteIfEquals(keys.lock, token), false);
        }
      }
      if (now() >= deadline) throw loginPending();
      await sleep(pollMs + Math.random() * pollMs);
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
  return new GatewayError('UPSTREAM_LOGIN_PENDING', 503, 'The Panel login is still in progress', {
    detail: 'Another gateway instance is logging in to the Panel API; retry shortly.',
    headers: { 'Retry-After': '1' },
  });
}
