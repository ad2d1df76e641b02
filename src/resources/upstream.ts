import type { z } from 'zod';
import { UpstreamBadResponseError } from '../panel/errors.js';

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
