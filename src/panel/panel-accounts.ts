import type { PanelSessions } from './panel-sessions.js';

/**
 * Every Panel account the gateway acts as, by the id clients name in `X-Panel-Account`: each
 * with its own sessions (its sub-dealers' included), breaker, rate limit and record locks.
 */
export interface PanelAccounts {
  /** Every account id, the default first. */
  readonly ids: readonly string[];
  readonly defaultId: string;
  /** The sessions of account `id`; throws for an id not in `ids` (callers check first). */
  sessions(id: string): PanelSessions;
}

/** `entries` in configuration order: the first is the default account. */
export function createPanelAccounts(
  entries: readonly (readonly [string, PanelSessions])[],
): PanelAccounts {
  const byId = new Map(entries);
  const [first] = entries;
  if (!first || byId.size !== entries.length) {
    throw new Error('Panel accounts must be at least one, with unique ids');
  }
  return {
    ids: entries.map(([id]) => id),
    defaultId: first[0],
    sessions(id) {
      const sessions = byId.get(id);
      if (!sessions) throw new Error(`no Panel account "${id}"`);
      return sessions;
    },
  };
}
