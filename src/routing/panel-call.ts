import { parseAnswer } from '../panel/answers.js';
import type { PanelSession } from '../panel/session-manager.js';
import type { RequestContext } from '../http/context.js';
import type { JsonActionName, PanelCall } from './route-spec.js';

/**
 * The route-facing `panel`: every answer is parsed here, once, with the catalog's response
 * schema. Params go out as the route wrote them: their schemas are checked by the compiler
 * (and against the simulator by the tests), not on every call.
 */
export function bindPanel(session: PanelSession, ctx: RequestContext): PanelCall {
  const call = (async (action: JsonActionName, params?: Record<string, unknown>) =>
    parseAnswer(action, await session.call(action, params, ctx.upstream))) as PanelCall;
  call.withRaw = (async (action: JsonActionName, params?: Record<string, unknown>) => {
    const raw = await session.call(action, params, ctx.upstream);
    return { answer: parseAnswer(action, raw), raw };
  }) as PanelCall['withRaw'];
  call.download = (action, params) =>
    session.download(action, params as Record<string, unknown>, ctx.upstream);
  call.upload = async (action, fields, file) =>
    parseAnswer(action, await session.upload(action, fields, file, ctx.upstream));
  return call;
}

/** The `panel` of a route that declares no Panel action: calling it is a bug of that route. */
export const NO_PANEL: PanelCall = Object.assign(
  () => Promise.reject(new Error('this route declares no Panel action')),
  {
    withRaw: () => Promise.reject(new Error('this route declares no Panel action')),
    download: () => Promise.reject(new Error('this route declares no Panel action')),
    upload: () => Promise.reject(new Error('this route declares no Panel action')),
  },
) as PanelCall;
