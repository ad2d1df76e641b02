import { z } from 'zod';

/** How `X-Panel-Account`, the `accounts` of keys and the JWT claim name a Panel account. */
export const PANEL_ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** In a principal's accounts: every configured account. */
export const ALL_ACCOUNTS = '*';
/** The accounts a credential may use: ids, or `*` for all. */
export const accountList = z
  .array(
    z.string().refine((ref) => ref === ALL_ACCOUNTS || PANEL_ACCOUNT_ID.test(ref), {
      message: `each must be an account id or ${ALL_ACCOUNTS}`,
    }),
  )
  .min(1)
  .max(100);
