import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../observability/logger.js';
import { contextOf, finalStatus } from './context.js';

/** Methods that change state; every call of one to a `/v1` or `/admin` route is audited. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
      // Named `panelAccount` in the records since they began: the dealer the request acted as.
      panelAccount: ctx.dealer ?? null,
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
