import type { RatePolicy } from '../auth/rate-syntax.js';

/** Places an instance took from the shared counter in one batch, spent without asking Redis. */
export interface LocalShare {
  /** The policy they were taken under: a principal whose policy changed asks afresh. */
  policy: RatePolicy;
  /** Places left to spend. */
  places: number;
  /** Places the shared counter had free right after the grant. */
  remainingAfter: number;
  /** The counter's window the places were taken in (store clock), to give them back. */
  windowStart: number;
  /** Local clock: when that window ends (the `t` the fields show). */
  windowEndsAt: number;
  /** Local clock: after this the share is not spent any more; what is left is given back. */
  expiresAt: number;
}

/**
 * The shares of the clients this instance has seen lately, least recently used first, at most
 * `capacity` of them: memory per instance is bounded whatever the number of clients. A share
 * dropped with places left is not given back; those places stay counted until their window
 * has passed, as if the client had used them.
 */
export interface LocalShares {
  get(key: string): LocalShare | undefined;
  set(key: string, share: LocalShare): void;
  readonly size: number;
}

export function createLocalShares(capacity: number): LocalShares {
  const shares = new Map<string, LocalShare>();
  return {
    get(key) {
      const share = shares.get(key);
      if (share) {
        // Map keeps insertion order: moving a share to the end keeps the order by last use.
        shares.delete(key);
        shares.set(key, share);
      }
      return share;
    },
    set(key, share) {
      shares.delete(key);
      shares.set(key, share);
      if (shares.size > capacity) {
        const oldest = shares.keys().next();
        if (!oldest.done) shares.delete(oldest.value);
      }
    },
    get size() {
      return shares.size;
    },
  };
}
