import type { Cluster, Redis } from 'ioredis';

/** A Redis client of any topology: one server, a Sentinel-watched primary, or a Cluster. */
export type RedisClient = Redis | Cluster;

/** A `host:port` address of a Sentinel or of a Cluster node. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Which Redis the instances share, and how to find its primary. */
export type RedisTopology =
  | { mode: 'standalone'; url: string }
  | { mode: 'sentinel'; sentinels: RedisNode[]; masterName: string }
  | { mode: 'cluster'; nodes: RedisNode[] };

/** A topology plus the credentials and TLS that hold for every server of it. */
export type RedisSettings = RedisTopology & {
  /** ACL user (Redis 6+); unset: `default`. */
  username?: string;
  password?: string;
  /** The Sentinels' own password (`requirepass` of the Sentinels), when they have one. */
  sentinelPassword?: string;
  /** TLS to every server (Sentinels included); in standalone mode `rediss://` also turns it on. */
  tls: boolean;
  /** PEM of the CA that signs the servers' certificates; unset: the system's CAs. */
  tlsCa?: string;
};
