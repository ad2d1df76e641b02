import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The client asks for an answer fetched now, not a cached one: `Cache-Control: no-cache` or
 * `max-age=0` (RFC 9111 §5.2.1), or the older `Pragma: no-cache` (§5.4).
 */
export function wantsFresh(req: Request): boolean {
  const { 'cache-control': cacheControl, pragma } = req.headers;
  // Most requests carry neither: every GET of the request path asks, cache on or off.
  if (cacheControl === undefined && pragma === undefined) return false;
  const directives = `${cacheControl ?? ''},${pragma ?? ''}`
    .toLowerCase()
    .split(',')
    .map((directive) => directive.trim().replace(/\s+/g, ''));
  return directives.some((d) => d === 'no-cache' || d === 'max-age=0' || d === 'no-store');
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored; `*` matches. */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Writes a JSON answer a client may revalidate: an `ETag` of its exact bytes, `Age` (seconds
 * since the oldest Panel answer it holds was fetched, RFC 9111 §5.1), and 304 Not Modified
 * without a body when `If-None-Match` names that ETag. `private, no-cache`: the client may
 * keep it but asks again each time; no shared cache may keep it.
 */
export function sendRevalidatable(req: Request, res: Response, body: unknown, ageMs: number): void {
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Age', String(Math.floor(Math.max(0, ageMs) / 1000)));
  res.setHeader('Cache-Control', 'private, no-cache');
  if (matches(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(json);
}
