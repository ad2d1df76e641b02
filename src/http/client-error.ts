import { randomUUID } from 'node:crypto';
import { IncomingMessage, STATUS_CODES, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PROBLEMS, type ProblemCode } from '../problems/catalogue.js';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';
import { securityHeaders } from './security-headers.js';

/** Our codes for what Node's parser refuses; their statuses are Node's own `clientError` defaults. */
const PARSE_FAILURES: Record<string, ProblemCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * The server's `clientError` listener. A request Node cannot parse (an unknown method, a raw
 * non-ASCII byte in the target, oversized headers) never reaches the app, and Node's default
 * answer has no body; this one is the same status as problem+json, like every other error.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // As Node's default does: answer unless a response on this connection is already under way,
  // where more bytes would corrupt it (the socket's earlier keep-alive answers are no obstacle).
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const code = PARSE_FAILURES[error.code ?? ''] ?? 'MALFORMED_REQUEST';
  const { status, title } = PROBLEMS[code];
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: problemType(code),
    title,
    status,
    detail: 'The request could not be read as HTTP/1.1; nothing was done.',
    code,
    requestId,
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? title}\r\n` +
      securityHeaderLines() +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The headers helmet puts on every answer of the app, for this one written past the app. */
function securityHeaderLines(): string {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  securityHeaders()(req, res, () => undefined);
  return Object.entries(res.getHeaders())
    .map(([name, value]) => `${name}: ${String(value)}\r\n`)
    .join('');
}
