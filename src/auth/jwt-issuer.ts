import type { JWTVerifyGetKey } from 'jose';
import { discoverIssuer } from './jwt-discovery.js';
import { IssuerMisconfigured } from './jwt-issuer-error.js';
import {
  DEFAULT_JWT_ALGORITHMS,
  JWT_ALGORITHMS,
  type JwtAlgorithm,
  type JwtConfig,
} from './jwt-settings.js';
import { createKeySet } from './key-set.js';

/** The token issuer as the gateway knows it: where its keys are, which algorithms it uses. */
export interface TokenIssuer {
  getKey: JWTVerifyGetKey;
  /** The algorithms a token may use; 503 `AUTH_UNAVAILABLE` until the issuer is known. */
  algorithms(): Promise<JwtAlgorithm[]>;
  /**
   * The start-up check: the metadata (unless `JWT_JWKS_URL` is set) and the key set, fetched
   * now. Throws {@link IssuerMisconfigured} for a wrong issuer, document or key set; returns the
   * error of an issuer out of reach (worth a warning: tokens and readiness probes retry), or
   * undefined when the keys are in hand.
   */
  check(): Promise<Error | undefined>;
  /** Readiness: keys in hand, after one more try if the floor allows. */
  ready(): Promise<boolean>;
}

interface Resolved {
  jwksUri: string;
  algorithms: JwtAlgorithm[];
}

/**
 * `JWT_ISSUER` alone is enough: the key set's URL and the algorithms come from the issuer's
 * metadata (`jwt-discovery.ts`), read once, before the first key set fetch; `JWT_JWKS_URL`
 * overrides both lookups (then `JWT_ALGORITHMS`, default RS256,ES256, is taken as is).
 * Discovery shares the key set's single flight and floor, so an issuer that is down is asked at
 * most once per `JWT_JWKS_COOLDOWN_SECONDS` whatever the traffic.
 */
export function createTokenIssuer(config: JwtConfig, deps: { now: () => number }): TokenIssuer {
  let resolved: Resolved | undefined = config.jwksUrl
    ? { jwksUri: config.jwksUrl, algorithms: config.algorithms ?? [...DEFAULT_JWT_ALGORITHMS] }
    : undefined;
  const keys = createKeySet({
    locate: async () => (resolved ??= await discover(config)).jwksUri,
    floorMs: config.jwksCooldownSeconds * 1_000,
    now: deps.now,
  });
  return {
    getKey: keys.getKey,
    async algorithms() {
      if (!resolved) await keys.ensure();
      return resolved!.algorithms;
    },
    async check() {
      try {
        await keys.load();
        return undefined;
      } catch (error) {
        if (error instanceof IssuerMisconfigured) throw error;
        return error instanceof Error ? error : new Error(String(error));
      }
    },
    ready: () =>
      keys.ensure().then(
        () => true,
        () => false,
      ),
  };
}

async function discover(config: JwtConfig): Promise<Resolved> {
  const metadata = await discoverIssuer(config.issuer);
  return {
    jwksUri: metadata.jwksUri,
    algorithms: chooseAlgorithms(config.algorithms, metadata.algorithms),
  };
}

/**
 * `JWT_ALGORITHMS` narrowed to what the issuer advertises, or, unset, every advertised one the
 * gateway can verify. An empty choice is a configuration error: no token could ever pass.
 */
export function chooseAlgorithms(
  configured: JwtAlgorithm[] | undefined,
  advertised: string[] | undefined,
): JwtAlgorithm[] {
  if (!advertised) return configured ?? [...DEFAULT_JWT_ALGORITHMS];
  const candidates: readonly JwtAlgorithm[] = configured ?? JWT_ALGORITHMS;
  const chosen = candidates.filter((alg) => advertised.includes(alg));
  if (chosen.length > 0) return chosen;
  throw new IssuerMisconfigured(
    `JWT_ALGORITHMS: the issuer advertises ${advertised.join(', ') || 'no algorithm'}, none of ` +
      `${configured ? configured.join(', ') : 'those the gateway verifies'}`,
  );
}
