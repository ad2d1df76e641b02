import type { IncomingMessage } from 'node:http';
import type { Params } from './params.js';
import type { CallRecord } from './types.js';

/** The log keeps the most recent calls only, so a long benchmark does not exhaust memory. */
const LOG_CAPACITY = 100_000;

/** Parameters never written to the log: the session hash and every password. */
function isSecret(name: string): boolean {
  return name === 'hash' || name.endsWith('password');
}

function receivedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    headers[name] = name === 'authorization' ? '[redacted]' : (value ?? []).join(', ');
  }
  return headers;
}

/** Counts and logs every call that reaches `/v2/panel`. */
export class CallRecorder {
  private total = 0;
  private readonly perAction = new Map<string, number>();
  private readonly ring: CallRecord[] = [];
  private next = 0;

  record(action: string, params: Params, req: IncomingMessage): void {
    this.total += 1;
    this.perAction.set(action, (this.perAction.get(action) ?? 0) + 1);
    const safe = Object.fromEntries(Object.entries(params).filter(([name]) => !isSecret(name)));
    const entry: CallRecord = {
      action,
      params: safe,
      target: req.url ?? '',
      headers: receivedHeaders(req),
      at: Date.now(),
    };
    if (this.ring.length < LOG_CAPACITY) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % LOG_CAPACITY;
  }

  calls(action?: string): number {
    return action === undefined ? this.total : (this.perAction.get(action) ?? 0);
  }

  byAction(): Record<string, number> {
    return Object.fromEntries(this.perAction);
  }

  /** Oldest first. */
  log(): readonly CallRecord[] {
    if (this.ring.length < LOG_CAPACITY) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  reset(): void {
    this.total = 0;
    this.perAction.clear();
    this.ring.length = 0;
    this.next = 0;
  }
}
