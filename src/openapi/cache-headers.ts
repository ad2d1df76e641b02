import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteSpec } from '../routing/route-spec.js';

/**
 * What the read cache adds to the GET operations that call Navixy and answer JSON (docs/cache.md):
 * the request headers that steer it, `ETag` and `Age` on the answer, and 304. (Its
 * `Cache-Control` on the answer is said once, in the document's description.)
 */
const revalidatable = (route: RouteSpec) =>
  route.method === 'get' && route.actions.length > 0 && !route.response.contentTypes;

export const cacheRequestHeaders = {
  'Cache-Control': z
    .string()
    .optional()
    .meta({
      description:
        '`no-cache` (or `max-age=0`): read from the Panel API now rather than from the read cache; ' +
        'the answer refreshes the cache (docs/cache.md).',
    }),
  'If-None-Match': z
    .string()
    .optional()
    .meta({
      description:
        'ETags of answers the client holds: 304 Not Modified when the current answer has one of ' +
        'them, without a Panel call when the cached answer is current.',
    }),
};

/** `components.headers` of the cache's answers: every revalidatable GET names them by `$ref`. */
export const CACHE_HEADER_COMPONENTS = {
  ETag: {
    description: 'A validator of the exact JSON answered, for If-None-Match (read cache on).',
    schema: { type: 'string' as const },
  },
  Age: {
    description:
      'Seconds since the oldest Panel answer in this response was fetched from the Panel API (0: now).',
    schema: { type: 'integer' as const, minimum: 0 },
  },
};

const ref = (name: keyof typeof CACHE_HEADER_COMPONENTS) => ({
  $ref: `#/components/headers/${name}`,
});

/** `components.responses.NotModified`: the 304 of every revalidatable GET. */
export const NOT_MODIFIED = {
  description: 'Not Modified: the answer has an ETag the client sent in If-None-Match.',
  headers: { ETag: ref('ETag'), Age: ref('Age') },
};

/** The request headers of `route`, with the cache's own where they apply. */
export function withCacheRequestHeaders<S extends z.ZodObject>(route: RouteSpec, headers: S) {
  return revalidatable(route) ? headers.extend(cacheRequestHeaders) : headers;
}

/** The success answers of `route`, with the cache's headers and 304 where they apply. */
export function withCacheResponses(
  route: RouteSpec,
  responses: Record<number, ResponseConfig>,
): Record<number, ResponseConfig | { $ref: string }> {
  if (!revalidatable(route)) return responses;
  const ok = responses[200];
  if (!ok) return responses;
  return {
    ...responses,
    200: {
      ...ok,
      headers: {
        ...(ok.headers as object),
        ETag: ref('ETag'),
        Age: ref('Age'),
      },
    },
    304: { $ref: '#/components/responses/NotModified' },
  };
}
