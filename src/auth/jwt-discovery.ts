import { z } from 'zod';
import { secureUrl } from './jwt-settings.js';
import { IssuerMisconfigured, isWrongUrlStatus } from './jwt-issuer-error.js';

/** What the gateway takes from an issuer's metadata. */
export interface IssuerMetadata {
  jwksUri: string;
  /** Every signing algorithm the issuer advertises; undefined when it advertises none. */
  algorithms: string[] | undefined;
}

/** A fetch that has not answered within this long has failed (the issuer is then unreachable). */
const FETCH_TIMEOUT_MS = 5_000;

/**
 * The fields naming algorithms the issuer itself signs with. RFC 9068 defines no field for
 * access tokens; an issuer signs them with the keys and algorithms it signs ID tokens and its
 * other answers with. `token_endpoint_auth_signing_alg_values_supported` is left out: it names
 * what clients sign with.
 */
const SIGNING_FIELDS = [
  'id_token_signing_alg_values_supported',
  'userinfo_signing_alg_values_supported',
  'introspection_signing_alg_values_supported',
  'authorization_signing_alg_values_supported',
] as const;

const algList = z.array(z.string()).optional();
const metadataSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.string(),
  ...Object.fromEntries(SIGNING_FIELDS.map((field) => [field, algList])),
});

/**
 * Where the issuer's metadata may be, in the order tried: OpenID Connect Discovery 1.0 §4
 * appends `/.well-known/openid-configuration` to the issuer; RFC 8414 §3.1 inserts
 * `/.well-known/oauth-authorization-server` between the host and the path (the path's
 * terminating `/` removed), which for an issuer without a path is the same as appending.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/**
 * The issuer's metadata, checked: its `issuer` is exactly `issuer` (OIDC Discovery §4.3, RFC 8414
 * §3.3: otherwise a document could make the gateway trust another issuer's keys), its `jwks_uri`
 * is https (http only on loopback). A wrong document or URL is {@link IssuerMisconfigured}; an
 * issuer that does not answer (network, timeout, 5xx) is a plain Error: it may answer later.
 */
export async function discoverIssuer(issuer: string): Promise<IssuerMetadata> {
  const tried: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (res.status === 200) return checkedMetadata(issuer, url, await readJson(res, url));
    await res.body?.cancel();
    if (!isWrongUrlStatus(res.status)) {
      throw new Error(`the issuer metadata at ${url} answered ${res.status}`);
    }
    tried.push(`${url} (${res.status})`);
  }
  throw new IssuerMisconfigured(
    `JWT_ISSUER: no issuer metadata found at ${tried.join(' nor ')}; check JWT_ISSUER, or set JWT_JWKS_URL`,
  );
}

async function readJson(res: Response, url: string): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    throw new IssuerMisconfigured(`JWT_ISSUER: the issuer metadata at ${url} is not JSON`);
  }
}

function checkedMetadata(issuer: string, url: string, body: unknown): IssuerMetadata {
  const parsed = metadataSchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
    throw new IssuerMisconfigured(
      `JWT_ISSUER: the issuer metadata at ${url} is malformed (${fields.join(', ')})`,
    );
  }
  const metadata = parsed.data as z.output<typeof metadataSchema> &
    Partial<Record<(typeof SIGNING_FIELDS)[number], string[]>>;
  if (metadata.issuer !== issuer) {
    throw new IssuerMisconfigured(
      `JWT_ISSUER: the metadata at ${url} names the issuer ${JSON.stringify(metadata.issuer)}, ` +
        `not ${JSON.stringify(issuer)}; JWT_ISSUER must be exactly the issuer's identifier`,
    );
  }
  if (!secureUrl.safeParse(metadata.jwks_uri).success) {
    throw new IssuerMisconfigured(
      `JWT_ISSUER: the issuer's jwks_uri ${JSON.stringify(metadata.jwks_uri)} is not an https ` +
        'URL (http only for a loopback host)',
    );
  }
  const advertised = SIGNING_FIELDS.flatMap((field) => metadata[field] ?? []);
  return {
    jwksUri: metadata.jwks_uri,
    algorithms: SIGNING_FIELDS.some((field) => metadata[field])
      ? [...new Set(advertised)]
      : undefined,
  };
}
