/**
 * The issuer's metadata or key set is wrong, not merely out of reach: a wrong `JWT_ISSUER`, a
 * document naming another issuer, an insecure or missing `jwks_uri`, a key set that is not one.
 * Waiting does not fix it, so at start-up it stops the gateway (exit 1) like a bad setting;
 * later it is one more reason a key set cannot be had (503 `AUTH_UNAVAILABLE`).
 */
export class IssuerMisconfigured extends Error {
  readonly code = 'JWT_ISSUER_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'IssuerMisconfigured';
  }
}

/**
 * Whether an HTTP status of the issuer says the URL is wrong (4xx: not there, not allowed, a
 * redirect the gateway does not follow) rather than the issuer being down (5xx, 408, 429).
 */
export function isWrongUrlStatus(status: number): boolean {
  return status >= 300 && status < 500 && status !== 408 && status !== 429;
}
