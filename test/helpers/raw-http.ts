import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Express } from 'express';
import { answerClientError } from '../../src/http/client-error.js';

/** The app on a real listener on 127.0.0.1:0, with the `clientError` answer `main.ts` installs. */
export async function listenApp(app: Express): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(app).on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An answer read off the socket: the status, the headers (lower-cased names), the body. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `head` (and `body`) to a fresh connection byte for byte — request targets and headers
 * no HTTP client would send — and reads until the server closes it (so `head` should say
 * `Connection: close` unless the request is one the server refuses).
 */
export function rawRequest(port: number, head: string, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      // Not `end`: a half-closed connection reads as a client gone away. Send `Connection: close`.
      socket.write(Buffer.from(`${head}\r\n\r\n${body}`, 'latin1'));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseAnswer(Buffer.concat(chunks).toString('latin1'))));
  });
}

/**
 * Sends `first` and, once its answer is in, `second` on the same keep-alive connection; the text
 * of everything the server wrote until it closed the connection.
 */
export function rawKeepAlive(port: number, first: string, second: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let sentSecond = false;
    const socket = connect(port, '127.0.0.1', () => socket.write(`${first}\r\n\r\n`, 'latin1'));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!sentSecond && text.includes('\r\n\r\n')) {
        sentSecond = true;
        socket.write(`${second}\r\n\r\n`, 'latin1');
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}
