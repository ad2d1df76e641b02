import { PANEL_ACTIONS, type PanelAction } from './actions.js';
import type { PanelPayload } from './client.js';
import { PanelError } from './errors.js';
import type { UpstreamCall, UpstreamTrace } from '../observability/upstream-trace.js';
import type { PanelSession } from './session-manager.js';

/** A trace entry of a call that joined another request's identical call in flight. */
export type CoalescedCall = UpstreamCall & { coalesced: true };

const ACTIONS: Readonly<Record<string, PanelAction | undefined>> = PANEL_ACTIONS;

/**
 * An account's {@link PanelSession} on which identical concurrent reads (same action, same
 * parameters) share one upstream call: a burst of clients asking for the same record costs
 * Navixy one request. Only calls in flight are shared, nothing is kept after the answer, and a
 * read never joins one older than what its caller must see:
 * - a write (or upload) starting or ending on the session ends sharing with every read in
 *   flight, so a read made after a write never gets an answer read before it;
 * - a read the client asked fresh (`Cache-Control: no-cache`) and a write's own reads (the read
 *   of a read-merge-write; `cacheMode: 'refresh'`) make a call of their own, which later reads
 *   may join.
 * Writes, downloads and uploads always go through on their own. The key never holds the session
 * hash: the session adds it later.
 */
export function coalescedSession(session: PanelSession): PanelSession {
  const inflight = new Map<string, { answer: Promise<PanelPayload>; joined: boolean }>();

  async function join(
    action: string,
    shared: Promise<PanelPayload>,
    trace: UpstreamTrace | undefined,
  ): Promise<PanelPayload> {
    const started = performance.now();
    const entry = (navixyCode?: number): CoalescedCall => ({
      action,
      ...(navixyCode === undefined ? {} : { navixyCode }),
      ms: performance.now() - started,
      coalesced: true,
    });
    try {
      const payload = await shared;
      trace?.calls.push(entry());
      return structuredClone(payload);
    } catch (error) {
      trace?.calls.push(entry(error instanceof PanelError ? error.navixyCode : undefined));
      throw error;
    }
  }

  /** A write in progress or just done: what is in flight may predate it. */
  function afterWrite<T>(write: Promise<T>): Promise<T> {
    inflight.clear();
    return write.finally(() => inflight.clear());
  }

  return {
    dealerId: session.dealerId,
    call(action, params = {}, trace) {
      if (ACTIONS[action]?.mutates !== false)
        return afterWrite(session.call(action, params, trace));
      const key = `${action} ${canonicalJson(params)}`;
      const shared = trace?.cacheMode === 'refresh' ? undefined : inflight.get(key);
      if (shared) {
        shared.joined = true;
        return join(action, shared.answer, trace);
      }
      const entry = {
        answer: session.call(action, params, trace).finally(() => {
          if (inflight.get(key) === entry) inflight.delete(key);
        }),
        joined: false,
      };
      inflight.set(key, entry);
      // Each caller gets its own copy when several share one: mapping code may reshape it.
      return entry.answer.then((payload) => (entry.joined ? structuredClone(payload) : payload));
    },
    download: (action, params, trace) => session.download(action, params, trace),
    upload: (action, fields, file, trace) =>
      afterWrite(session.upload(action, fields, file, trace)),
    ensureSession: () => session.ensureSession(),
  };
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` share a key. */
export function canonicalJson(value: unknown): string {
  if (isEmptyObject(value)) return '{}';
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}

/** A plain object without keys: most reads' parameters, keyed without the replacer's walk. */
function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return Object.getPrototypeOf(value) === Object.prototype;
}
