import type { Response } from 'express';

/**
 * Writes a JSON answer. Node sets Content-Length when the whole body is given to `end`, and
 * omits the body for HEAD; Express's `send` adds nothing an API needs (no ETags here) and costs
 * a measurable share of the hot path.
 */
export function sendJson(
  res: Response,
  body: unknown,
  status = 200,
  contentType = 'application/json',
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  res.end(JSON.stringify(body));
}
