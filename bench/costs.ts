/**
 * What each part of the gateway costs per request: CPU time of the server process (user and
 * system, from `process.cpuUsage`) divided by the requests answered, at the same paced rate for
 * every variant — the gateway with everything on, then with request logs, metrics or the client
 * rate limit off one at a time, and all three off — beside the baseline pass-through and a
 * bare `node:http` and a one-route Express 5 app answering the same JSON. CPU per request is
 * far steadier on a shared machine than throughput is, as long as the rate stays well below
 * saturation.
 */
import { generateApiKey, sha256Hex } from '../src/auth/key-format.js';
import { median, saturate } from './load.js';
import { pacedLoad } from './paced.js';
import { reportOf, start, startWith, type Child } from './processes.js';
import type { GatewayOptions } from './servers.js';

export interface CostOptions {
  rounds: number;
  duration: number;
  connections: number;
  warmup: number;
  /** Paced rate of every variant. */
  rate: number;
}

interface Variant {
  name: string;
  role: 'gateway' | 'baseline' | 'bare-http' | 'bare-express';
  options?: GatewayOptions;
  clientLimit?: string;
}

const VARIANTS: Variant[] = [
  { name: 'gateway, everything on', role: 'gateway', clientLimit: '100000/1s' },
  { name: 'request logs off', role: 'gateway', clientLimit: '100000/1s', options: { logs: false } },
  { name: 'metrics off', role: 'gateway', clientLimit: '100000/1s', options: { metrics: false } },
  { name: 'client rate limit off', role: 'gateway', clientLimit: 'off' },
  {
    name: 'all three off',
    role: 'gateway',
    clientLimit: 'off',
    options: { logs: false, metrics: false },
  },
  { name: 'baseline pass-through', role: 'baseline' },
  { name: 'bare node:http, JSON', role: 'bare-http' },
  { name: 'bare Express 5, JSON', role: 'bare-express' },
];

/** Measured CPU microseconds per request, by variant name (median of the rounds). */
export async function costs(options: CostOptions): Promise<Record<string, number>> {
  const { rounds, duration, connections, warmup, rate } = options;
  const key = generateApiKey();
  const sim = await start('simulator');
  console.log(
    `\n== costs: CPU per request of the server process at ${rate} req/s, ${rounds} round(s) of ${duration} s\n`,
  );
  const perVariant = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const variant of VARIANTS) {
        const args =
          variant.role === 'gateway'
            ? [sim.url, sha256Hex(key), variant.clientLimit ?? 'off']
            : variant.role === 'baseline'
              ? [sim.url]
              : [];
        const child: Child = await startWith(variant.options ?? {}, variant.role, ...args);
        try {
          const headers: Record<string, string> =
            variant.role === 'gateway' ? { authorization: `Bearer ${key}` } : {};
          const target = { url: `${child.url}/v1/dealer`, headers };
          await saturate({ ...target, seconds: warmup, connections });
          const before = await reportOf(child);
          const figures = await pacedLoad({ ...target, rate, seconds: duration, connections });
          const after = await reportOf(child);
          const requests = rate * duration;
          if (figures.errors > 0) console.log(`  ${variant.name}: ${figures.errors} errors`);
          const micros = (after.cpuMicros - before.cpuMicros) / requests;
          perVariant.set(variant.name, [...(perVariant.get(variant.name) ?? []), micros]);
        } finally {
          child.proc.kill('SIGTERM');
        }
      }
    }
  } finally {
    sim.proc.kill('SIGTERM');
  }
  const result: Record<string, number> = {};
  const full = median(perVariant.get(VARIANTS[0]!.name) ?? []);
  for (const variant of VARIANTS) {
    const micros = median(perVariant.get(variant.name) ?? []);
    result[variant.name] = micros;
    const delta =
      variant.role === 'gateway' && variant !== VARIANTS[0]
        ? `   (saves ${(full - micros).toFixed(0)} µs)`
        : '';
    console.log(
      `${variant.name.padEnd(28)} ${micros.toFixed(0).padStart(5)} µs CPU/request${delta}`,
    );
  }
  const express = result['bare Express 5, JSON']! - result['bare node:http, JSON']!;
  console.log(`Express 5 over node:http: ${express.toFixed(0)} µs per request`);
  return result;
}
