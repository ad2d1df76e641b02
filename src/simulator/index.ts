/**
 * A Navixy Panel API (`/v2/panel/...`) simulator with fault injection, for the demo, tests and
 * benchmarks. It shares no code with the gateway, by design.
 */
export { DEFAULT_ACCOUNT } from './accounts.js';
export { FULL_PERMISSIONS } from './permissions.js';
export { startSimulator } from './simulator.js';
export type {
  CallRecord,
  Simulator,
  SimulatorAccount,
  SimulatorControl,
  SimulatorOptions,
} from './types.js';
