import type { Response } from 'express';
import type { ClientRateLimiter, RateVerdict } from './client-rate-limiter.js';
import type { Principal } from '../auth/principal.js';
import { GatewayError } from '../problems/gateway-error.js';

/**
 * The client used up its own rate limit (the gateway's inbound limit per principal). Distinct
 * from `UPSTREAM_LOAD_LIMITED` (the Panel account's outbound limit) and `UPSTREAM_RATE_LIMITED`
 * (Navixy's own refusal).
 */
export class ClientRateLimitedError extends GatewayError {
  constructor(verdict: RateVerdict) {
    const { policy, resetSeconds } = verdict;
    super('CLIENT_RATE_LIMITED', {
      detail:
        `This client may send ${policy.limit} requests per ${policy.windowMs / 1000} s ` +
        `(policy "${policy.name}"); retry in ${resetSeconds} s.`,
      // RFC 9110 §10.2.3: delay-seconds, whole and at least 1.
      headers: { ...rateLimitHeaders(verdict), 'Retry-After': String(resetSeconds) },
    });
  }
}

/**
 * The fields of draft-ietf-httpapi-ratelimit-headers-10 (§3, §4): the policy (`q` quota units
 * per `w` seconds) and the state of it (`r` remaining, `t` seconds until a place frees), as
 * Structured Fields lists of one item named by a String. Policy names need no escaping:
 * `default`, `key`, or scopes joined by `+`.
 */
export function rateLimitHeaders({ policy, remaining, resetSeconds }: RateVerdict) {
  return {
    'RateLimit-Policy': `"${policy.name}";q=${policy.limit};w=${policy.windowMs / 1000}`,
    RateLimit: `"${policy.name}";r=${remaining};t=${resetSeconds}`,
  };
}

/**
 * The rate limit step of the request path, right after authentication: counts the request,
 * puts the fields on the answer whatever it turns out to be, and throws 429 once the limit is
 * used up — before any scope check, validation or Panel call.
 */
export function rateLimitStep(
  limiter: ClientRateLimiter,
): (principal: Principal, res: Response) => Promise<void> {
  return async (principal, res) => {
    const verdict = await limiter.consume(principal);
    if (!verdict) return;
    if (!verdict.allowed) throw new ClientRateLimitedError(verdict);
    const headers = rateLimitHeaders(verdict);
    res.setHeader('RateLimit-Policy', headers['RateLimit-Policy']);
    res.setHeader('RateLimit', headers.RateLimit);
  };
}
