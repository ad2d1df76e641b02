import { z } from 'zod';
import { done, io, noParams } from './fields.js';

/** PanelPermissions: category → operations (reference §3.1). */
const permissions = z.record(z.string(), z.array(z.string()));

/** Reference §4.3. */
export const accountAuth = io(
  z.object({ login: z.string().min(1), password: z.string().min(1) }),
  z.looseObject({ hash: z.string().min(1), permissions: permissions.optional() }),
);
export const accountGetPermissions = io(noParams, z.looseObject({ permissions }));
export const accountLogout = io(noParams, done);
