import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { ActionRegistry } from './actions/registry.js';
import { CallRecorder } from './call-log.js';
import { createControl } from './control.js';
import type { ControlSurface } from './control.js';
import { handleControlCall } from './control-routes.js';
import { FaultPlan } from './faults.js';
import { sendText } from './http-io.js';
import { handlePanelCall } from './panel-handler.js';
import type { PanelDeps } from './panel-handler.js';
import { DEFAULT_SESSION_TTL_MS, SessionStore } from './sessions.js';
import { ShapeMode } from './shapes.js';
import { SimulatorStore } from './store.js';
import type { Simulator, SimulatorOptions } from './types.js';

const PANEL_PREFIX = '/v2/panel';
const CONTROL_PREFIX = '/__control/';

/**
 * Starts a Navixy Panel API simulator on `host:port` (default 127.0.0.1, an ephemeral port),
 * seeded with dealer 20410's deterministic data.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
  const ttlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  if (!(ttlMs > 0)) throw new RangeError(`sessionTtlMs must be positive, got ${ttlMs}`);
  const shapes = new ShapeMode(options.legacyShapes ?? []);
  const store = new SimulatorStore(new Set(accounts.map((account) => account.dealerId)));
  const sessions = new SessionStore([...accounts, ...store.seededAccounts], ttlMs);
  const recorder = new CallRecorder();
  const faults = new FaultPlan();
  const closing = new AbortController();
  // Every delayed call listens on it at once (latency faults under load): no listener limit.
  setMaxListeners(0, closing.signal);
  const deps: PanelDeps = {
    registry: new ActionRegistry(),
    store,
    sessions,
    recorder,
    faults,
    shapes,
    closing: closing.signal,
  };
  const control = createControl({ faults, recorder, sessions, shapes });
  const server = createServer((req, res) => void serve(deps, control, req, res));
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${PANEL_PREFIX}`,
    control,
    close: () => close(server, closing),
  };
}

/** Routes `/v2/panel/...` and `/__control/...`; anything else is a plain 404. */
async function serve(
  deps: PanelDeps,
  control: ControlSurface,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    if (path === PANEL_PREFIX || path.startsWith(`${PANEL_PREFIX}/`)) {
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('allow', 'GET, POST');
        return sendText(res, 405, 'Method Not Allowed');
      }
      const name = path.slice(PANEL_PREFIX.length).replace(/^\/+|\/+$/g, '');
      return await handlePanelCall(deps, req, res, url.searchParams, name);
    }
    if (path.startsWith(CONTROL_PREFIX)) {
      return await handleControlCall(control, req, res, path.slice(CONTROL_PREFIX.length));
    }
    sendText(res, 404, 'Not Found');
  } catch (error) {
    // A closed simulator or a client that went away: nothing left to answer.
    if (!deps.closing.aborted && !req.destroyed) console.error('simulator: request failed', error);
    req.socket.destroy();
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server, closing: AbortController): Promise<void> {
  closing.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
