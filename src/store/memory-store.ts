import { createSlidingWindow } from './sliding-window.js';
import type { Store } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * A {@link Store} in process memory, for the demo and single-instance deployments. It shares
 * nothing between processes, which is why `main.ts` warns when it is used.
 */
export function createMemoryStore(now: () => number = Date.now): Store {
  const entries = new Map<string, Entry>();
  const channels = new Map<string, Set<(message: string) => void>>();
  const windows = createSlidingWindow(now);

  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  const write = (key: string, value: string, ttlMs: number) => {
    entries.set(key, { value, expiresAt: now() + Math.max(1, ttlMs) });
  };

  return {
    kind: 'memory',
    get: (key) => Promise.resolve(read(key)),
    set(key, value, ttlMs) {
      write(key, value, ttlMs);
      return Promise.resolve();
    },
    setIfAbsent(key, value, ttlMs) {
      if (read(key) !== null) return Promise.resolve(false);
      write(key, value, ttlMs);
      return Promise.resolve(true);
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    deleteIfEquals(key, expected) {
      if (read(key) !== expected) return Promise.resolve(false);
      entries.delete(key);
      return Promise.resolve(true);
    },
    publish(channel, message) {
      for (const listener of [...(channels.get(channel) ?? [])]) {
        queueMicrotask(() => listener(message));
      }
      return Promise.resolve();
    },
    subscribe(channel, onMessage) {
      const listeners = channels.get(channel) ?? new Set();
      channels.set(channel, listeners);
      const listener = (message: string) => onMessage(message);
      listeners.add(listener);
      return Promise.resolve(() => {
        listeners.delete(listener);
        return Promise.resolve();
      });
    },
    ping: () => Promise.resolve(),
    close() {
      entries.clear();
      channels.clear();
      return Promise.resolve();
    },
    acquireRate: (key, slot, rule) => Promise.resolve(windows.acquire(key, slot, rule)),
    releaseRate(key, slot) {
      windows.release(key, slot);
      return Promise.resolve();
    },
  };
}
