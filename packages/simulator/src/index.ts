/**
 * A Navixy Panel API (`/v2/panel/...`) simulator with fault injection, for the demo, tests and
 * benchmarks. It shares no code with the gateway, by design.
 */
export { DEFAULT_ACCOUNT } from './accounts.js';
export { PANEL_CONTRACT } from './contract/index.js';
export type { ActionContract } from './contract/index.js';
export { FULL_PERMISSIONS } from './permissions.js';
export { SHAPE_CASES } from './shapes.js';
export type { ShapeCase } from './shapes.js';
export { startSimulator } from './simulator.js';
export type {
  CallRecord,
  Simulator,
  SimulatorAccount,
  SimulatorControl,
  SimulatorOptions,
} from './types.js';
