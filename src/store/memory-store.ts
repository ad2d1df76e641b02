import { createRateCounters } from './rate-counter.js';
import { createSlidingWindow } from './sliding-window.js';
import { generationOf, type Store } from './store.js';

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
  const hashes = new Map<string, Map<string, string>>();
  const sets = new Map<string, Set<string>>();
  const windows = createSlidingWindow(now);
  const rateCounters = createRateCounters(now);

  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  let sinceSweep = 0;
  const write = (key: string, value: string, ttlMs: number) => {
    sweep();
    entries.set(key, { value, expiresAt: now() + Math.max(1, ttlMs) });
  };
  /**
   * Drops expired entries that nobody reads again (keys named after client input, such as a
   * sub-dealer remembered as unknown), amortized over as many writes as there are entries.
   */
  function sweep(): void {
    sinceSweep += 1;
    if (sinceSweep < Math.max(1_000, entries.size)) return;
    sinceSweep = 0;
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }

  return {
    kind: 'memory',
    get: (key) => Promise.resolve(read(key)),
    getMany: (keys) => Promise.resolve(keys.map(read)),
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
      hashes.clear();
      sets.clear();
      return Promise.resolve();
    },
    extendIfEquals(key, expected, ttlMs) {
      if (read(key) !== expected) return Promise.resolve(false);
      write(key, expected, ttlMs);
      return Promise.resolve(true);
    },
    remainingMs(key) {
      const entry = read(key) === null ? undefined : entries.get(key);
      return Promise.resolve(entry ? Math.max(0, entry.expiresAt - now()) : 0);
    },
    increment(key, ttlMs) {
      const next = Number(read(key) ?? 0) + 1;
      write(key, String(next), ttlMs);
      return Promise.resolve(next);
    },
    setIfNewer(key, value, ttlMs) {
      const current = read(key);
      if (current !== null && generationOf(current) >= generationOf(value)) {
        return Promise.resolve(false);
      }
      write(key, value, ttlMs);
      return Promise.resolve(true);
    },
    hashSet(key, fields) {
      const hash = hashes.get(key) ?? new Map<string, string>();
      for (const [field, value] of Object.entries(fields)) hash.set(field, value);
      hashes.set(key, hash);
      return Promise.resolve();
    },
    hashGetAll: (key) => Promise.resolve(Object.fromEntries(hashes.get(key) ?? [])),
    setAdd(key, member) {
      sets.set(key, (sets.get(key) ?? new Set<string>()).add(member));
      return Promise.resolve();
    },
    setMembers: (key) => Promise.resolve([...(sets.get(key) ?? [])]),
    acquireRate: (key, slot, rule) => Promise.resolve(windows.acquire(key, slot, rule)),
    releaseRate(key, slot) {
      windows.release(key, slot);
      return Promise.resolve();
    },
    takeRate: (key, quota, request) => Promise.resolve(rateCounters.take(key, quota, request)),
  };
}
