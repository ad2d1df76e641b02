import { z } from 'zod';
import { PANEL_ACTIONS } from '../panel/actions.js';
import { isRate, RATE_SYNTAX } from './rate-syntax.js';
import { accountList } from './account-refs.js';
import { createScopeCatalog, type ScopeCatalog } from './scope-catalog.js';

const scopePattern = /^[a-z_]+:([a-z_]+|\*)$/;

/** Every scope that means something: the action catalog's permissions, their `category:*`, `gateway:admin`. */
export const KNOWN_SCOPES: ScopeCatalog = createScopeCatalog(
  Object.values(PANEL_ACTIONS).flatMap((action) => action.permissions),
);

/** A scope an operator or administrator writes: well-formed and known, or refused. */
const scope = z.string().superRefine((value, ctx) => {
  if (!scopePattern.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be written category:operation' });
  } else if (!KNOWN_SCOPES.knows(value)) {
    ctx.addIssue({ code: 'custom', message: KNOWN_SCOPES.unknownMessage(value) });
  }
});

/** One entry of `API_KEYS_FILE`: the key itself is never stored, only its SHA-256 (hex). */
export const apiKeyEntrySchema = z.strictObject({
  name: z.string().min(1).max(100),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the key (64 characters)'),
  scopes: z.array(scope).min(1),
  /** The Panel accounts the key may use (`*`: all); absent: the default account only. */
  accounts: accountList.optional(),
  /** The key's own client rate limit (`600/60s`, `off`); unset: the rules, then the default. */
  rateLimit: z.string().refine(isRate, RATE_SYNTAX).optional(),
});
export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;
