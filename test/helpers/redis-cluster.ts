import type { RedisNode } from '../../src/store/redis-settings.js';
import {
  direct,
  freePort,
  redisCli,
  redisProcesses,
  requireRedisBinaries,
} from './redis-processes.js';
import { until } from './wait.js';

/** A three-master Redis Cluster of the test's own on 127.0.0.1, password protected. */
export interface TestCluster {
  nodes: RedisNode[];
  password: string;
  /** The settings that point a gateway at it. */
  env: Record<string, string>;
  /** How many of `keys` (full names) each master holds, by port. */
  keysPerNode(pattern: string): Promise<Map<number, number>>;
  stop(): Promise<void>;
}

/**
 * Starts three `redis-server --cluster-enabled yes` processes and joins them with
 * `redis-cli --cluster create` (16384 slots split three ways, no replicas), then waits until
 * every node says `cluster_state:ok`.
 */
export async function startCluster(password: string): Promise<TestCluster> {
  requireRedisBinaries();
  const processes = redisProcesses('cluster');
  try {
    const ports = await distinctPorts(6);
    const nodes = [0, 1, 2].map((i) => ({ host: '127.0.0.1', port: ports[i]! }));
    await Promise.all(
      nodes.map((node, i) =>
        processes.start(
          `node-${node.port}`,
          node.port,
          [
            '--port', String(node.port),
            '--bind', '127.0.0.1',
            '--cluster-enabled', 'yes',
            '--cluster-port', String(ports[i + 3]),
            '--cluster-config-file', `nodes-${node.port}.conf`,
            '--cluster-node-timeout', '2000',
            '--save', '',
            '--appendonly', 'no',
            '--requirepass', password,
            '--masterauth', password,
          ], // prettier-ignore
          password,
        ),
      ),
    );
    await redisCli(
      ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-yes'],
      password,
    );
    const clients = nodes.map((node) => direct(node.port, password));
    try {
      await until(async () => {
        const states = await Promise.all(clients.map((c) => c.cluster('INFO').catch(() => '')));
        return states.every((info) => String(info).includes('cluster_state:ok'));
      }, 20_000);
    } finally {
      for (const client of clients) client.disconnect();
    }
    return {
      nodes,
      password,
      env: {
        REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(','),
        REDIS_PASSWORD: password,
      },
      async keysPerNode(pattern) {
        const counts = new Map<number, number>();
        for (const node of nodes) {
          const client = direct(node.port, password);
          counts.set(node.port, (await client.keys(pattern)).length);
          client.disconnect();
        }
        return counts;
      },
      stop: () => processes.stopAll(),
    };
  } catch (error) {
    await processes.stopAll();
    throw error;
  }
}

/** `count` free ports, all different (a node's client port and its cluster bus port). */
async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
