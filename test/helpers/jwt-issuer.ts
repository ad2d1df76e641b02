import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

export const ISSUER = 'https://id.example.test/';
export const AUDIENCE = 'navixy-gateway';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface SignOptions {
  /** Default: the key the issuer serves now. */
  key?: SigningKey;
  /** The `kid` header; default the key's own. */
  kid?: string;
  /** `exp` relative to now, in seconds (negative: already expired; null: no `exp`); default 300. */
  expiresIn?: number | null;
  issuer?: string;
  audience?: string;
  /** The `typ` header; default `at+jwt` (RFC 9068). */
  typ?: string;
  /** `iat` relative to now, in seconds; default 0. */
  issuedIn?: number;
}

/** An identity provider for tests: a JWKS on 127.0.0.1:0 and the private keys to sign with. */
export interface TestIssuer {
  jwksUrl: string;
  /** GET requests the key set answered or failed so far. */
  fetches: number;
  /** How the key set endpoint fails, when it does: the issuer being down. */
  failure: 'reset' | 'status' | undefined;
  current: SigningKey;
  /** Every token signed, for the log scan. */
  tokens: string[];
  newKey(kid: string): Promise<SigningKey>;
  /** Serves `key` alone from now on and signs with it: the issuer rotated its key. */
  rotateTo(key: SigningKey): void;
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

/** The settings that make a gateway accept this issuer's tokens. */
export function jwtSettings(issuer: TestIssuer): Record<string, string> {
  return {
    JWT_JWKS_URL: issuer.jwksUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    // Every unknown kid refetches at once, so a rotation test need not wait out a cooldown.
    JWT_JWKS_COOLDOWN_SECONDS: '0',
  };
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } };
}

export async function startIssuer(): Promise<TestIssuer> {
  let served = await newSigningKey('key-1');
  const server = createServer((req, res) => {
    issuer.fetches += 1;
    if (issuer.failure === 'reset') {
      req.socket.destroy();
      return;
    }
    res.statusCode = issuer.failure === 'status' ? 503 : 200;
    res.setHeader('Content-Type', 'application/json');
    res.end(issuer.failure ? '{}' : JSON.stringify({ keys: [served.publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const issuer: TestIssuer = {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: 0,
    failure: undefined,
    get current() {
      return served;
    },
    tokens: [],
    newKey: newSigningKey,
    rotateTo(key) {
      served = key;
    },
    async sign(claims, options = {}) {
      const key = options.key ?? served;
      const jwt = new SignJWT(claims)
        .setProtectedHeader({
          alg: 'RS256',
          kid: options.kid ?? key.kid,
          typ: options.typ ?? 'at+jwt',
        })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt(Math.floor(Date.now() / 1000) + (options.issuedIn ?? 0));
      const { expiresIn = 300 } = options;
      if (expiresIn !== null) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn);
      const token = await jwt.sign(key.privateKey);
      issuer.tokens.push(token);
      return token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return issuer;
}
