import { FULL_PERMISSIONS } from '../src/index.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';
import { call } from './helpers.js';
import type { Json } from './helpers.js';

/** An account that may also import bundles (`tracker_bundles: create`, reference §3.2). */
export const BUNDLER: SimulatorAccount = {
  login: 'bundler',
  password: 'Bundler-Pa55word!',
  dealerId: 20410,
  permissions: { ...FULL_PERMISSIONS, tracker_bundles: ['read', 'create', 'update'] },
};

/** What a step's parameters may depend on: the session and the seeded trackers. */
export interface StepContext {
  readonly simulator: Simulator;
  readonly hash: string;
  /** Plain hardware trackers of the seed: not clones, not deleted, not blocked. */
  readonly plain: readonly Json[];
  /** Seeded clones not bound to rules or vehicles. */
  readonly clones: readonly Json[];
}

export interface Step {
  readonly action: string;
  readonly params?: (
    context: StepContext,
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A multipart upload: its form parts beside the session hash. */
  readonly upload?: readonly Part[];
}

export interface Part {
  readonly name: string;
  readonly value: string;
  readonly filename?: string;
  readonly type?: string;
}

/** The user `user/create` makes in the contract steps: later steps give it trackers. */
export const NEW_USER = 400001;

/** The `value` a read action answers, for steps that write a record back. */
export async function valueOf(
  context: StepContext,
  action: string,
  params: Record<string, unknown>,
): Promise<Record<string, Json>> {
  const answer = await call(context.simulator, action, { hash: context.hash, ...params });
  return answer.body.value as Record<string, Json>;
}
