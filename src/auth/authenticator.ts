import { GatewayError } from '../problems/gateway-error.js';
import { credentialName, type Principal } from './principal.js';

const REALM = 'navixy-panel-gateway';

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

/**
 * Resolves the caller from `Authorization: Bearer <credential>` or `X-API-Key: <key>`, or
 * rejects with 401. Asynchronous: a credential may need a store lookup or a key set fetch.
 */
export interface Authenticator {
  authenticate(credentials: Credentials): Promise<Principal>;
}

/** The credential of `Authorization: Bearer <credential>` (RFC 6750 §2.1), if that is the header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined
    ? undefined
    : /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(authorization)?.[1];
}

/** 401 with the RFC 6750 challenge (`error` only when credentials were sent, §3.1). */
export function unauthenticated(detail: string, error?: string): GatewayError {
  const challenge = error ? `Bearer realm="${REALM}", error="${error}"` : `Bearer realm="${REALM}"`;
  return new GatewayError('UNAUTHENTICATED', {
    detail,
    headers: { 'WWW-Authenticate': challenge },
  });
}

/**
 * 403 naming the missing scopes and the credential that lacks them, with the RFC 6750
 * `insufficient_scope` challenge.
 */
export function insufficientScope(
  required: readonly string[],
  missing: readonly string[],
  principal: Pick<Principal, 'kind'>,
) {
  return new GatewayError('INSUFFICIENT_SCOPE', {
    detail: `This operation needs the scopes ${required.join(', ')}; the ${credentialName(principal)} lacks ${missing.join(', ')}.`,
    headers: {
      'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${required.join(' ')}"`,
    },
    extensions: { requiredScopes: required, missingScopes: missing },
  });
}
