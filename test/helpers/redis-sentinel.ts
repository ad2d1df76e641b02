import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { RedisNode } from '../../src/store/redis-settings.js';
import { direct, freePort, redisProcesses, requireRedisBinaries } from './redis-processes.js';
import { until } from './wait.js';

/** The name the Sentinel monitors the primary under. */
export const MASTER_NAME = 'npg-primary';

/** A primary, its replica and one Sentinel of the test's own on 127.0.0.1. */
export interface TestSentinel {
  /** The data servers' password, and the Sentinel's own (distinct on purpose). */
  password: string;
  sentinelPassword: string;
  sentinelPort: number;
  /** The settings that point a gateway at it. */
  env: Record<string, string>;
  /** The primary as the Sentinel names it now. */
  primary(): Promise<RedisNode>;
  /** A connection to the Sentinel itself (for `SENTINEL ...` commands). */
  sentinel: Redis;
  /** A connection to one data server, by port. */
  server(port: number): Redis;
  /** Ports of the data servers, primary first at start. */
  ports: number[];
  /** Kills the data server on `port` (SIGKILL, as in a crash). */
  crash(port: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a primary, a replica of it and a Sentinel watching them with short timeouts
 * (down after 1 s, failover timeout 5 s), then waits until the replica is in sync and the
 * Sentinel knows it, so that a failover has somewhere to go.
 */
export async function startSentinel(
  password: string,
  sentinelPassword: string,
): Promise<TestSentinel> {
  requireRedisBinaries();
  const processes = redisProcesses('sentinel');
  const opened: Redis[] = [];
  const open = (port: number, secret: string) => {
    const client = direct(port, secret);
    opened.push(client);
    return client;
  };
  try {
    const [primaryPort, replicaPort, sentinelPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ] as [number, number, number];
    const common = (port: number) => [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--requirepass', password,
      '--masterauth', password,
    ]; // prettier-ignore
    await processes.start('primary', primaryPort, common(primaryPort), password);
    await processes.start(
      'replica',
      replicaPort,
      [...common(replicaPort), '--replicaof', '127.0.0.1', String(primaryPort)],
      password,
    );
    const replica = open(replicaPort, password);
    await until(async () => (await replica.info('replication')).includes('master_link_status:up'));

    const conf = join(processes.dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${processes.dir}`,
        'logfile sentinel.log',
        `requirepass ${sentinelPassword}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primaryPort} 1`,
        `sentinel auth-pass ${MASTER_NAME} ${password}`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 5000`,
        '',
      ].join('\n'),
    );
    await processes.start('sentinel', sentinelPort, [conf, '--sentinel'], sentinelPassword);
    const sentinel = open(sentinelPort, sentinelPassword);
    await until(async () => {
      const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as string[][];
      return replicas.some((fields) => fieldOf(fields, 'flags') === 'slave');
    }, 15_000);

    return {
      password,
      sentinelPassword,
      sentinelPort,
      ports: [primaryPort, replicaPort],
      env: {
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_MASTER: MASTER_NAME,
        REDIS_PASSWORD: password,
        REDIS_SENTINEL_PASSWORD: sentinelPassword,
      },
      sentinel,
      server: (port) => open(port, password),
      crash: (port) => processes.kill(port === primaryPort ? 'primary' : 'replica'),
      async primary() {
        const [host, port] = (await sentinel.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          MASTER_NAME,
        )) as [string, string];
        return { host, port: Number(port) };
      },
      async stop() {
        for (const client of opened) client.disconnect();
        await processes.stopAll();
      },
    };
  } catch (error) {
    for (const client of opened) client.disconnect();
    await processes.stopAll();
    throw error;
  }
}

/** A field of a `SENTINEL REPLICAS` entry (a flat name, value, name, value ... list). */
function fieldOf(fields: string[], name: string): string | undefined {
  const index = fields.indexOf(name);
  return index >= 0 ? fields[index + 1] : undefined;
}
