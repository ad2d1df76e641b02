import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { ADMIN_SCOPE } from './admin/admin-route.js';
import { generateApiKey, sha256Hex } from './auth/api-keys.js';
import { loadConfig, type Config } from './config.js';
import { createGateway } from './gateway.js';
import { createMetrics } from './observability/metrics.js';
import { createLogger } from './observability/logger.js';
import { PANEL_ACTIONS } from './panel/actions.js';
import { DEFAULT_ACCOUNT, startSimulator } from './simulator/index.js';
import { createMemoryStore } from './store/memory-store.js';

/**
 * `npm run demo`: the gateway in front of the embedded Panel API simulator, with the in-memory
 * store and a fresh API key holding every scope. Nothing to install or configure but Node.
 */
async function demo(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const sim = await startSimulator();
  const key = generateApiKey();
  const metricsToken = randomBytes(24).toString('base64url');
  // Every Navixy scope, and the gateway's own admin scope so /admin/keys can be tried too.
  const scopes = [
    ...new Set(Object.values(PANEL_ACTIONS).flatMap((a) => a.permissions)),
    ADMIN_SCOPE,
  ];
  const config: Config = {
    ...loadConfig(
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        PANEL_API_URL: sim.url,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        METRICS_TOKEN: metricsToken,
      },
      () => '',
    ),
    apiKeys: [{ name: 'demo', sha256: sha256Hex(key), scopes }],
  };
  const logger = createLogger({ level: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn' });
  const dispatcher = new Pool(new URL(sim.url).origin, { connections: 32 });
  const { app } = createGateway({
    config,
    logger,
    store: createMemoryStore(),
    dispatcher,
    metrics: createMetrics({ processMetrics: true }),
  });
  const server = app.listen(port, '127.0.0.1', () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`Navixy Panel Gateway demo on ${base}`);
    console.log(`  upstream: embedded Panel API simulator at ${sim.url}`);
    console.log(`  store:    in memory (single instance)\n`);
    console.log(`Demo API key (scopes: ${scopes.join(' ')}):\n  ${key}\n`);
    console.log('Try:');
    console.log(`  curl -H "Authorization: Bearer ${key}" ${base}/v1/dealer`);
    console.log(`  curl -H "X-API-Key: ${key}" "${base}/v1/users?limit=3&sort=lastName"`);
    console.log(`  curl -H "Authorization: Bearer ${metricsToken}" ${base}/metrics\n`);
    console.log(`API description: ${base}/openapi.yaml   Stop with Ctrl+C.`);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is in use; run with another one: PORT=8081 npm run demo`
        : `Cannot listen on port ${port}: ${error.message}`,
    );
    process.exit(1);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled([dispatcher.close(), sim.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await demo();
