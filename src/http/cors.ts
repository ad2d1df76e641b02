import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for browser clients on an allow-list of exact origins (`CORS_ORIGINS`). Off when the list
 * is empty: no `Access-Control-*` header at all, and no `Vary: Origin`; on, every answer varies
 * by Origin. A disallowed origin gets no CORS headers (the
 * browser blocks it) and the request itself is handled as usual; preflights are answered 204
 * before authentication, as browsers send them without credentials.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  const policy = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'X-API-Key',
      'Content-Type',
      'X-Request-Id',
      'X-Subdealer-Id',
      'X-Panel-Account',
    ],
    exposedHeaders: [
      'X-Request-Id',
      'Retry-After',
      'WWW-Authenticate',
      'Content-Disposition',
      'RateLimit',
      'RateLimit-Policy',
    ],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  // The answer depends on Origin whatever it turns out to be: without `Vary: Origin` on the
  // answers with no CORS header too, a cache could serve one of them to an allowed origin.
  return (req, res, next) => {
    res.vary('Origin');
    policy(req, res, next);
  };
}
