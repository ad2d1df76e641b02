import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { GatewayError } from '../problems/gateway-error.js';

/**
 * Headers a request must carry at most once. Node keeps the first of two `Host` or
 * `Authorization` headers and joins two `X-API-Key` values: a proxy in front may have acted on
 * the other one, so a request that carries two is refused rather than read one way or the
 * other (RFC 9110 §5.3: these fields are not lists).
 */
const SINGLE_HEADERS: Readonly<Record<string, string>> = {
  host: 'Host',
  authorization: 'Authorization',
  'x-api-key': 'X-API-Key',
};

/**
 * Throws 400 when the request is ambiguous: a header of {@link SINGLE_HEADERS} twice (read from
 * `rawHeaders`, since Node merges or drops duplicates), or credentials in both `Authorization`
 * and `X-API-Key` that are not the same (which would the gateway believe?).
 */
export function assertUnambiguous(req: IncomingMessage): void {
  const seen = new Map<string, number>();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (SINGLE_HEADERS[name] === undefined) continue;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) {
      throw new GatewayError('DUPLICATE_HEADER', {
        detail: `The ${SINGLE_HEADERS[name]} header appears more than once; send it once.`,
      });
    }
  }
  const { authorization } = req.headers;
  const apiKey = req.headers['x-api-key'];
  if (authorization === undefined || typeof apiKey !== 'string') return;
  const bearer = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization)?.[1];
  if (bearer !== apiKey.trim()) {
    throw new GatewayError('CONFLICTING_CREDENTIALS', {
      detail:
        'Authorization and X-API-Key carry different credentials; send one of them, or the same ' +
        'key in both.',
    });
  }
}

/**
 * {@link assertUnambiguous} for the requests outside the `/v1` and `/admin` pipelines. Those
 * are checked inside it, once their route is known, so the refusal is in their audit record.
 */
export function screenRequests(): RequestHandler {
  return (req, _res, next) => {
    if (!/^\/(v1|admin)\//.test(req.path)) assertUnambiguous(req);
    next();
  };
}
