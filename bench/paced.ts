import { Pool } from 'undici';

export interface PacedFigures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

/**
 * Open-loop load at a fixed rate over `connections` keep-alive connections: requests are due at
 * evenly spaced times and each latency is measured from its due time, not from when a connection
 * was free, so a stall shows in the figures instead of silently lowering the rate (coordinated
 * omission). Latencies in milliseconds, with 0.01 ms resolution.
 */
export async function pacedLoad(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  connections: number;
}): Promise<PacedFigures> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const path = target.pathname + target.search;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();

  const send = async (due: number) => {
    try {
      const res = await pool.request({ method: 'GET', path, headers: options.headers });
      await res.body.dump();
      if (res.statusCode !== 200) errors += 1;
    } catch {
      errors += 1;
    }
    latencies.push(performance.now() - due);
  };

  // Like wrk2: on each tick send every request whose due time has come, never one early.
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      inflight.push(send(start + next * interval));
      next += 1;
    }
    if (next < total)
      await new Promise((resolve) => setTimeout(resolve, start + next * interval - now));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { rps: total / elapsed, p50: at(0.5), p99: at(0.99), max: at(1), errors };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
