import { errorSummary, type Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

/** How a login ended, as announced to the instances waiting for it. */
export type LoginOutcome = 'stored' | 'refused' | 'failed';

/**
 * The announcements of the logins of one configured Panel account and of its sub-dealers, on
 * one store channel: one subscription per configured account however many sub-dealers clients
 * name, and in this process only the callers waiting at the moment are held.
 */
export interface LoginEvents {
  /** Subscribes once (again on the next call after a failure); false when the store cannot. */
  ready(): Promise<boolean>;
  /** Tells every instance that the login of `dealerId` ended. */
  announce(dealerId: string, outcome: LoginOutcome): Promise<void>;
  /** Calls `wake` on the next announcement about `dealerId`; returns what cancels it. */
  onNext(dealerId: string, wake: () => void): () => void;
}

export interface LoginEventsOptions {
  store: Store;
  logger: Logger;
  /** The store channel, without the store prefix. */
  channel: string;
}

export function createLoginEvents(options: LoginEventsOptions): LoginEvents {
  const { store, logger, channel } = options;
  const waiting = new Map<string, Set<() => void>>();
  let subscribed: Promise<boolean> | undefined;

  /** `<outcome> <account>`; a bare outcome (an older instance) wakes everyone. */
  function deliver(message: string): void {
    const space = message.indexOf(' ');
    const targets =
      space < 0 ? [...waiting.values()] : [waiting.get(message.slice(space + 1)) ?? new Set()];
    for (const wakers of targets) for (const wake of [...wakers]) wake();
  }

  return {
    ready() {
      subscribed ??= store.subscribe(channel, deliver).then(
        () => true,
        (error: unknown) => {
          subscribed = undefined; // try again on the next wait
          logger.warn(
            { err: errorSummary(error), op: 'subscribe', channel },
            'session store unavailable',
          );
          return false;
        },
      );
      return subscribed;
    },
    announce: (dealerId, outcome) => store.publish(channel, `${outcome} ${dealerId}`),
    onNext(dealerId, wake) {
      const wakers = waiting.get(dealerId) ?? new Set();
      waiting.set(dealerId, wakers);
      wakers.add(wake);
      return () => {
        wakers.delete(wake);
        if (wakers.size === 0 && waiting.get(dealerId) === wakers) waiting.delete(dealerId);
      };
    },
  };
}
