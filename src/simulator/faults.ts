import { errorInfo } from './errors.js';

/** What an injected fault does to one call. */
export type Fault =
  | { readonly kind: 'fail'; readonly code: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'garbage' };

interface FaultRule {
  readonly fault: Fault;
  readonly action: string | undefined;
  remaining: number;
}

/** Queued faults and latency. Rules apply in the order they were added. */
export class FaultPlan {
  private rules: FaultRule[] = [];
  private latencyAll = 0;
  private readonly latencyPerAction = new Map<string, number>();

  /** Queue `fault` for the next `count` calls (of `action`, or any). */
  add(fault: Fault, count: number, action?: string): void {
    assertCount(count, 'count');
    if (fault.kind === 'fail' && errorInfo(fault.code) === undefined) {
      throw new RangeError(`code ${fault.code} is not a documented Navixy error code`);
    }
    if (count > 0) this.rules.push({ fault, action, remaining: count });
  }

  /** The fault for this call, if one is queued; consumes one use of it. */
  take(action: string): Fault | undefined {
    if (this.rules.length === 0) return undefined;
    const rule = this.rules.find((r) => r.action === undefined || r.action === action);
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  /** `ms` for one action or all; `0` clears that action's delay, or without one every delay. */
  setLatency(ms: number, action?: string): void {
    assertCount(ms, 'ms');
    if (action !== undefined) {
      if (ms === 0) this.latencyPerAction.delete(action);
      else this.latencyPerAction.set(action, ms);
      return;
    }
    this.latencyAll = ms;
    if (ms === 0) this.latencyPerAction.clear();
  }

  /** The delay for one action: its own setting, else the one for all. */
  latencyFor(action: string): number {
    return this.latencyPerAction.get(action) ?? this.latencyAll;
  }

  clear(): void {
    this.rules = [];
    this.latencyAll = 0;
    this.latencyPerAction.clear();
  }
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
