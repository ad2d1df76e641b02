import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies above this answer error 9 Too large request (reference §2, HTTP 412). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The request body as text, or `undefined` when it exceeded `MAX_BODY_BYTES`. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  return (await readRawBody(req))?.toString('utf8');
}

/** The request body as bytes (multipart uploads), or `undefined` beyond `MAX_BODY_BYTES`. */
export function readRawBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined);
    });
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}
