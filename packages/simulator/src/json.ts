/** A complete success body, already serialised (reference §1.5 envelope included). */
export class RawJson {
  constructor(readonly body: string) {}
}

/**
 * A whole HTTP answer that is not a JSON envelope: a file (`user/export`, §4.8) or a redirect
 * (`user/upload` with `redirect_target`, §1.5).
 */
export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string | Buffer = '',
  ) {}
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

const views = new Map<string, WeakMap<object, string>>();

/**
 * The JSON text of one view of a record (a shape case's published or older form, reference §7),
 * computed once per record and view, like `jsonOf`.
 */
export function viewJson<T extends object>(record: T, view: string, render: (r: T) => object) {
  let cache = views.get(view);
  if (cache === undefined) {
    cache = new WeakMap();
    views.set(view, cache);
  }
  let text = cache.get(record);
  if (text === undefined) {
    text = JSON.stringify(render(record));
    cache.set(record, text);
  }
  return text;
}

/** Reference §1.5: `{"success":true, ...payload}`. */
export function successBody(payload: Record<string, unknown> | RawJson): string {
  if (payload instanceof RawJson) return payload.body;
  return JSON.stringify({ success: true, ...payload });
}
