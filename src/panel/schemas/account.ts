import { z } from 'zod';
import { done, io, noParams } from './fields.js';

/**
 * PanelPermissions: category → operations (reference §3.1). Read as any map: a category whose
 * value is not a list of operations (one Navixy may add) is no reason to refuse the answer.
 */
const permissions = z.record(z.string(), z.unknown());

/** Reference §4.3. */
export const accountAuth = io(
  z.object({ login: z.string().min(1), password: z.string().min(1) }),
  z.looseObject({ hash: z.string().min(1), permissions: permissions.optional() }),
);
/** [SPEC]: "a category can be absent rather than empty": no map at all grants nothing. */
export const accountGetPermissions = io(
  noParams,
  z.looseObject({ permissions: permissions.nullish() }),
);
export const accountLogout = io(noParams, done);
