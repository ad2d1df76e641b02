import { bearerToken, unauthenticated, type Authenticator } from './authenticator.js';

/** A JWS in compact form: three base64url segments (the signature empty for `alg: none`). */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

export interface AuthenticatorParts {
  apiKeys: Authenticator;
  /** Absent unless JWT validation is configured. */
  jwt: Authenticator | undefined;
}

/**
 * The gateway's one authenticator: a Bearer value shaped like a JWT goes to the JWT authenticator,
 * anything else to the API keys. The two cannot be confused: API keys are base64url without
 * dots, so no key is ever sent to the key set check or the other way round. Without JWT
 * validation configured, a JWT is refused as what it is, not as a bad API key.
 */
export function createAuthenticator({ apiKeys, jwt }: AuthenticatorParts): Authenticator {
  return {
    async authenticate(credentials) {
      const token = bearerToken(credentials.authorization);
      if (token === undefined || !JWT_SHAPE.test(token)) return apiKeys.authenticate(credentials);
      if (jwt) return jwt.authenticate(credentials);
      throw unauthenticated(
        'The bearer token is a JWT, and this gateway takes no JWTs (JWT_ISSUER is not set); ' +
          'send an API key.',
        'invalid_token',
      );
    },
  };
}
