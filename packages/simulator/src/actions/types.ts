import type { HttpAnswer, RawJson } from '../json.js';
import type { Params } from '../params.js';
import type { Permission } from '../permissions.js';
import type { Session, SessionStore } from '../sessions.js';
import type { ShapeMode } from '../shapes.js';
import type { DealerData, SimulatorStore } from '../store.js';

/**
 * What an action answers next to `success: true`, a whole body already serialised, or a
 * non-JSON answer (a file or a redirect).
 */
export type ActionResult = Record<string, unknown> | RawJson | HttpAnswer;

export interface PublicContext {
  readonly params: Params;
  readonly store: SimulatorStore;
  readonly sessions: SessionStore;
  /** Which shape cases answer the older shape (reference §7). */
  readonly shapes: ShapeMode;
}

export interface SessionContext extends PublicContext {
  readonly session: Session;
  /** The session's dealer: the acting dealer is always taken from the session (§5.11). */
  readonly dealer: DealerData;
}

interface ActionBase {
  /** The path under `/v2/panel/`, e.g. `user/list`. */
  readonly name: string;
  /** Reference §3.3: every pair is required; a missing one answers 13. */
  readonly permissions: readonly Permission[];
}

/** An action callable without a session (`account/auth`, `timezone/list`). */
export interface PublicAction extends ActionBase {
  readonly public: true;
  handle(context: PublicContext): ActionResult;
}

/** An action that needs a valid session hash (reference §1.4). */
export interface SessionAction extends ActionBase {
  readonly public?: false;
  handle(context: SessionContext): ActionResult;
}

export type ActionDefinition = PublicAction | SessionAction;
