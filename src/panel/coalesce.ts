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
 * Navixy one request. Only calls in flight are shared, nothing is kept after the answer, so no
 * one sees older data than they would have alone. Writes, downloads and uploads always go
 * through on their own. The key never holds the session hash: the session adds it later.
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

  return {
    dealerId: session.dealerId,
    call(action, params = {}, trace) {
      if (ACTIONS[action]?.mutates !== false) return session.call(action, params, trace);
      const key = `${action} ${canonicalJson(params)}`;
      const shared = inflight.get(key);
      if (shared) {
        shared.joined = true;
        return join(action, shared.answer, trace);
      }
      const entry = {
        answer: session.call(action, params, trace).finally(() => inflight.delete(key)),
        joined: false,
      };
      inflight.set(key, entry);
      // Each caller gets its own copy when several share one: mapping code may reshape it.
      return entry.answer.then((payload) => (entry.joined ? structuredClone(payload) : payload));
    },
    download: (action, params, trace) => session.download(action, params, trace),
    upload: (action, fields, file, trace) => session.upload(action, fields, file, trace),
    ensureSession: () => session.ensureSession(),
  };
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` share a key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}
