import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** The gateway's identifier at the provider: the audience of its access tokens. */
export const OIDC_AUDIENCE = 'https://gateway.example.test';
/** A client whose id is the gateway's audience, as happens when one app is both. */
const GATEWAY_CLIENT = { id: OIDC_AUDIENCE, secret: 'gateway-client-secret-of-the-tests' };
/** A machine client that gets access tokens for the gateway (client credentials). */
const MACHINE_CLIENT = { id: 'reporting-job', secret: 'reporting-job-secret-of-the-tests' };
const REDIRECT_URI = 'https://app.example.test/callback';
/**
 * A mobile app: a public client (no secret, RFC 8252 §8.4) that must use PKCE, with a
 * private-use URI scheme for its redirect (RFC 8252 §7.1).
 */
const MOBILE_CLIENT = { id: 'fleet-mobile', redirectUri: 'com.example.fleet:/callback' };
/** The claim binding a token to a Navixy user, as the gateway reads it by default. */
const USER_CLAIM = 'navixy_user_id';

/**
 * node-oidc-provider, in process on 127.0.0.1:0: a real OpenID provider issuing RFC 9068 access
 * tokens (`typ: at+jwt`) for the gateway as a resource server, and ID tokens. Its key set can be
 * rotated as a provider operator would: a new signing key first, the old one still published.
 */
export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  /** Key set requests served so far. */
  jwksFetches: number;
  /** Metadata (`/.well-known/…`) requests served so far. */
  metadataFetches: number;
  /** Access tokens and ID tokens issued, for the log scan. */
  tokens: string[];
  /** An RFC 9068 access token of the machine client, with `scope` (space-separated). */
  accessToken(scope: string): Promise<string>;
  /** An ID token, through the authorization code flow with the provider's login and consent. */
  idToken(login: string): Promise<string>;
  /**
   * An access token of the mobile app for the user `login` signed in as, through the
   * authorization code flow with PKCE; bound to the Navixy user `navixyUsers[login]` if any.
   */
  userAccessToken(login: string, scope: string): Promise<string>;
  /** Signs with a new key from now on, publishing it before the old one. */
  rotateKeys(): Promise<void>;
  /** How the key set endpoint fails, when it does: the provider being down. */
  jwksDown: boolean;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  /** The Navixy user id each login is bound to, put in its access tokens' `navixy_user_id`. */
  navixyUsers?: Readonly<Record<string, number>>;
}

export async function startOidcProvider(
  scopes: readonly string[],
  options: OidcProviderOptions = {},
): Promise<OidcProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/.well-known/')) provider.metadataFetches += 1;
    if (req.url?.startsWith('/jwks')) {
      provider.jwksFetches += 1;
      if (provider.jwksDown) {
        req.socket.destroy();
        return;
      }
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let keys = [await signingKey('first')];
  const build = () => {
    const callback = configure(issuer, keys, scopes, options.navixyUsers ?? {}).callback();
    return (req: IncomingMessage, res: ServerResponse) => void callback(req, res);
  };
  handler = build();

  const provider: OidcProvider = {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    jwksFetches: 0,
    metadataFetches: 0,
    jwksDown: false,
    tokens: [],
    async accessToken(scope) {
      const body = await tokenRequest(issuer, MACHINE_CLIENT, {
        grant_type: 'client_credentials',
        scope,
        resource: OIDC_AUDIENCE,
      });
      provider.tokens.push(body.access_token);
      return body.access_token;
    },
    async idToken(login) {
      const params = { scope: 'openid' };
      const { id_token: token } = await codeFlow(issuer, GATEWAY_FLOW, login, params);
      provider.tokens.push(token);
      return token;
    },
    async userAccessToken(login, scope) {
      const params = { scope: `openid ${scope}`, resource: OIDC_AUDIENCE };
      const { access_token: token } = await codeFlow(issuer, MOBILE_FLOW, login, params);
      provider.tokens.push(token);
      return token;
    },
    async rotateKeys() {
      keys = [await signingKey(`key-${keys.length + 1}`), ...keys];
      handler = build();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return provider;
}

async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

function configure(
  issuer: string,
  keys: JWK[],
  scopes: readonly string[],
  navixyUsers: Readonly<Record<string, number>>,
): Provider {
  const resourceServer = {
    scope: scopes.join(' '),
    audience: OIDC_AUDIENCE,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'RS256' as const } },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: MACHINE_CLIENT.id,
        client_secret: MACHINE_CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: scopes.join(' '),
      },
      {
        client_id: GATEWAY_CLIENT.id,
        client_secret: GATEWAY_CLIENT.secret,
        grant_types: ['authorization_code'],
        redirect_uris: [REDIRECT_URI],
        response_types: ['code'],
      },
      {
        client_id: MOBILE_CLIENT.id,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        redirect_uris: [MOBILE_CLIENT.redirectUri],
        response_types: ['code'],
        scope: ['openid', ...scopes].join(' '),
      },
    ],
    scopes: ['openid', ...scopes],
    jwks: { keys: keys },
    cookies: { keys: ['cookie-key-of-the-tests'] },
    pkce: { required: () => true },
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OIDC_AUDIENCE,
        getResourceServerInfo: () => resourceServer,
        useGrantedResource: () => true,
      },
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    // The user's binding, from the account the user signed in as; machine tokens have none.
    extraTokenClaims: (_ctx, token) => {
      const userId = 'accountId' in token ? navixyUsers[String(token.accountId)] : undefined;
      return userId === undefined ? undefined : { [USER_CLAIM]: userId };
    },
    ttl: {
      AccessToken: 300,
      ClientCredentials: 300,
      IdToken: 300,
      Interaction: 60,
      Session: 60,
      Grant: 60,
    },
  });
  // The test talks plain http on loopback; the provider would otherwise refuse insecure cookies.
  provider.proxy = true;
  return provider;
}

interface Client {
  id: string;
  /** Absent for a public client, which authenticates with PKCE alone. */
  secret?: string;
}

interface CodeFlowClient {
  client: Client;
  redirectUri: string;
}

const GATEWAY_FLOW: CodeFlowClient = { client: GATEWAY_CLIENT, redirectUri: REDIRECT_URI };
const MOBILE_FLOW: CodeFlowClient = {
  client: { id: MOBILE_CLIENT.id },
  redirectUri: MOBILE_CLIENT.redirectUri,
};

async function tokenRequest(
  issuer: string,
  client: Client,
  params: Record<string, string>,
): Promise<{ access_token: string; id_token: string }> {
  const { secret } = client;
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      // RFC 6749 §2.3.1: each part form-encoded first (the client id may be a URL).
      ...(secret !== undefined && {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      }),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(secret === undefined ? { ...params, client_id: client.id } : params),
  });
  const body = (await res.json()) as { access_token: string; id_token: string };
  if (res.status !== 200) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * The authorization code flow with PKCE (RFC 7636, S256) as a browser runs it against the provider's own login and consent
 * pages (its development interactions): follow redirects by hand, carry the cookies, submit
 * the forms, then exchange the code.
 */
async function codeFlow(
  issuer: string,
  { client, redirectUri }: CodeFlowClient,
  login: string,
  params: Record<string, string>,
): Promise<{ access_token: string; id_token: string }> {
  const cookies = new Map<string, string>();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const go = async (url: string, form?: Record<string, string>): Promise<string> => {
    const res = await fetch(new URL(url, issuer), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: form && new URLSearchParams(form).toString(),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} without a redirect`);
    return location;
  };
  const start = new URL('/auth', issuer);
  start.search = new URLSearchParams({
    ...params,
    client_id: client.id,
    response_type: 'code',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-of-the-test',
  }).toString();
  let location = await go(start.href);
  for (const prompt of ['login', 'consent']) {
    location = await go(location, { prompt, login });
    location = await go(location);
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return tokenRequest(issuer, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}
