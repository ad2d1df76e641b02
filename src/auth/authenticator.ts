import type { Authenticator } from './api-keys.js';

/** A JWS in compact form: three base64url segments (the signature empty for `alg: none`). */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** The credential of `Authorization: Bearer <credential>` (RFC 6750 §2.1), if that is the header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined
    ? undefined
    : /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(authorization)?.[1];
}

export interface AuthenticatorParts {
  apiKeys: Authenticator;
  /** Absent unless JWT validation is configured. */
  jwt: Authenticator | undefined;
}

/**
 * The gateway's one authenticator: a Bearer value shaped like a JWT goes to the JWT authenticator
 * (when configured), anything else to the API keys. The two cannot be confused: API keys are
 * base64url without dots, so no key is ever sent to the key set check or the other way round.
 */
export function createAuthenticator({ apiKeys, jwt }: AuthenticatorParts): Authenticator {
  if (!jwt) return apiKeys;
  return {
    authenticate(credentials) {
      const token = bearerToken(credentials.authorization);
      return token !== undefined && JWT_SHAPE.test(token)
        ? jwt.authenticate(credentials)
        : apiKeys.authenticate(credentials);
    },
  };
}
