/**
 * `npm run soak -- --minutes 5`: the gateway under steady paced load for a long time, with the
 * Panel session ended every `--expire-every` seconds, reporting per window and at the end the
 * errors, the p99 and the growth of the gateway process's resident memory. A leak shows as
 * growth that keeps rising window after window; a stable process levels off after warm-up.
 *
 *   npm run soak -- --minutes 5 --rate 300 --window 30 --expire-every 60
 */
import { parseArgs } from 'node:util';
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { pacedLoad, type PacedFigures } from './paced.js';
import { callsOf, control, rssMiB, start } from './processes.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '300' },
    window: { type: 'string', default: '30' },
    connections: { type: 'string', default: '16' },
    'expire-every': { type: 'string', default: '60' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const windowSeconds = Number(values.window);
const connections = Number(values.connections);
const expireEvery = Number(values['expire-every']);
if (![minutes, rate, windowSeconds, connections, expireEvery].every((n) => n > 0)) {
  console.error('usage: npm run soak -- --minutes N [--rate R] [--window S] [--expire-every S]');
  process.exit(2);
}

const key = generateApiKey();
const sim = await start('simulator');
// The client rate limit is on, as in production, with a limit the one key never reaches.
const gw = await start('gateway', sim.url, sha256Hex(key), '100000/1s');
const target = { url: `${gw.url}/v1/dealer`, headers: { authorization: `Bearer ${key}` } };
const pid = gw.proc.pid ?? 0;
const windows = Math.max(1, Math.round((minutes * 60) / windowSeconds));
console.log(
  `soak: GET /v1/dealer at ${rate} req/s for ${minutes} min in ${windows} windows of ` +
    `${windowSeconds} s; session ended every ${expireEvery} s\n`,
);

try {
  const expiring = setInterval(() => void control(sim.url, 'expire-sessions'), expireEvery * 1000);
  const results: (PacedFigures & { rss: number })[] = [];
  const loginsBefore = await callsOf(sim.url, 'account/auth');
  for (let i = 0; i < windows; i++) {
    const figures = await pacedLoad({ ...target, rate, seconds: windowSeconds, connections });
    const rss = await rssMiB(pid);
    results.push({ ...figures, rss });
    console.log(
      `window ${String(i + 1).padStart(3)}  ${figures.rps.toFixed(0).padStart(5)} req/s  ` +
        `p50 ${figures.p50.toFixed(2).padStart(7)} ms  p99 ${figures.p99.toFixed(2).padStart(7)} ms  ` +
        `errors ${figures.errors}  rss ${rss.toFixed(1)} MiB`,
    );
  }
  clearInterval(expiring);
  const logins = (await callsOf(sim.url, 'account/auth')) - loginsBefore;

  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  const p99s = results.map((r) => r.p99).sort((a, b) => a - b);
  // Growth is measured from the end of the first window, after the JIT and pools warmed up.
  const first = results[0]?.rss ?? 0;
  const last = results.at(-1)?.rss ?? 0;
  console.log(`\nrequests ${Math.round(rate * windowSeconds * windows)}, errors ${errors}`);
  console.log(
    `p99 per window: median ${(p99s[Math.floor(p99s.length / 2)] ?? 0).toFixed(2)} ms, ` +
      `worst ${(p99s.at(-1) ?? 0).toFixed(2)} ms`,
  );
  console.log(
    `logins during the soak: ${logins} (sessions ended ${Math.floor((minutes * 60) / expireEvery)} times)`,
  );
  console.log(
    `gateway rss: ${first.toFixed(1)} MiB after the first window, ${last.toFixed(1)} MiB at the end ` +
      `(${(last - first >= 0 ? '+' : '') + (last - first).toFixed(1)} MiB, ` +
      `${(((last - first) / first) * 100).toFixed(1)}%)`,
  );
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  for (const child of [gw, sim]) child.proc.kill('SIGTERM');
}
