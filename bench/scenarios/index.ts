/**
 * Scenarios `npm run bench -- --scenario <name>` runs instead of the throughput benchmark: load
 * behaviour that needs real time and many requests, kept out of the test suite.
 */
import { upstreamRateLoad } from './upstream-rate-load.js';

const SCENARIOS: Record<string, () => Promise<number>> = {
  'upstream-rate-load': upstreamRateLoad,
};

/** Runs one scenario; answers its exit code. */
export async function runScenario(name: string): Promise<number> {
  const scenario = SCENARIOS[name];
  if (!scenario) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    return 2;
  }
  return scenario();
}
