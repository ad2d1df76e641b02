import type { PermissionMap } from './permissions.js';

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
}

/** One call that reached `/v2/panel`, with its parameters minus `hash` and passwords. */
export interface CallRecord {
  action: string;
  params: Record<string, unknown>;
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
  /** The next `count` calls (of that action, or any) answer Navixy error `code` (reference §2). */
  failNext(count: number, code: number, action?: string): void;
  /** The next `count` calls (of that action, or any) get their socket reset with no response. */
  resetNextConnections(count: number, action?: string): void;
  /** The next `count` calls (of that action, or any) answer HTTP 200 with an HTML body. */
  garbageNext(count: number, action?: string): void;
  /** Every hash ever issued. */
  sessionHashes(): string[];
  /** Clear all faults, latency and counters; data and sessions stay. */
  reset(): void;
}

export interface Simulator {
  /** `http://<host>:<port>/v2/panel`, no trailing slash. */
  readonly url: string;
  readonly control: SimulatorControl;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}
