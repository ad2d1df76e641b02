import { request } from 'undici';
import { DEFAULT_ACCOUNT, startSimulator } from '../src/index.js';
import { READ_ONLY } from './fixtures.js';
import type { Simulator, SimulatorAccount } from '../src/index.js';

export type Transport = 'json' | 'form' | 'query';

/** Parsed JSON, as loosely typed as `JSON.parse` (and supertest's `res.body`) makes it. */
export type Json = ReturnType<typeof JSON.parse>;

export interface Answer {
  status: number;
  contentType: string;
  /** The parsed body for a JSON answer, else the text. */
  body: Json;
}

export interface CallOptions {
  transport?: Transport;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
}

/** Reference §1.3: in form and query transports every value is text, nested ones JSON-encoded. */
function asText(params: Record<string, unknown>): string {
  const pairs = Object.entries(params).map(([key, value]): [string, string] => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return new URLSearchParams(pairs).toString();
}

/** Calls one Panel action and always reads the whole body. */
export async function call(
  simulator: Simulator,
  action: string,
  params: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<Answer> {
  const transport = options.transport ?? 'json';
  const query = transport === 'query' ? `?${asText(params)}` : '';
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (transport === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(params);
  } else if (transport === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = asText(params);
  }
  const method = options.method ?? (transport === 'query' ? 'GET' : 'POST');
  const response = await request(`${simulator.url}/${action}${query}`, { method, headers, body });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  const parsed = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  return { status: response.statusCode, contentType, body: parsed };
}

/** Logs in with the default account (or another) and returns the hash. */
export async function login(
  simulator: Simulator,
  account: { login: string; password: string } = DEFAULT_ACCOUNT,
): Promise<string> {
  const answer = await call(simulator, 'account/auth', {
    login: account.login,
    password: account.password,
  });
  if (answer.status !== 200) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
  return answer.body.hash as string;
}

/** A raw request outside `/v2/panel` (control endpoints, unknown paths). */
export async function raw(
  simulator: Simulator,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<Answer> {
  const origin = new URL(simulator.url).origin;
  const response = await request(`${origin}${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  const body = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  return { status: response.statusCode, contentType, body };
}

/** The Navixy error envelope of reference §1.5. */
export function navixyError(code: number, description: string): Record<string, unknown> {
  return { success: false, status: { code, description } };
}

/** A simulator with the default and a read-only account, and a session of the default one. */
export async function startLoggedIn(
  readOnly: SimulatorAccount = READ_ONLY,
): Promise<{ simulator: Simulator; hash: string }> {
  const simulator = await startSimulator({ accounts: [DEFAULT_ACCOUNT, readOnly] });
  return { simulator, hash: await login(simulator) };
}

/** `tracker/read`'s whole body. */
export async function readTracker(simulator: Simulator, hash: string, id: number): Promise<Json> {
  return (await call(simulator, 'tracker/read', { hash, tracker_id: id })).body;
}

/** Plain hardware trackers of a list: not a clone, not deleted, not blocked, not a phone app. */
export function plainTrackers(all: readonly Json[]): Json[] {
  return all.filter(
    (t) =>
      !t.clone &&
      !t.deleted &&
      !t.source.blocked &&
      /^(tel|ql|concox|ruptela)/.test(t.source.model),
  );
}
