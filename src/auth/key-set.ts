import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { GatewayError } from '../problems/gateway-error.js';
import { IssuerMisconfigured, isWrongUrlStatus } from './jwt-issuer-error.js';

/** A key set older than this is fetched again before use (jose's default too). */
const MAX_AGE_MS = 10 * 60_000;
/** A fetch that has not answered within this long has failed. */
const FETCH_TIMEOUT_MS = 5_000;

export interface KeySetOptions {
  /** Where the set is, asked before each fetch: `JWT_JWKS_URL`, or the issuer's discovered. */
  locate: () => Promise<string>;
  /** Least time between two fetches; a token whose key needs a fetch sooner is told to retry. */
  floorMs: number;
  now: () => number;
}

/**
 * The issuer's key set (JWKS), fetched when first needed, when older than ten minutes, and when
 * a token names a key it lacks, so an issuer's key rotation needs no restart. Key selection and
 * import are jose's (`createLocalJWKSet`); this adds when to fetch:
 * - one fetch at a time: every request that needs one waits for the same;
 * - at most one fetch start per `floorMs`, so tokens naming made-up keys cannot make the
 *   gateway hammer the issuer;
 * - a key missing from a set fetched after the token arrived is the token's fault (401); a key
 *   that cannot be looked for now — no set yet, the issuer unreachable, or the floor not
 *   elapsed — is 503 `AUTH_UNAVAILABLE` with `Retry-After`, never 401: the token may well be
 *   good (RFC 9110 §15.6.4).
 */
export interface KeySet {
  getKey: JWTVerifyGetKey;
  /** Whether a set is in hand (one fetch has succeeded). */
  loaded(): boolean;
  /** Fetches now, floor or not (start-up); rejects with the failure itself. */
  load(): Promise<void>;
  /** A set in hand, fetching one if the floor allows; 503 `AUTH_UNAVAILABLE` otherwise. */
  ensure(): Promise<void>;
}

export function createKeySet(options: KeySetOptions): KeySet {
  const { locate, floorMs, now } = options;
  let local: JWTVerifyGetKey | undefined;
  let fetchedAt = 0;
  /** Fetches started so far, the start time of the last one, and which one `local` came from. */
  let started = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let current = 0;
  let pending: Promise<void> | undefined;

  function refresh(): Promise<void> {
    if (pending) return pending;
    const number = (started += 1);
    lastStart = now();
    pending = locate()
      .then(fetchKeySet)
      .then((jwks) => {
        local = createLocalJWKSet(jwks);
        fetchedAt = now();
        current = number;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  /** Waits for a fetch (a running one, or a new one if the floor allows); 503 otherwise. */
  async function fetched(): Promise<void> {
    const wait = lastStart + floorMs - now();
    if (!pending && wait > 0) throw notYetCheckable(wait);
    try {
      await refresh();
    } catch (error) {
      throw keySetUnavailable(error);
    }
  }

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const arrival = started;
    if (!local) await fetched();
    else if (now() - fetchedAt >= MAX_AGE_MS) {
      // Stale: fetch again, but a set the issuer signed with moments ago beats no answer.
      await fetched().catch(() => undefined);
    }
    for (;;) {
      try {
        return await local!(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey) || current > arrival) throw error;
      }
      // The set in hand is older than the token: look for its key in a newer one.
      await fetched();
    }
  };
  return {
    getKey,
    loaded: () => local !== undefined,
    load: refresh,
    ensure: async () => {
      if (!local) await fetched();
    },
  };
}

/** A JWKS (RFC 7517 §5) with at least one key: the least a set must be to verify anything. */
const keySetSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string() })).min(1),
});

async function fetchKeySet(url: string): Promise<JSONWebKeySet> {
  const res = await fetch(url, {
    headers: { accept: 'application/jwk-set+json, application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (res.status !== 200) {
    await res.body?.cancel();
    const message = `the key set at ${url} answered ${res.status}`;
    throw isWrongUrlStatus(res.status) ? new IssuerMisconfigured(message) : new Error(message);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!keySetSchema.safeParse(body).success) {
    throw new IssuerMisconfigured(`the key set at ${url} is not a JWKS with at least one key`);
  }
  return body as JSONWebKeySet;
}

function keySetUnavailable(cause: unknown): GatewayError {
  return new GatewayError('AUTH_UNAVAILABLE', {
    detail:
      'The token issuer\u2019s key set could not be fetched, so the token cannot be checked now.',
    headers: { 'Retry-After': '5' },
    cause,
  });
}

function notYetCheckable(waitMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new GatewayError('AUTH_UNAVAILABLE', {
    detail:
      'The token names a signing key the gateway has not fetched yet, and it fetched the ' +
      `issuer\u2019s key set moments ago; retry in ${seconds} s.`,
    headers: { 'Retry-After': String(seconds) },
  });
}
