import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import type { RedisNode } from './redis-settings.js';

/** What the watch needs to know: where the Sentinels are and which primary matters. */
export interface SentinelWatchOptions {
  sentinels: RedisNode[];
  masterName: string;
  sentinelPassword?: string;
  tls?: ConnectionOptions;
  onError: (error: Error) => void;
}

/** Clients following the primary a set of Sentinels names. */
export interface SentinelWatch {
  /** Moves `client` to the new primary on every failover, until the client ends. */
  follow(client: Redis): void;
}

/**
 * Listens to every Sentinel's `+switch-master` and makes each followed client that is connected
 * reconnect, which asks the Sentinels for the new primary: a failover is followed within
 * milliseconds, even when the old primary is still up and accepting writes (a forced failover,
 * a partition). ioredis's own `failoverDetector` does this too, but its announcement also aborts
 * a reconnection already under way, which leaves the client closed for good (after a crash the
 * announcement always comes during the reconnection); a client that is not connected is left
 * alone here: its reconnection asks the Sentinels anyway.
 */
export function watchSentinels(options: SentinelWatchOptions): SentinelWatch {
  const followed = new Set<Redis>();
  let listeners: Redis[] = [];

  function listen(): void {
    listeners = options.sentinels.map((sentinel) => {
      const listener = new Redis({
        host: sentinel.host,
        port: sentinel.port,
        ...(options.sentinelPassword === undefined ? {} : { password: options.sentinelPassword }),
        ...(options.tls === undefined ? {} : { tls: options.tls }),
        connectTimeout: 2_000,
        retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
        // The SUBSCRIBE waits for a Sentinel that is down at start, however long it takes.
        maxRetriesPerRequest: null,
        connectionName: 'npg-sentinel-watch',
      });
      listener.on('error', options.onError);
      // ioredis subscribes again by itself after a reconnection.
      listener.subscribe('+switch-master').catch(options.onError);
      listener.on('message', (_channel: string, message: string) => {
        // `<master name> <old ip> <old port> <new ip> <new port>`
        if (message.split(' ')[0] !== options.masterName) return;
        for (const client of followed) if (client.status === 'ready') client.disconnect(true);
      });
      return listener;
    });
  }

  return {
    follow(client) {
      if (followed.size === 0) listen();
      followed.add(client);
      client.once('end', () => {
        followed.delete(client);
        if (followed.size > 0) return;
        for (const listener of listeners) listener.disconnect();
        listeners = [];
      });
    },
  };
}
