import type { Request, RequestHandler, Response } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import { contextOf, finalStatus } from '../http/context.js';

/** Methods that change state; every call of one to a `/v1` or `/admin` route is audited. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The audit stream: one JSON line per state-changing call, apart from the request log, with
 * `"log":"audit"` so a collector can route it. Records are built from a fixed list of fields —
 * who, which Panel account, which actions on which ids, and the outcome — never a body, header,
 * key, token or hash.
 */
/**
 * `destination`: a stream, or `stdout`, `stderr` or a file path (appended to; its directory must
 * exist, `main.ts` checks at start). A later write failure (a full disk) goes to `onError`
 * instead of ending the process.
 */
export function createAuditLogger(
  destination: DestinationStream | string,
  onError?: (error: Error) => void,
) {
  let stream: DestinationStream;
  if (typeof destination === 'string') {
    const file = pino.destination({
      dest: destination === 'stdout' ? 1 : destination === 'stderr' ? 2 : destination,
      sync: false,
    });
    if (onError) file.on('error', onError);
    stream = file;
  } else {
    stream = destination;
  }
  return pino({ base: { log: 'audit' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

/** Writes the audit record of each state-changing call when its answer is finished (or cut). */
export function auditTrail(audit: Logger): RequestHandler {
  return (req, res, next) => {
    if (WRITES.has(req.method)) res.once('close', () => record(audit, req, res));
    next();
  };
}

function record(audit: Logger, req: Request, res: Response): void {
  const ctx = contextOf(res);
  if (!ctx.route || !/^\/(v1|admin)\//.test(ctx.route)) return; // not a resource: nothing done
  audit.info(
    {
      requestId: ctx.requestId,
      // The identity (`file:…`, `managed:…`, `jwt:…`), then the name its holder goes by.
      principal: ctx.principal?.id ?? null,
      principalName: ctx.principal?.name ?? null,
      account: ctx.account ?? null,
      panelAccount: ctx.panelAccount ?? null,
      method: req.method,
      route: ctx.route,
      targets: ctx.targets ?? {},
      actions: ctx.upstream.calls.map((call) => call.action),
      outcome: {
        status: finalStatus(res),
        code: ctx.errorCode ?? null,
        completed: res.writableFinished,
      },
    },
    'audit',
  );
}
