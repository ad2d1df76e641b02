import { errorInfo } from './errors.js';

/** What an injected fault does to one call. */
export type Fault =
  | { readonly kind: 'fail'; readonly code: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'garbage' };

/**
 * Reads, for fault selection: actions named `…/list`, `…/read`, `…/get_info`,
 * `…/get_permissions` or `…/export` (the reference names every read this way, §6).
 */
const READ_VERBS: ReadonlySet<string> = new Set([
  'list',
  'read',
  'get_info',
  'get_permissions',
  'export',
]);

/**
 * Whether a fault aimed at `selector` hits `action`: no selector hits every action, `reads` and
 * `writes` a kind (`writes`: every action that is not a read, except `account/auth`), anything
 * else the action of that name.
 */
export function selects(selector: string | undefined, action: string): boolean {
  if (selector === undefined) return true;
  const read = READ_VERBS.has(action.slice(action.lastIndexOf('/') + 1));
  if (selector === 'reads') return read;
  if (selector === 'writes') return !read && action !== 'account/auth';
  return selector === action;
}

interface FaultRule {
  readonly fault: Fault;
  readonly action: string | undefined;
  remaining: number;
}

interface Spikes {
  readonly fraction: number;
  readonly ms: number;
  readonly action: string | undefined;
}

interface RandomExpiry {
  readonly rate: number;
  readonly graceMs: number;
}

/** Queued faults, latency and random faults. Rules apply in the order they were added. */
export class FaultPlan {
  private rules: FaultRule[] = [];
  private latencyAll = 0;
  private readonly latencyPerAction = new Map<string, number>();
  private spikes: Spikes | undefined;
  private expiry: RandomExpiry | undefined;

  constructor(private readonly random: () => number = Math.random) {}

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
    const rule = this.rules.find((r) => selects(r.action, action));
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

  /** A `fraction` of the calls (of `action`, or any) wait `ms` more; `0` for either clears. */
  setLatencySpikes(fraction: number, ms: number, action?: string): void {
    assertFraction(fraction, 'fraction');
    assertCount(ms, 'ms');
    this.spikes = fraction > 0 && ms > 0 ? { fraction, ms, action } : undefined;
  }

  /**
   * A `rate` of the calls made with a session end it, answering 4, except while the session is
   * younger than `graceMs`. `0` clears.
   */
  setRandomExpiry(rate: number, graceMs: number): void {
    assertFraction(rate, 'rate');
    assertCount(graceMs, 'graceMs');
    this.expiry = rate > 0 ? { rate, graceMs } : undefined;
  }

  /** The delay for one call: the action's own setting, else the one for all, plus any spike. */
  latencyFor(action: string): number {
    const base = this.latencyPerAction.get(action) ?? this.latencyAll;
    const spikes = this.spikes;
    const spiked = spikes && selects(spikes.action, action) && this.random() < spikes.fraction;
    return spiked ? base + spikes.ms : base;
  }

  /** Whether this call ends the session it uses, created at `createdAt` (epoch ms). */
  endsSession(createdAt: number): boolean {
    const expiry = this.expiry;
    if (expiry === undefined || Date.now() - createdAt < expiry.graceMs) return false;
    return this.random() < expiry.rate;
  }

  clear(): void {
    this.rules = [];
    this.latencyAll = 0;
    this.latencyPerAction.clear();
    this.spikes = undefined;
    this.expiry = undefined;
  }
}

function assertFraction(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a number from 0 to 1, got ${value}`);
  }
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
