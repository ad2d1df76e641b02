import type { z } from 'zod';
import { PANEL_ACTIONS, type PanelActionName, type PanelResponse } from './actions.js';
import { UpstreamBadResponseError } from './errors.js';

/**
 * Validates a Panel answer where it enters the gateway. A shape Navixy did not document is an
 * upstream fault (502), never a crash while mapping it.
 */
export function parseUpstream<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  action: string,
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'unexpected shape';
  throw new UpstreamBadResponseError(action, 200, `unexpected answer (${where})`);
}

/** An answer of `action` parsed with the catalog's response schema for it. */
export function parseAnswer<N extends PanelActionName>(
  action: N,
  payload: unknown,
): PanelResponse<N> {
  // The catalog pairs each name with its schema; the map's value type cannot say which.
  return parseUpstream(PANEL_ACTIONS[action].response, payload, action) as PanelResponse<N>;
}
