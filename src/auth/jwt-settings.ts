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

/** Validation of mobile apps' JWTs against their issuer's key set; see docs/auth.md, JWT. */
export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  algorithms: (typeof JWT_ALGORITHMS)[number][];
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
