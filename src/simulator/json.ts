/** A complete success body, already serialised (reference §1.5 envelope included). */
export class RawJson {
  constructor(readonly body: string) {}
}

const serialised = new WeakMap<object, string>();

/**
 * The JSON text of a record, computed once. Records are replaced, never changed in place, when
 * an action updates them, so a cached text never goes stale.
 */
export function jsonOf(record: object): string {
  let text = serialised.get(record);
  if (text === undefined) {
    text = JSON.stringify(record);
    serialised.set(record, text);
  }
  return text;
}

/** Reference §1.5: `{"success":true, ...payload}`. */
export function successBody(payload: Record<string, unknown> | RawJson): string {
  if (payload instanceof RawJson) return payload.body;
  return JSON.stringify({ success: true, ...payload });
}
