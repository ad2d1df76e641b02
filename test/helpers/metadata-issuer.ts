import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { tinyServer, type TinyServer } from './tiny-server.js';

/**
 * An issuer for discovery tests: serves its metadata and key set on 127.0.0.1:0, each answer
 * changeable (`answers`: path → status and body), and can be down (connections reset).
 */
export interface MetadataIssuer {
  /** The issuer identifier: the origin, plus `path` when given. */
  issuer: string;
  origin: string;
  /** What each path answers; a path absent answers 404. */
  answers: Map<string, { status: number; body: unknown }>;
  /** Paths requested so far, in order. */
  requested: string[];
  /** While true every connection is reset: the issuer is down. */
  down: boolean;
  /** A token (RFC 9068 `at+jwt`) signed with the served key, `exp` 5 min after `nowMs`. */
  sign(claims: JWTPayload, audience: string, nowMs: number): Promise<string>;
  close(): Promise<void>;
}

/** The document at `/.well-known/openid-configuration` (with `path` after the origin). */
export async function startMetadataIssuer(path = ''): Promise<MetadataIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' };
  const answers = new Map<string, { status: number; body: unknown }>();
  const requested: string[] = [];
  const state = { down: false };
  const server: TinyServer = await tinyServer((req, res) => {
    requested.push(req.url ?? '');
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const answer = answers.get(req.url ?? '') ?? { status: 404, body: { error: 'not_found' } };
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json');
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  const issuer = `${server.origin}${path}`;
  answers.set(`${path}/.well-known/openid-configuration`, {
    status: 200,
    body: {
      issuer,
      jwks_uri: `${server.origin}/keys`,
      id_token_signing_alg_values_supported: ['ES256', 'HS256'],
    },
  });
  answers.set('/keys', { status: 200, body: { keys: [jwk] } });
  return {
    issuer,
    origin: server.origin,
    answers,
    requested,
    get down() {
      return state.down;
    },
    set down(value) {
      state.down = value;
    },
    sign: (claims, audience, nowMs) => signed(privateKey, issuer, audience, claims, nowMs),
    close: () => server.close(),
  };
}

function signed(
  key: CryptoKey,
  issuer: string,
  audience: string,
  claims: JWTPayload,
  nowMs: number,
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}
