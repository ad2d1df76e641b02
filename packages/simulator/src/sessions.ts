import { randomBytes } from 'node:crypto';
import { PanelError } from './errors.js';
import { FULL_PERMISSIONS, copyPermissions } from './permissions.js';
import type { PermissionMap } from './permissions.js';
import type { SimulatorAccount } from './types.js';

/** Reference §1.7: panel sessions last 24 hours from creation and cannot be renewed. */
export const DEFAULT_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

const HASH_FORMAT = /^[0-9a-f]{32}$/;

export interface Session {
  readonly hash: string;
  readonly dealerId: number;
  readonly permissions: PermissionMap;
  readonly createdAt: number;
}

/** Panel sessions: issued by `account/auth`, ended by logout, expiry or `expireAll()`. */
export class SessionStore {
  private readonly live = new Map<string, Session>();
  private readonly issued: string[] = [];
  private readonly accounts: SimulatorAccount[];

  constructor(
    accounts: readonly SimulatorAccount[],
    private readonly ttlMs: number,
  ) {
    this.accounts = [...accounts];
  }

  /** Reference §4.3: 12 for an unknown login or a wrong password, then 11 for a blocked dealer. */
  authenticate(login: string, password: string): Session {
    const account = this.accounts.find((candidate) => candidate.login === login);
    if (account === undefined || account.password !== password) throw new PanelError(12);
    if (account.blocked === true) throw new PanelError(11);
    return this.open(account.dealerId, account.permissions ?? FULL_PERMISSIONS);
  }

  /**
   * A new session of a dealer, as `account/auth` issues it; `subpaas/session/create` opens one for
   * a sub-dealer (reference §1.7: "used exactly like an `account/auth` hash").
   */
  open(dealerId: number, permissions: PermissionMap): Session {
    const session: Session = {
      hash: randomBytes(16).toString('hex'),
      dealerId,
      permissions: copyPermissions(permissions),
      createdAt: Date.now(),
    };
    this.live.set(session.hash, session);
    this.issued.push(session.hash);
    return session;
  }

  /** Adds or replaces the panel login of a dealer (a sub-dealer created or given a password). */
  upsertAccount(account: SimulatorAccount): void {
    const index = this.accounts.findIndex((candidate) => candidate.login === account.login);
    if (index === -1) this.accounts.push(account);
    else this.accounts[index] = account;
  }

  /** The panel login of a dealer, if it has one. */
  accountOf(dealerId: number): SimulatorAccount | undefined {
    return this.accounts.find((account) => account.dealerId === dealerId);
  }

  /**
   * Reference §2 and §1.7: a missing or malformed hash is 3 Wrong hash; a well-formed one that is
   * unknown, logged out or older than the TTL is 4.
   */
  resolve(hash: string | undefined): Session {
    if (hash === undefined || !HASH_FORMAT.test(hash)) throw new PanelError(3);
    const session = this.live.get(hash);
    if (session === undefined) throw new PanelError(4);
    if (Date.now() - session.createdAt >= this.ttlMs) {
      this.live.delete(hash);
      throw new PanelError(4);
    }
    return session;
  }

  /** Reference §4.3: after logout the hash answers 4, even to a second logout. */
  end(hash: string): void {
    this.live.delete(hash);
  }

  expireAll(): void {
    this.live.clear();
  }

  hashes(): string[] {
    return [...this.issued];
  }
}
