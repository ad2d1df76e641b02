/** Load generation and figures shared by the benchmark's scenarios. */
import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon as fast as `connections` go; `path` picks each request's path when given. */
export async function saturate(options: {
  url: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  path?: () => string;
}): Promise<Figures & { answered: number }> {
  const pick = options.path;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    pipelining: 1,
    ...(pick ? { requests: [{ setupRequest: (req) => ({ ...req, path: pick() }) }] } : {}),
  });
  return {
    rps: result.requests.average,
    answered: result['2xx'] / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export const medianOf = (runs: Figures[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.reduce((sum, r) => sum + r.errors, 0),
});

export function print(name: string, f: Figures): void {
  const ms = (v: number) => `${v.toFixed(2).padStart(6)} ms`;
  console.log(
    `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(f.p50)}   p99 ${ms(f.p99)}   errors ${f.errors}`,
  );
}

export const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
