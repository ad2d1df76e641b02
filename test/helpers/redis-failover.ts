import type { GatewayGroup } from './redis-gateways.js';
import type { TestSentinel } from './redis-sentinel.js';
import { until } from './wait.js';

/** What a failover under load looked like from the gateway instances. */
export interface FailoverRecord {
  /** From the trigger until the Sentinel named another primary. */
  switchedMs: number;
  /** From the trigger until every instance's writes landed on the new primary. */
  writableMs: number;
  requests: number;
  /** Requests answered between the trigger and `writableMs`. */
  during: number;
  /** Statuses other than 200 (0: the request itself failed). */
  failed: number[];
}

/**
 * Keeps `workers` requests running on the instances of `group` (GET /v1/dealer, a warm
 * session), runs `trigger` (a crash or `SENTINEL FAILOVER`), and measures until the Sentinel
 * names a new primary and each instance writes there: what each writes is read back from the
 * new primary, since the old one may accept writes until the Sentinel demotes it.
 */
export async function failoverUnderLoad(
  group: GatewayGroup,
  topology: TestSentinel,
  prefix: string,
  trigger: (primaryPort: number) => Promise<unknown>,
  workers = 8,
): Promise<FailoverRecord> {
  const statuses: { status: number; at: number }[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (running) statuses.push({ status: await group.get(w, '/v1/dealer'), at: Date.now() });
  });
  try {
    await until(() => statuses.length >= 50); // under load before the failover starts
    const before = await topology.primary();
    const started = Date.now();
    await trigger(before.port);
    await until(async () => (await topology.primary()).port !== before.port, 20_000);
    const switched = Date.now();
    const primary = topology.server((await topology.primary()).port);
    await until(async () => {
      const landed = await Promise.all(
        group.instances.map(async (instance, i) => {
          const value = String(Date.now());
          await instance.store.set(`failover-probe-${i}`, value, 10_000).catch(() => undefined);
          return (await primary.get(`${prefix}failover-probe-${i}`)) === value;
        }),
      );
      return landed.every(Boolean);
    }, 20_000);
    const writable = Date.now();
    // Some load on the new primary too, before the load stops.
    await until(() => statuses.filter(({ at }) => at > writable).length >= 20);
    return {
      switchedMs: switched - started,
      writableMs: writable - started,
      requests: statuses.length,
      during: statuses.filter(({ at }) => at >= started && at <= writable).length,
      failed: statuses.filter(({ status }) => status !== 200).map(({ status }) => status),
    };
  } finally {
    running = false;
    await Promise.all(loops);
  }
}

/** The record as one line of the test's output (the figures the docs quote). */
export function describeFailover(what: string, record: FailoverRecord): string {
  return (
    `${what} under load: primary switched after ${record.switchedMs} ms, both instances ` +
    `writing to it after ${record.writableMs} ms; ${record.requests} requests ` +
    `(${record.during} during the failover), ${record.failed.length} not 200`
  );
}
