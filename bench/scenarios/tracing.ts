/**
 * `npm run bench -- --scenario tracing`: what tracing costs on the hot path (GET /v1/dealer, cached
 * session). Three gateways in front of one simulator, each in its own process, measured in
 * alternating rounds under the same load:
 * - off: no `OTEL_*` (the default);
 * - off + traceparent: the same, every request carrying a client `traceparent` (parsed for
 *   the request log);
 * - on: `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at a local sink that accepts and counts the
 *   OTLP/HTTP exports (the batch processor's defaults, as in production).
 * Figures are medians of the rounds; the overhead is each variant's throughput against "off".
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { generateApiKey, sha256Hex } from '../../src/auth/key-format.js';
import { pacedLoad } from '../paced.js';
import { start, type Child } from '../processes.js';

/** The benchmark's own options (`bench/bench.ts`), as parsed from its command line. */
export interface TracingBenchOptions {
  rounds: string;
  duration: string;
  connections: string;
  warmup: string;
  rate: string;
  'client-limit': string;
}

interface Figures {
  /** CPU time of the gateway process per request served, in µs: steadier than req/s on a busy machine. */
  cpuUs: number;
  rps: number;
  p50: number;
  p99: number;
  paced99: number;
  errors: number;
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** An OTLP/HTTP receiver that answers at once and counts spans by their `spanId` keys. */
async function startSink() {
  const counts = { exports: 0, spans: 0, bytes: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      counts.exports += 1;
      counts.bytes += body.length;
      counts.spans += body.split('"spanId"').length - 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, counts, close: () => server.close() };
}

/** A gateway process whose environment adds `env` to this one's (spawn copies it at start). */
async function startGateway(
  upstream: string,
  keySha: string,
  clientLimit: string,
  env: Record<string, string>,
): Promise<Child> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await start('gateway', upstream, keySha, clientLimit);
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

/** User + system CPU time of a process so far, in ms (Linux `/proc`, clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs the scenario, prints its figures; answers the exit code (0: every request succeeded). */
export async function tracingBench(options: TracingBenchOptions): Promise<number> {
  const [rounds, duration, connections, warmup, rate] = [
    options.rounds,
    options.duration,
    options.connections,
    options.warmup,
    options.rate,
  ].map(Number) as [number, number, number, number, number];
  const clientLimit = options['client-limit'];
  const key = generateApiKey();
  const sink = await startSink();
  const sim = await start('simulator');
  const keySha = sha256Hex(key);
  const auth = { authorization: `Bearer ${key}` };
  const off = await startGateway(sim.url, keySha, clientLimit, {});
  const on = await startGateway(sim.url, keySha, clientLimit, {
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.origin,
  });
  const variants = [
    { name: 'off', child: off, headers: auth },
    { name: 'off + traceparent', child: off, headers: { ...auth, traceparent: TRACEPARENT } },
    { name: 'on (OTLP export)', child: on, headers: auth },
  ];
  console.log(
    `Tracing overhead, GET /v1/dealer: ${rounds} rounds of ${duration} s, ${connections} ` +
      `connections, paced at ${rate} req/s\n`,
  );
  try {
    const runs = variants.map(() => [] as Figures[]);
    let requestsOn = 0;
    for (const v of variants) {
      const warm = await saturate(`${v.child.url}/v1/dealer`, v.headers, warmup, connections);
      if (v.child === on) requestsOn += warm.requests;
    }
    for (let round = 0; round < rounds; round++) {
      for (const [i, v] of variants.entries()) {
        const url = `${v.child.url}/v1/dealer`;
        const cpuBefore = await cpuMs(v.child.proc.pid!);
        const sat = await saturate(url, v.headers, duration, connections);
        const paced = await pacedLoad({
          url,
          headers: v.headers,
          rate,
          seconds: duration,
          connections,
        });
        const served = sat.requests + Math.round(rate * duration);
        const cpuUs = ((await cpuMs(v.child.proc.pid!)) - cpuBefore) * (1000 / served);
        if (v.child === on) requestsOn += served;
        runs[i]!.push({ ...sat, cpuUs, paced99: paced.p99, errors: sat.errors + paced.errors });
      }
    }
    const base = runs[0]!;
    const baseCpu = median(base.map((f) => f.cpuUs));
    let errors = 0;
    for (const [i, v] of variants.entries()) {
      const r = runs[i]!;
      errors += r.reduce((sum, f) => sum + f.errors, 0);
      const ratio = median(r.map((f, round) => f.rps / (base[round]?.rps ?? Infinity)));
      const cpu = median(r.map((f) => f.cpuUs));
      const ms = (x: number) => `${x.toFixed(2)} ms`;
      console.log(
        [
          v.name.padEnd(18),
          `CPU ${cpu.toFixed(0)} µs/request (${(cpu - baseCpu).toFixed(0)} vs off)`,
          `${median(r.map((f) => f.rps)).toFixed(0)} req/s (${(ratio * 100).toFixed(1)}% of off)`,
          `p50 ${ms(median(r.map((f) => f.p50)))}, p99 ${ms(median(r.map((f) => f.p99)))}`,
          `p99 @ ${rate} req/s ${ms(median(r.map((f) => f.paced99)))}`,
        ].join('   '),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // the batch processor's 5 s delay
    const { spans } = sink.counts;
    console.log(
      `\nexported: ${spans} spans in ${sink.counts.exports} exports (${(sink.counts.bytes / 1e6).toFixed(1)} MB); ` +
        `${(spans / Math.max(1, requestsOn)).toFixed(2)} spans per traced request measured ` +
        `(4 made: request, auth, limit.client, panel call; the rest dropped by the batch queue)`,
    );
    console.log(`errors: ${errors}   target 0`);
    return errors === 0 ? 0 : 1;
  } finally {
    for (const child of [off, on, sim]) child.proc.kill('SIGTERM');
    sink.close();
  }
}

async function saturate(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
) {
  const result = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
