/**
 * The problem answers operations share, as `components.responses`: most operations answer the
 * same 401, 403, 429, 502, 503 and 504 in the same words, and spelling each out in every
 * operation made most of the document's size.
 */

export type ProblemResponse = {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content: { 'application/problem+json': { schema: { $ref: string } } };
};

/** What each answered status means to a client: the component name of its common answer. */
export const PROBLEM_RESPONSE_NAMES: Readonly<Record<string, string>> = {
  400: 'InvalidRequest',
  401: 'Unauthenticated',
  402: 'FeatureUnavailable',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'Unavailable',
  504: 'GatewayTimeout',
  default: 'OtherFailure',
};

export interface SharedResponses {
  /** `components.responses` as the document gets it. */
  readonly components: Readonly<Record<string, ProblemResponse>>;
  /**
   * A `$ref` to `response` as a component. The same answer always gets the same component; a
   * different answer under a name already taken gets `fallback` (which must then be free).
   */
  ref(response: ProblemResponse, name: string, fallback: string): { $ref: string };
}

export function createSharedResponses(): SharedResponses {
  const components: Record<string, ProblemResponse> = {};
  const byContent = new Map<string, string>();
  const register = (name: string, response: ProblemResponse, content: string) => {
    if (name in components) throw new Error(`two different problem answers named ${name}`);
    components[name] = response;
    byContent.set(content, name);
    return { $ref: `#/components/responses/${name}` };
  };
  return {
    components,
    ref(response, name, fallback) {
      const content = JSON.stringify(response);
      const known = byContent.get(content);
      if (known) return { $ref: `#/components/responses/${known}` };
      return register(name in components ? fallback : name, response, content);
    },
  };
}
