import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyStoreConfig } from '../../src/config/load.js';
import { openRedis } from '../../src/store/redis-connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import {
  freePort,
  redisProcesses,
  requireRedisBinaries,
  type RedisProcesses,
} from '../helpers/redis-processes.js';
import { until } from '../helpers/wait.js';

/**
 * TLS to Redis, one server and through a Sentinel, both TLS-only (`--port 0`) with a CA made for
 * the test by `openssl`: the settings' CA file is what the connection trusts, and nothing is
 * ever sent in clear.
 */
const PASSWORD = 'tls-data-secret-40c1';
const MASTER = 'npg-tls';
let processes: RedisProcesses;
let serverPort: number;
let sentinelPort: number;
const files = new Map<string, string>();
const opened: Store[] = [];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: processes.dir, stdio: 'ignore' });
}

/** A CA, and a certificate it signs for 127.0.0.1. */
function makeCertificates(): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-days', '1', '-subj', '/CN=npg-test-ca']); // prettier-ignore
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr',
    '-subj', '/CN=127.0.0.1']); // prettier-ignore
  writeFileSync(join(processes.dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key',
    '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.cnf']); // prettier-ignore
  files.set('/etc/npg/redis-ca.pem', readFileSync(join(processes.dir, 'ca.crt'), 'utf8'));
}

const tlsArgs = () => [
  '--port', '0',
  '--bind', '127.0.0.1',
  '--tls-cert-file', join(processes.dir, 'server.crt'),
  '--tls-key-file', join(processes.dir, 'server.key'),
  '--tls-ca-cert-file', join(processes.dir, 'ca.crt'),
  '--tls-auth-clients', 'no',
]; // prettier-ignore

beforeAll(async () => {
  requireRedisBinaries(['openssl']);
  processes = redisProcesses('tls');
  makeCertificates();
  [serverPort, sentinelPort] = [await freePort(), await freePort()];
  const ca = { ca: files.get('/etc/npg/redis-ca.pem')! };
  await processes.start(
    'server',
    serverPort,
    [...tlsArgs(), '--tls-port', String(serverPort), '--requirepass', PASSWORD,
      '--save', '', '--appendonly', 'no'], // prettier-ignore
    PASSWORD,
    ca,
  );
  const conf = join(processes.dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `dir ${processes.dir}`,
      'tls-replication yes',
      `sentinel monitor ${MASTER} 127.0.0.1 ${serverPort} 1`,
      `sentinel auth-pass ${MASTER} ${PASSWORD}`,
      '',
    ].join('\n'),
  );
  await processes.start(
    'sentinel',
    sentinelPort,
    [conf, '--sentinel', ...tlsArgs(), '--tls-port', String(sentinelPort)],
    undefined,
    ca,
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await processes?.stopAll();
});

/** A store as the keys CLI would make it from `env`, its errors collected. */
function storeFrom(env: Record<string, string>, errors: string[]): Store {
  const { redis } = loadKeyStoreConfig(env, (path) => files.get(path) ?? '');
  const store = createRedisStore(
    openRedis(redis!, (error) => errors.push(error.message)),
    'npg-tls:',
  );
  opened.push(store);
  return store;
}

async function works(store: Store): Promise<void> {
  await until(() =>
    store.ping().then(
      () => true,
      () => false,
    ),
  );
  await store.set('greeting', 'over TLS', 60_000);
  expect(await store.get('greeting')).toBe('over TLS');
}

describe('TLS to Redis', () => {
  it('reaches one TLS server through rediss:// with the CA of REDIS_TLS_CA_FILE', async () => {
    const errors: string[] = [];
    await works(
      storeFrom(
        {
          REDIS_URL: `rediss://127.0.0.1:${serverPort}`,
          REDIS_PASSWORD: PASSWORD,
          REDIS_TLS_CA_FILE: '/etc/npg/redis-ca.pem',
        },
        errors,
      ),
    );
    expect(errors).toEqual([]);
  });

  it('reaches the primary through a TLS Sentinel with REDIS_TLS=on, Sentinel and primary both', async () => {
    await works(
      storeFrom(
        {
          REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
          REDIS_SENTINEL_MASTER: MASTER,
          REDIS_PASSWORD: PASSWORD,
          REDIS_TLS: 'on',
          REDIS_TLS_CA_FILE: '/etc/npg/redis-ca.pem',
        },
        [],
      ),
    );
  });

  it('refuses a server its CA did not sign, and never falls back to plain text', async () => {
    const errors: string[] = [];
    const store = storeFrom(
      { REDIS_URL: `rediss://127.0.0.1:${serverPort}`, REDIS_PASSWORD: PASSWORD },
      errors,
    );
    await until(() => errors.length > 0);
    await expect(store.ping()).rejects.toThrow();
    expect(errors.join('\n')).toMatch(/certificate/i);
    expect(errors.join('\n')).not.toContain(PASSWORD);
  });
});
