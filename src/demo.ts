import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { ADMIN_SCOPE } from './auth/scope-catalog.js';
import { generateApiKey, sha256Hex } from './auth/key-format.js';
import { ConfigError, loadConfig } from './config/load.js';
import type { Config } from './config/config.js';
import { createGateway } from './wiring/gateway.js';
import { createHttpServer, listen, ListenError } from './http/server.js';
import { createMetrics } from './observability/metrics.js';
import { createLogger } from './observability/logger.js';
import { PANEL_ACTIONS } from './panel/actions.js';
import { DEFAULT_ACCOUNT, startSimulator } from '@navixy-panel-gateway/simulator';
import { createMemoryStore } from './store/memory-store.js';

/**
 * `npm run demo`: the gateway in front of the embedded Panel API simulator, with the in-memory
 * store and a fresh API key holding every scope. Nothing to install or configure but Node.
 */
async function demo(): Promise<void> {
  const sim = await startSimulator();
  const key = generateApiKey();
  const metricsToken = randomBytes(24).toString('base64url');
  // Every Navixy scope, and the gateway's own admin scope so /admin/keys can be tried too.
  const scopes = [
    ...new Set(Object.values(PANEL_ACTIONS).flatMap((a) => a.permissions)),
    ADMIN_SCOPE,
  ];
  const config: Config = {
    ...demoSettings(sim.url, metricsToken),
    apiKeys: [{ name: 'demo', sha256: sha256Hex(key), scopes }],
  };
  const logger = createLogger({ level: config.logLevel });
  const dispatcher = new Pool(new URL(sim.url).origin, { connections: 32 });
  const { app } = createGateway({
    config,
    logger,
    store: createMemoryStore(),
    dispatcher,
    metrics: createMetrics({ processMetrics: true }),
  });
  const server = createHttpServer(app, config.server);
  try {
    await listen(server, config.port, config.host, 'PORT');
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    const busy = (error.cause as NodeJS.ErrnoException).code === 'EADDRINUSE';
    const hint = busy ? `; run with another one: PORT=${config.port + 1} npm run demo` : '';
    console.error(`${error.message}${hint}`);
    process.exit(1);
  }
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
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled([dispatcher.close(), sim.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The demo's settings: the simulator's account, and what the operator may set (`PORT`,
 * `LOG_LEVEL`), validated like the gateway's own; a bad value ends the demo with the message.
 */
function demoSettings(simulatorUrl: string, metricsToken: string): Config {
  try {
    return loadConfig(
      {
        PORT: process.env.PORT ?? '8080',
        HOST: '127.0.0.1',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        PANEL_API_URL: simulatorUrl,
        PANEL_LOGIN: DEFAULT_ACCOUNT.login,
        PANEL_PASSWORD: DEFAULT_ACCOUNT.password,
        METRICS_TOKEN: metricsToken,
      },
      () => '',
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    console.error('See docs/settings.md.');
    process.exit(1);
  }
}

await demo();
