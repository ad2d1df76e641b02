import { z } from 'zod';

/**
 * JWS algorithms a JWKS can verify. `none` and the HS* family are left out on purpose: a key set
 * is public, so an HMAC "key" taken from it would let anyone sign (the algorithm-confusion attack).
 */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/**
 * A key set or issuer URL: https, or http on a loopback host only (a local issuer, tests). An
 * issuer's key set is what every token check trusts, so it is never fetched in clear.
 */
export const secureUrl = z.url({ protocol: /^https?$/ }).refine(
  (url) => {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  },
  { message: 'must be an https URL (http only for a loopback host)' },
);

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Taken when neither `JWT_ALGORITHMS` nor the issuer's metadata says otherwise. */
export const DEFAULT_JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256'];

/** Validation of mobile apps' JWTs against their issuer's key set; see docs/auth.md, JWT. */
export interface JwtConfig {
  /** `JWT_JWKS_URL`: the key set, overriding discovery; unset: the issuer's `jwks_uri`. */
  jwksUrl: string | undefined;
  issuer: string;
  audience: string;
  /**
   * `JWT_ALGORITHMS`. Unset: what the issuer advertises among {@link JWT_ALGORITHMS}, or
   * {@link DEFAULT_JWT_ALGORITHMS} when it advertises nothing (or `JWT_JWKS_URL` is set).
   */
  algorithms: JwtAlgorithm[] | undefined;
  clockSkewSeconds: number;
  /** Tokens issued (`iat`) longer ago than this are refused; unset: only `exp` counts. */
  maxTokenAgeSeconds: number | undefined;
  scopesClaim: string;
  userIdClaim: string;
  /** The claim naming the Panel accounts the token may use; absent: the default account. */
  accountsClaim: string;
  /** Least time between two key set fetches (a floor, so made-up `kid`s cannot flood the issuer). */
  jwksCooldownSeconds: number;
  /** The `typ` header values taken (RFC 9068: `at+jwt`), compared without `application/`. */
  tokenTypes: string[];
}
