import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { errorOf } from './problem.js';
import { retryingFetch, type RetryOptions } from './retry.js';
import type { paths } from './schema.js';

/** How the client authenticates: a gateway API key, or an access token of the JWT issuer. */
export type GatewayCredentials =
  { apiKey: string; token?: never } | { token: string; apiKey?: never };

export type GatewayClientOptions = GatewayCredentials & {
  /** The gateway's origin, e.g. `https://gateway.example.com`. */
  baseUrl: string;
  /** Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** `Retry-After` on 429 and 503, for idempotent methods; see {@link RetryOptions}. */
  retries?: RetryOptions;
  /** Waits between attempts (default: a timer); tests pass one that waits for nothing. */
  sleep?: (ms: number) => Promise<void>;
};

/** The openapi-fetch client of the gateway's paths: `GET`, `POST`, `PATCH`, … typed by path. */
export type GatewayClient = Client<paths>;

/**
 * A typed client of the gateway: openapi-fetch over the types generated from openapi.yaml, with
 * what they lack for this API. Every answer that is not a success rejects with a
 * {@link GatewayProblem} (its `code` typed by the schema) or, when the body is not a problem, a
 * `GatewayHttpError`; so a resolved call always has `data`. 429 and 503 answers with
 * `Retry-After` are waited out and sent again for idempotent methods (GET, HEAD, PUT, DELETE).
 */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: retryingFetch(options.retries ?? {}, {
      fetch: send,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: Date.now,
    }),
    headers:
      options.apiKey !== undefined
        ? { 'X-API-Key': options.apiKey }
        : { Authorization: `Bearer ${options.token}` },
  });
  client.use(throwProblems);
  return client;
}

const throwProblems: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await errorOf(response);
    return undefined;
  },
};

/**
 * The data of a call, typed without `undefined` (errors reject, see
 * {@link createGatewayClient}): `const user = await ok(client.GET('/v1/users/{id}', …))`.
 */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
