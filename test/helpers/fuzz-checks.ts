import type { Client } from 'undici';
import type { FuzzRequest } from './fuzz-requests.js';
import { rawRequest } from './raw-http.js';

/** An answer as the fuzz judges it: status, headers and the whole body as text. */
export interface FuzzAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends one generated request over the socket and reads the whole answer: with undici, or
 * written byte for byte when it repeats a header (undici refuses a second Host).
 */
export async function sendFuzzRequest(
  client: Client,
  req: FuzzRequest,
  port: number,
): Promise<FuzzAnswer> {
  if (req.duplicates) return sendRaw(port, req, req.duplicates);
  const res = await client.request({
    method: req.method,
    path: req.path,
    headers: req.headers,
    body: req.body,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

async function sendRaw(
  port: number,
  req: FuzzRequest,
  duplicates: [string, string][],
): Promise<FuzzAnswer> {
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  // A raw byte above 0x7e in the target is a parse error Node answers before it knows the
  // method (with a body even to HEAD, which undici never reads): these requests are about their
  // headers, so such bytes go percent-encoded.
  const target = req.path.replace(/[^\x21-\x7e]/g, encodeURIComponent);
  const lines = [
    `${req.method} ${target} HTTP/1.1`,
    'Host: fuzz.example',
    ...Object.entries(req.headers).map(([name, value]) => `${name}: ${value}`),
    ...duplicates.map(([name, value]) => `${name}: ${value}`),
    ...(body.length > 0 ? [`Content-Length: ${body.length}`] : []),
    'Connection: close',
  ];
  const res = await rawRequest(port, lines.join('\r\n'), body.toString('latin1'));
  return {
    status: res.status,
    headers: res.headers,
    text: Buffer.from(res.body, 'latin1').toString(),
  };
}

/** Traces of a stack or of the source tree, which no answer may show. */
const LEAKS = [/\bat [\w.<>]+ \(/, /\.ts:\d/, /node_modules/, /\/src\//, /\/work\//];

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'code', 'requestId'] as const;

/**
 * The properties every answer has, whatever was sent: never a 5xx (the simulator is healthy, so
 * a 5xx can only be the gateway's fault), errors always problem+json naming their own status, and
 * no stack trace, source path or secret in any body. Returns what is wrong, or nothing.
 */
export function answerViolations(
  req: FuzzRequest,
  res: FuzzAnswer,
  secrets: readonly string[],
): string[] {
  const wrong: string[] = [];
  if (res.status >= 500) wrong.push(`status ${res.status}`);
  if (req.ambiguous && res.status < 400) wrong.push(`an ambiguous request served ${res.status}`);
  for (const leak of LEAKS) if (leak.test(res.text)) wrong.push(`body matches ${String(leak)}`);
  for (const secret of secrets) if (res.text.includes(secret)) wrong.push('a secret in the body');
  if (res.status >= 400) wrong.push(...problemViolations(req, res));
  return wrong;
}

function problemViolations(req: FuzzRequest, res: FuzzAnswer): string[] {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return [`content-type "${type}"`];
  if (req.method === 'HEAD') return res.text === '' ? [] : ['a body on HEAD'];
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    return ['a problem body that is not JSON'];
  }
  const wrong = PROBLEM_MEMBERS.filter((m) => body[m] === undefined).map((m) => `no ${m}`);
  if (body.status !== res.status) wrong.push(`problem status ${String(body.status)}`);
  if (body.requestId !== res.headers['x-request-id']) wrong.push('requestId is not X-Request-Id');
  return wrong;
}

/** Log records that betray a crash or an unexpected error: none may appear. */
export function errorRecords(records: readonly Record<string, unknown>[]): unknown[] {
  return records.filter((r) => r.level === 'error' || r.level === 'fatal');
}
