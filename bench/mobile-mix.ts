/**
 * A mobile app's reads: `connections` clients reading a skewed mix of the dealer, 30 users, 40
 * trackers and the 30 users' tracker lists (a Zipf-like popularity: the first item is asked for
 * most), through the gateway with the default outbound limit and the client rate limit off,
 * once with the read cache on and once off (`READ_CACHE`). Reports answered req/s, p50/p99,
 * errors, the most Navixy calls in any second (the simulator's call count, read every 100 ms,
 * over sliding one-second spans) and the cache hit ratio from `npg_cache_requests_total`
 * ("n/a" when the gateway has no read cache).
 */
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { print, saturate } from './load.js';
import { control, reportOf, start, startWith } from './processes.js';

export interface MixOptions {
  duration: number;
  connections: number;
  warmup: number;
}

/** The simulator's seeded ids: users and trackers take consecutive ids from these. */
const FIRST_USER_ID = 371321;
const FIRST_TRACKER_ID = 3234901;

/** The paths of the mix, most popular first. */
function paths(): string[] {
  const users = Array.from({ length: 30 }, (_, i) => FIRST_USER_ID + i);
  const trackers = Array.from({ length: 40 }, (_, i) => FIRST_TRACKER_ID + i);
  const items = [
    ...users.map((id) => `/v1/users/${id}`),
    ...trackers.map((id) => `/v1/trackers/${id}`),
    ...users.map((id) => `/v1/trackers?userId=${id}`),
  ];
  // A fixed interleaving, so that every kind has popular and rare items.
  const mixed: string[] = ['/v1/dealer'];
  for (let i = 0; mixed.length <= items.length; i += 37) mixed.push(items[i % items.length]!);
  return [...new Set(mixed)];
}

/** Picks a path with probability proportional to 1 / rank. */
function zipf(items: string[]): () => string {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= items.length; rank++) cumulative.push((total += 1 / rank));
  return () => {
    const x = Math.random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** The most simulator calls in any one-second span, read every 100 ms while `work` runs. */
async function callsPerSecond<T>(simUrl: string, work: Promise<T>) {
  const totals: number[] = [];
  const read = async () => {
    const calls = (await control(simUrl, 'calls')) as { total: number };
    totals.push(calls.total);
  };
  await read();
  let running = true;
  const reading = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await read();
    }
  })();
  const result = await work;
  running = false;
  await reading;
  let max = 0;
  for (let i = 10; i < totals.length; i++) max = Math.max(max, totals[i]! - totals[i - 10]!);
  const all = (totals.at(-1) ?? 0) - (totals[0] ?? 0);
  return { result, max, all };
}

export async function mobileMix(options: MixOptions): Promise<boolean> {
  const { duration, connections, warmup } = options;
  const key = generateApiKey();
  const pick = zipf(paths());
  console.log(
    `\n== mobile mix: ${connections} connections, ${duration} s, ${paths().length} paths, ` +
      'default outbound limit, client rate limit off\n',
  );
  let met = true;
  for (const cache of ['on', 'off'] as const) {
    const sim = await start('simulator');
    const gw = await startWith(
      {
        scopes: ['base:get_dealer_info', 'users:read', 'trackers:read'],
        // null: the setting's default (the outbound limit), as production runs it.
        settings: { PANEL_RATE_LIMIT_PER_SECOND: null, READ_CACHE: cache },
      },
      'gateway',
      sim.url,
      sha256Hex(key),
      'off',
    );
    try {
      const target = {
        url: `${gw.url}/v1/dealer`,
        headers: { authorization: `Bearer ${key}` },
        connections,
        path: pick,
      };
      await saturate({ ...target, seconds: warmup });
      const before = await reportOf(gw);
      const run = await callsPerSecond(sim.url, saturate({ ...target, seconds: duration }));
      const after = await reportOf(gw);
      const figures = run.result;
      print(`read cache ${cache}`, { ...figures, rps: figures.answered });
      let ratio = 'n/a';
      if (after.cache && before.cache) {
        const hits = (after.cache.hit ?? 0) - (before.cache.hit ?? 0);
        const all = Object.keys(after.cache).reduce(
          (sum, name) => sum + (after.cache![name] ?? 0) - (before.cache![name] ?? 0),
          0,
        );
        ratio = all > 0 ? `${((hits / all) * 100).toFixed(1)}%` : 'n/a';
      }
      console.log(
        `  all answers ${figures.rps.toFixed(0)} req/s; Navixy calls ${(run.all / duration).toFixed(1)}/s on ` +
          `average, at most ${run.max} in any second (limit 50); cache hit ratio ${ratio}`,
      );
      if (run.max > 50) met = false;
      if (cache === 'on' && (figures.answered < 1500 || figures.errors > 0)) met = false;
    } finally {
      gw.proc.kill('SIGTERM');
      sim.proc.kill('SIGTERM');
    }
  }
  console.log('target with the cache: >= 1500 answered req/s, 0 errors; Navixy <= 50 calls/s');
  return met;
}
