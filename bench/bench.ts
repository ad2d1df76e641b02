/**
 * `npm run bench`: the benchmark's scenarios, each starting its own server processes (simulator,
 * baseline, gateway) and measuring them in the same run on the same machine:
 * - `hot-path`: GET /v1/dealer through the gateway with every feature on against a bare
 *   node:http + undici pass-through (bench/hot-path.ts);
 * - `costs`: CPU per request of the gateway with its parts off one at a time (bench/costs.ts);
 * - `mobile-mix`: a skewed mix of reads with the read cache on and off (bench/mobile-mix.ts);
 * - `tracing`: the hot path with tracing off, off with a client traceparent, and on with OTLP
 *   export to a local sink (bench/scenarios/tracing.ts);
 * - `upstream-rate-load` (not by default): 200 req/s × 5 s over two instances against the
 *   outbound limit, the load half of test/gateway/rate-limiter.test.ts (bench/scenarios/).
 * A scenario is a function of the options below answering whether its targets were met; add
 * one by adding it to SCENARIOS.
 *
 *   npm run bench -- --scenario hot-path,costs,mobile-mix --rounds 3 --duration 5 --connections 32
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { costs } from './costs.js';
import { hotPath } from './hot-path.js';
import { mobileMix } from './mobile-mix.js';
import { NODE_FLAGS } from './processes.js';
import { runScenario } from './scenarios/index.js';
import { tracingBench } from './scenarios/tracing.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'hot-path,costs,mobile-mix,tracing' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '2' },
    /** Paced rate of the hot path (0: half the gateway's saturated throughput). */
    rate: { type: 'string', default: '0' },
    /** Paced rate of the costs scenario. */
    'cost-rate': { type: 'string', default: '500' },
    'mix-duration': { type: 'string', default: '8' },
    'client-limit': { type: 'string', default: '100000/1s' },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);

const SCENARIOS: Record<string, () => Promise<boolean>> = {
  'hot-path': () =>
    hotPath({
      rounds,
      duration,
      connections,
      warmup,
      rate: Number(values.rate),
      clientLimit: values['client-limit'],
    }),
  costs: async () => {
    await costs({ rounds, duration, connections, warmup, rate: Number(values['cost-rate']) });
    return true;
  },
  'mobile-mix': () => mobileMix({ duration: Number(values['mix-duration']), connections, warmup }),
  tracing: async () =>
    (await tracingBench({
      ...values,
      // Paced well below saturation, so that the CPU per request compares like with like.
      rate: values.rate === '0' ? '300' : values.rate,
    })) === 0,
  'upstream-rate-load': async () => (await runScenario('upstream-rate-load')) === 0,
};

const chosen = values.scenario.split(',').map((name) => name.trim());
for (const name of chosen) {
  if (!SCENARIOS[name]) {
    console.error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `bench: ${chosen.join(', ')}; node ${NODE_FLAGS.join(' ') || '(no flags)'}; load average ${load()}`,
);
let met = true;
for (const name of chosen) met = (await SCENARIOS[name]!()) && met;
console.log(
  `\nload average at the end: ${load()}; ${execFileSync('nproc').toString().trim()} CPUs`,
);
console.log(met ? 'all targets met' : 'TARGET MISSED');
process.exitCode = met ? 0 : 1;
