import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './client-error.js';

/**
 * Limits of the client-facing listener, so a slow or idle client holds nothing for long: the
 * time to send the headers, the whole request, the idle time of a kept-alive connection, and
 * the connections open at once (beyond it new ones are closed at once).
 */
export interface ServerSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/**
 * The client-facing HTTP server of `app`, with the limits of {@link ServerSettings}. Node checks
 * the header and request timeouts of open connections every `connectionsCheckingInterval`
 * (30 s by default, which is how a 60 s timeout becomes 77 s): a second here, less for short
 * timeouts, so a timeout means what the setting says. What Node refuses (a timeout, a request
 * it cannot parse) is answered as problem+json by {@link answerClientError}.
 */
export function createHttpServer(app: RequestListener, settings: ServerSettings): Server {
  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(settings.headersTimeoutMs / 4)),
    },
    app,
  );
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.maxConnections;
  server.on('clientError', answerClientError);
  return server;
}

/** Why a listener could not start, as the `error` of `listen` says it. */
export class ListenError extends Error {
  constructor(
    readonly address: string,
    readonly settings: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`Cannot listen on ${address} (${settings}): ${reason(cause)}`, { cause });
    this.name = 'ListenError';
  }
}

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'the port is already in use (EADDRINUSE)';
    case 'EADDRNOTAVAIL':
      return 'this address is not on this host (EADDRNOTAVAIL)';
    case 'EACCES':
      return 'permission denied; ports below 1024 need privileges (EACCES)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${error.code})`;
    default:
      return error.message;
  }
}

/**
 * Starts `server` on `host:port`; rejects with a {@link ListenError} naming the address and the
 * settings that chose it (`settings`, e.g. `PORT, HOST`), for the operator to fix.
 */
export function listen(
  server: Server,
  port: number,
  host: string,
  settings: string,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const shown = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      reject(new ListenError(shown, settings, error));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(server.address() as AddressInfo);
    });
  });
}
