import type { PermissionMap } from './permissions.js';
import type { ShapeCase } from './shapes.js';

/** A panel login the simulator accepts on `account/auth`. */
export interface SimulatorAccount {
  /** The panel login, numeric on hosted platforms (reference §1.7), e.g. `"20410"`. */
  login: string;
  password: string;
  /** The dealer the session acts as; only dealer 20410 owns the seeded users and trackers. */
  dealerId: number;
  /** The session's permissions; default `FULL_PERMISSIONS`. */
  permissions?: PermissionMap;
  /** A blocked dealer's `account/auth` answers 11 Access denied (HTTP 403), reference §4.3. */
  blocked?: boolean;
}

export interface SimulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 24 h (reference §1.7); a hash older than this answers error 4. */
  sessionTtlMs?: number;
  /** Default `[DEFAULT_ACCOUNT]`. */
  accounts?: SimulatorAccount[];
  /**
   * Reference §7: the shape cases answered in the older ([MD]/[UI]) shape; default none, i.e.
   * Navixy's published shape everywhere. `'all'` switches every case.
   */
  legacyShapes?: readonly ShapeCase[] | 'all';
}

/** One call that reached `/v2/panel`, with its parameters minus `hash` and passwords. */
export interface CallRecord {
  action: string;
  params: Record<string, unknown>;
  /**
   * The request line's target and headers as received (names lower-cased), so tests can prove
   * what a client of the gateway could not make it send; `authorization` is censored, as it can
   * carry the session hash (`NVX <hash>`).
   */
  target: string;
  headers: Readonly<Record<string, string>>;
  /** Arrival time, epoch milliseconds. */
  at: number;
}

/** Test and benchmark hooks: counters, sessions and fault injection. */
export interface SimulatorControl {
  /** Every existing session hash answers 4 from now on. */
  expireSessions(): void;
  /** Calls received (of one action, or all), counted on arrival before any fault or auth check. */
  calls(action?: string): number;
  /** What arrived, in order (the most recent 100 000 calls). */
  callLog(): readonly CallRecord[];
  /** Zero `calls()` and `callLog()`. */
  resetCounters(): void;
  /** Delay every answer (of one action, or all). `0` clears: for one action, or without one, all. */
  setLatency(ms: number, action?: string): void;
  /**
   * Latency spikes: each call (of `action`, `reads`, `writes`, or any) waits `ms` more with
   * probability `fraction` (0–1). `0` clears.
   */
  setLatencySpikes(fraction: number, ms: number, action?: string): void;
  /**
   * Each call made with a session ends that session with probability `rate` (0–1) and answers 4;
   * the hash then answers 4 to every later call, as a real expiry does. A session younger than
   * `graceMs` (default 1000) is never ended this way, so a fresh login is usable at once. `0`
   * clears.
   */
  expireSessionsAtRandom(rate: number, graceMs?: number): void;
  /**
   * The next `count` calls (of `action`, of `reads` or `writes`, or any) answer Navixy error
   * `code` (reference §2). Reads are the actions named `…/list`, `…/read`, `…/get_info`,
   * `…/get_permissions`, `…/export`; writes the others but `account/auth`.
   */
  failNext(count: number, code: number, action?: string): void;
  /**
   * The next `count` calls (of `action`, `reads`, `writes`, or any) get their socket reset with
   * no response, before the action runs: the call log shows the call, the data is unchanged.
   */
  resetNextConnections(count: number, action?: string): void;
  /** The next `count` calls (of `action`, `reads`, `writes`, or any) answer HTTP 200 with HTML. */
  garbageNext(count: number, action?: string): void;
  /**
   * Replaces the choice of shape cases answered in the older shape (`[]`: all published,
   * `'all'`: all older). Writes accept both shapes whatever the choice.
   */
  setLegacyShapes(cases: readonly ShapeCase[] | 'all'): void;
  /** Every hash ever issued. */
  sessionHashes(): string[];
  /** Clear all faults, latency and counters; data, sessions and the shape choice stay. */
  reset(): void;
}

export interface Simulator {
  /** `http://<host>:<port>/v2/panel`, no trailing slash. */
  readonly url: string;
  readonly control: SimulatorControl;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}
