/**
 * `npm run bench`: GET /v1/dealer through the gateway (cached session) against a bare node:http +
 * undici pass-through of the same Panel call (the baseline), both in front of the same simulator,
 * each server in its own process, measured in the same run with the same load:
 * - saturated: autocannon, as fast as `--connections` go (throughput; ratio gateway/baseline);
 * - paced: `--rate` req/s, evenly spaced, open loop over the same number of connections
 *   (latency below saturation; at saturation latency mostly measures the generator's own queue).
 * Rounds alternate baseline and gateway so that noise on a shared machine hits both alike, and
 * the figures are the medians of the rounds. A last phase ends the Panel session in the middle of
 * paced load, so its p99 shows what clients feel while the gateway logs in again.
 *
 * The client rate limit is on, as in production, with a limit the one key never reaches
 * (`--client-limit off` leaves it out, to see its cost).
 *
 *   npm run bench -- --rounds 3 --duration 5 --connections 32 --rate 1000 --client-limit 100000/1s
 *   npm run bench -- --scenario upstream-rate-load   (a load scenario of bench/scenarios/ instead)
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { pacedLoad, type PacedFigures } from './paced.js';
import { tracingBench } from './scenarios/tracing.js';
import { callsOf, control, start, storeCallsOf, NODE_FLAGS } from './processes.js';
import { runScenario } from './scenarios/index.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '2' },
    rate: { type: 'string', default: '1000' },
    'client-limit': { type: 'string', default: '100000/1s' },
    tracing: { type: 'boolean', default: false },
    scenario: { type: 'string' },
  },
});
if (values.scenario !== undefined) process.exit(await runScenario(values.scenario));
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const rate = Number(values.rate);
/** Latency of `account/auth` in the re-login phase, about what a real login takes. */
const LOGIN_MS = 100;
// `--tracing`: the tracing overhead scenario (off vs on) instead of the figures below.
if (values.tracing) process.exit(await tracingBench(values));

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function saturate(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const medianOf = (runs: Figures[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});

function print(name: string, f: Figures): void {
  const ms = (v: number) => `${v.toFixed(2).padStart(6)} ms`;
  console.log(
    `${name.padEnd(24)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(f.p50)}   p99 ${ms(f.p99)}   errors ${f.errors}`,
  );
}

const key = generateApiKey();
const sim = await start('simulator');
const base = await start('baseline', sim.url);
const gw = await start('gateway', sim.url, sha256Hex(key), values['client-limit']);
const targets = {
  baseline: { url: `${base.url}/v1/dealer`, headers: {} },
  gateway: { url: `${gw.url}/v1/dealer`, headers: { authorization: `Bearer ${key}` } },
};
console.log(
  `GET /v1/dealer: ${rounds} rounds of ${duration} s per phase, ${connections} connections, ` +
    `paced at ${rate} req/s; client rate limit ${values['client-limit']}; ` +
    `node ${NODE_FLAGS.join(' ') || '(no flags)'}\n`,
);

try {
  const runs = {
    baseline: { sat: [] as Figures[], paced: [] as Figures[] },
    gateway: { sat: [] as Figures[], paced: [] as Figures[] },
  };
  for (const { url, headers } of Object.values(targets)) await saturate(url, headers, warmup);
  for (let round = 0; round < rounds; round++) {
    for (const name of ['baseline', 'gateway'] as const) {
      const { url, headers } = targets[name];
      runs[name].sat.push(await saturate(url, headers, duration));
      runs[name].paced.push(
        await pacedLoad({ url, headers, rate, seconds: duration, connections }),
      );
    }
  }
  const baseline = { sat: medianOf(runs.baseline.sat), paced: medianOf(runs.baseline.paced) };
  const gateway = { sat: medianOf(runs.gateway.sat), paced: medianOf(runs.gateway.paced) };
  print('baseline saturated', baseline.sat);
  print('gateway  saturated', gateway.sat);
  print(`baseline @ ${rate} req/s`, baseline.paced);
  print(`gateway  @ ${rate} req/s`, gateway.paced);

  // The client rate limit takes one store call per request by design; any other store call on
  // the hot path (the session hash above all) would be a regression.
  const { consumeRate = 0, ...others } = await storeCallsOf(gw);
  const storeCalls = Object.values(others).reduce((a, b) => a + b, 0);

  const relogin = await reloginUnderLoad(targets.gateway);
  print(`gateway  @ ${rate} re-login`, relogin.figures);

  const ratios = runs.gateway.sat.map((g, i) => g.rps / (runs.baseline.sat[i]?.rps ?? Infinity));
  const ratio = median(ratios);
  const errors = gateway.sat.errors + gateway.paced.errors + relogin.figures.errors;
  console.log(
    `\ngateway/baseline throughput: ${(ratio * 100).toFixed(1)}% (rounds: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')})   target >= 35%`,
  );
  console.log(`gateway p99 at ${rate} req/s: ${gateway.paced.p99.toFixed(2)} ms   target < 10 ms`);
  console.log(
    `session ended under load: ${relogin.logins} login(s); p99 ${relogin.figures.p99.toFixed(2)} ms, ` +
      `max ${relogin.figures.max.toFixed(2)} ms (with a ${LOGIN_MS} ms account/auth)   target 1 login, 0 errors`,
  );
  console.log(
    `Redis round trips on the hot path during all rounds, client rate limit aside: ${storeCalls}   target 0`,
  );
  console.log(
    `client rate limit: ${consumeRate} Redis round trips (one per request, warm-up included)`,
  );
  console.log(`gateway errors: ${errors}   target 0`);
  const met =
    ratio >= 0.35 &&
    gateway.paced.p99 < 10 &&
    storeCalls === 0 &&
    relogin.logins === 1 &&
    errors === 0;
  console.log(met ? '\nall targets met' : '\nTARGET MISSED');
  process.exitCode = met ? 0 : 1;
} finally {
  for (const child of [base, gw, sim]) child.proc.kill('SIGTERM');
}

/**
 * Paced load on the gateway while the simulator ends every session a third of the way in,
 * with a realistic `account/auth` latency: every request in flight then needs the new session.
 */
async function reloginUnderLoad(target: { url: string; headers: Record<string, string> }) {
  await control(sim.url, 'latency', { ms: LOGIN_MS, action: 'account/auth' });
  const before = await callsOf(sim.url, 'account/auth');
  const expire = setTimeout(() => void control(sim.url, 'expire-sessions'), (duration * 1000) / 3);
  const figures: PacedFigures = await pacedLoad({
    ...target,
    rate,
    seconds: duration,
    connections,
  });
  clearTimeout(expire);
  const logins = (await callsOf(sim.url, 'account/auth')) - before;
  return { figures, logins };
}
