import { coalescedSession } from './coalesce.js';
import type { Dealer, PanelSession } from './session-manager.js';

/**
 * The dealer's Panel session and, on demand, its sub-dealers' (`X-Subdealer-Id`), each sharing
 * identical concurrent reads (see {@link coalescedSession}).
 */
export interface PanelSessions {
  readonly main: PanelSession;
  /**
   * The session of sub-dealer `id`, which the gateway obtains with `subpaas/session/create`
   * through the dealer's own session and then caches, shares and renews like any account's
   * (re-login on error 4 included). The sub-dealer's hash never reaches a client.
   */
  subdealer(id: number): PanelSession;
}

export interface PanelSessionsOptions {
  main: PanelSession;
  create: (dealer: Dealer) => PanelSession;
  /** Sub-dealer session managers kept in memory; the least recently used goes beyond it. */
  maxSubdealers?: number;
  /** Wraps each session once coalesced (the read cache), outermost. */
  decorate?: (session: PanelSession) => PanelSession;
}

export function createPanelSessions(options: PanelSessionsOptions): PanelSessions {
  const { create, maxSubdealers = 1_000, decorate = (session) => session } = options;
  const main = decorate(coalescedSession(options.main));
  const subdealers = new Map<number, PanelSession>();

  return {
    main,
    subdealer(id) {
      let session = subdealers.get(id);
      if (session) {
        // Most recently used last: the Map's order is the eviction order.
        subdealers.delete(id);
        subdealers.set(id, session);
      } else {
        session = decorate(
          coalescedSession(
            create({
              id: `${main.dealerId}/subpaas:${id}`,
              // The dealer's call, under the sub-dealer login's span when it has one.
              authenticate: (_client, { span }) =>
                main.call(
                  'subpaas/session/create',
                  { subpaas_id: id },
                  span && { arrivedAt: Date.now(), calls: [], span },
                ),
            }),
          ),
        );
        subdealers.set(id, session);
        // Ids come from clients: a bound keeps made-up ones from growing the map without end.
        if (subdealers.size > maxSubdealers) {
          const leastRecent = subdealers.keys().next().value;
          if (leastRecent !== undefined) subdealers.delete(leastRecent);
        }
      }
      return session;
    },
  };
}
