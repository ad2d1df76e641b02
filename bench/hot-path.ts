/**
 * The uncached hot path, `GET /v1/dealer` on a cached session, through the gateway with every
 * feature on (client rate limit, request logs, metrics) against a bare node:http + undici
 * pass-through of the same Panel call (the baseline), both in front of the same simulator, each
 * in its own process, with the same load:
 * - saturated: autocannon, as fast as `connections` go (throughput; ratio gateway/baseline);
 * - paced at half load (half the gateway's saturated throughput, or `rate`), evenly spaced, open
 *   loop, both servers at the same rate: p99 of each, the difference being the gateway's.
 * The gateway's requests send `Cache-Control: no-cache`, so that each makes its own Panel call,
 * as each of the baseline's does: identical requests in flight at once would otherwise share one
 * call (coalescing), and the gateway would do a fraction of the baseline's work. The same load
 * without it (identical requests, as a burst of clients would send them) is measured too, with
 * the share of requests that made no call of their own, and so is the same pass-through as one
 * Express 5 route (the framework's own cost, apart from everything the gateway does).
 * Rounds alternate baseline and gateway so that noise on a shared machine hits both alike, and
 * the figures are the medians of the rounds. A last phase ends the Panel session in the middle of
 * paced load, so its p99 shows what clients feel while the gateway logs in again.
 */
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { median, medianOf, percent, print, saturate, type Figures } from './load.js';
import { pacedLoad, type PacedFigures } from './paced.js';
import { callsOf, control, start, storeCallsOf } from './processes.js';

export interface HotPathOptions {
  rounds: number;
  duration: number;
  connections: number;
  warmup: number;
  /** Paced rate; 0: half the gateway's saturated throughput. */
  rate: number;
  clientLimit: string;
}

/** Latency of `account/auth` in the re-login phase, about what a real login takes. */
const LOGIN_MS = 100;

export async function hotPath(options: HotPathOptions): Promise<boolean> {
  const { rounds, duration, connections, warmup } = options;
  const key = generateApiKey();
  const sim = await start('simulator');
  const base = await start('baseline', sim.url);
  const bareExpress = await start('express-baseline', sim.url);
  const gw = await start('gateway', sim.url, sha256Hex(key), options.clientLimit);
  const bearer = { authorization: `Bearer ${key}` };
  const targets = {
    baseline: { url: `${base.url}/v1/dealer`, headers: {} },
    gateway: { url: `${gw.url}/v1/dealer`, headers: { ...bearer, 'cache-control': 'no-cache' } },
    identical: { url: `${gw.url}/v1/dealer`, headers: bearer },
    express: { url: `${bareExpress.url}/v1/dealer`, headers: {} },
  };
  /** Panel calls the simulator answered during `run`, with its result. */
  const counted = async <T>(run: () => Promise<T>) => {
    const before = await callsOf(sim.url, 'dealer/get_info');
    const result = await run();
    return { result, calls: (await callsOf(sim.url, 'dealer/get_info')) - before };
  };
  console.log(
    `\n== hot path: GET /v1/dealer, ${rounds} rounds of ${duration} s, ${connections} connections; ` +
      `client rate limit ${options.clientLimit}, request logs and metrics on\n`,
  );
  try {
    const sat = {
      baseline: [] as Figures[],
      gateway: [] as Figures[],
      identical: [] as Figures[],
      express: [] as Figures[],
    };
    let identicalCalls = 0;
    for (const target of Object.values(targets)) {
      await saturate({ ...target, seconds: warmup, connections });
    }
    for (let round = 0; round < rounds; round++) {
      for (const name of ['baseline', 'gateway', 'identical', 'express'] as const) {
        const { result, calls } = await counted(() =>
          saturate({ ...targets[name], seconds: duration, connections }),
        );
        sat[name].push(result);
        if (name === 'identical') identicalCalls += calls / (result.rps * duration);
      }
    }
    const gatewaySat = medianOf(sat.gateway);
    const rate = options.rate || Math.max(100, Math.round(gatewaySat.rps / 2 / 50) * 50);
    const paced = { baseline: [] as Figures[], gateway: [] as Figures[] };
    for (let round = 0; round < rounds; round++) {
      for (const name of ['baseline', 'gateway'] as const) {
        paced[name].push(
          await pacedLoad({ ...targets[name], rate, seconds: duration, connections }),
        );
      }
    }
    const baselinePaced = medianOf(paced.baseline);
    const gatewayPaced = medianOf(paced.gateway);
    print('baseline saturated', medianOf(sat.baseline));
    print('gateway  saturated', gatewaySat);
    print('gateway  identical, saturated', medianOf(sat.identical));
    print('Express 5 pass-through, sat.', medianOf(sat.express));
    print(`baseline @ ${rate} req/s`, baselinePaced);
    print(`gateway  @ ${rate} req/s`, gatewayPaced);

    // The client rate limit takes a batch of places per store call; any other store call on
    // the hot path (the session hash above all) would be a regression.
    const { takeRate = 0, ...others } = await storeCallsOf(gw);
    const storeCalls = Object.values(others).reduce((a, b) => a + b, 0);
    const requests = [...sat.gateway, ...sat.identical, ...paced.gateway].reduce(
      (sum, f) => sum + f.rps * duration,
      0,
    );

    const relogin = await reloginUnderLoad(sim.url, targets.gateway, rate, duration, connections);
    print(`gateway  @ ${rate} re-login`, relogin.figures);

    const ratioOf = (runs: Figures[]) =>
      runs.map((g, i) => g.rps / (sat.baseline[i]?.rps ?? Infinity));
    const ratios = ratioOf(sat.gateway);
    const ratio = median(ratios);
    const identicalRatios = ratioOf(sat.identical);
    const expressRatios = ratioOf(sat.express);
    const p99Gap = gatewayPaced.p99 - baselinePaced.p99;
    const errors =
      gatewaySat.errors +
      medianOf(sat.identical).errors +
      gatewayPaced.errors +
      relogin.figures.errors;
    console.log(
      `\ngateway/baseline throughput: ${percent(ratio)} (rounds: ${ratios.map(percent).join(', ')})   target >= 55%`,
    );
    console.log(
      `  identical requests, sharing calls in flight: ${percent(median(identicalRatios))} ` +
        `(rounds: ${identicalRatios.map(percent).join(', ')}); ` +
        `${percent(1 - identicalCalls / rounds)} of them made no Panel call of their own`,
    );
    console.log(
      `  Express 5 pass-through alone (one route, nothing of the gateway): ` +
        `${percent(median(expressRatios))} (rounds: ${expressRatios.map(percent).join(', ')})`,
    );
    console.log(
      `p99 at half load (${rate} req/s): gateway ${gatewayPaced.p99.toFixed(2)} ms, baseline ` +
        `${baselinePaced.p99.toFixed(2)} ms: +${p99Gap.toFixed(2)} ms   target <= +3 ms`,
    );
    console.log(
      `session ended under load: ${relogin.logins} login(s); p99 ${relogin.figures.p99.toFixed(2)} ms, ` +
        `max ${relogin.figures.max.toFixed(2)} ms (with a ${LOGIN_MS} ms account/auth)   target 1 login, 0 errors`,
    );
    console.log(
      `Redis round trips on the hot path, client rate limit aside: ${storeCalls}   target 0`,
    );
    console.log(
      `client rate limit: ${takeRate} Redis round trips for ~${Math.round(requests)} measured requests ` +
        `(warm-up included; one per batch of places)`,
    );
    console.log(`gateway errors: ${errors}   target 0`);
    return ratio >= 0.55 && p99Gap <= 3 && storeCalls === 0 && relogin.logins === 1 && errors === 0;
  } finally {
    for (const child of [base, bareExpress, gw, sim]) child.proc.kill('SIGTERM');
  }
}

/**
 * Paced load on the gateway while the simulator ends every session a third of the way in,
 * with a realistic `account/auth` latency: every request in flight then needs the new session.
 */
async function reloginUnderLoad(
  simUrl: string,
  target: { url: string; headers: Record<string, string> },
  rate: number,
  duration: number,
  connections: number,
) {
  await control(simUrl, 'latency', { ms: LOGIN_MS, action: 'account/auth' });
  const before = await callsOf(simUrl, 'account/auth');
  const expire = setTimeout(() => void control(simUrl, 'expire-sessions'), (duration * 1000) / 3);
  const figures: PacedFigures = await pacedLoad({
    ...target,
    rate,
    seconds: duration,
    connections,
  });
  clearTimeout(expire);
  const logins = (await callsOf(simUrl, 'account/auth')) - before;
  return { figures, logins };
}
