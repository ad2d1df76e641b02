import type { Readable } from 'node:stream';
import type { OutboundLane } from '../observability/upstream-trace.js';
import { FormData, type Dispatcher } from 'undici';
import {
  PanelError,
  UpstreamBadResponseError,
  UpstreamDeadlineError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';
import { noteUpstreamStatus, withTraceHeaders, type SpanScope } from '../observability/spans.js';

/** A Panel API answer with `success` removed. */
export type PanelPayload = Record<string, unknown>;

/** A file the Panel API answered with (`user/export`), streamed through unread. */
export interface PanelFile {
  contentType: string;
  contentDisposition?: string;
  body: Readable;
}

/** A file sent to the Panel API as the multipart part `file` (§1.3: uploads need multipart). */
export interface UploadFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Limits of one call, set by the client request it serves. */
export interface CallOptions {
  /**
   * Epoch milliseconds by which the client request must be answered: no attempt, retry or
   * wait for the account's rate limit may go past it.
   */
  deadline?: number;
  /**
   * A readiness probe's call (a login for `/readyz`): the circuit breaker neither refuses nor
   * counts it, so probes a load balancer sends all day never open the circuit clients meet.
   */
  probe?: boolean;
  /**
   * The call's span (OpenTelemetry), when the request is traced: each attempt names it as the
   * parent in its `traceparent` and records Navixy's HTTP status on it.
   */
  span?: SpanScope;
  /** The call's lane of the outbound rate limit (see {@link OutboundLane}); default `normal`. */
  lane?: OutboundLane;
}

/** Talks to the Panel API: one POST per action, JSON in and out (reference §1.2, §1.3, §1.5). */
export interface PanelClient {
  /** Calls `action` (e.g. `user/read`) with `params` (the session `hash` included by the caller). */
  call(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<PanelPayload>;
  /** Calls an action that answers a file on success and the JSON envelope on failure (§5.14). */
  download(
    action: string,
    params: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<PanelFile>;
  /** Calls an upload action with form fields (the `hash` among them) and one file. */
  upload(
    action: string,
    fields: Record<string, string>,
    file: UploadFile,
    options?: CallOptions,
  ): Promise<PanelPayload>;
}

/** Sends one attempt of a call, with the options it should go out with. */
export type Send<T> = (options: CallOptions | undefined) => Promise<T>;

/** Runs one call of `action` through a policy that may refuse, delay or repeat `send`. */
export type AroundCall = <T>(
  action: string,
  options: CallOptions | undefined,
  send: Send<T>,
) => Promise<T>;

/**
 * A client whose every call, download and upload goes through `around`: the way per-account
 * policies (circuit breaker, retries, rate limit) stack on the one shared client.
 */
export function wrapClient(client: PanelClient, around: AroundCall): PanelClient {
  return {
    call: (action, params, options) =>
      around(action, options, (o) => client.call(action, params, o)),
    download: (action, params, options) =>
      around(action, options, (o) => client.download(action, params, o)),
    upload: (action, fields, file, options) =>
      around(action, options, (o) => client.upload(action, fields, file, o)),
  };
}

export interface PanelClientOptions {
  /** The Panel API base, ending in `/panel` (e.g. `https://api.eu.navixy.com/v2/panel`). */
  baseUrl: string;
  /** An undici Pool (or any dispatcher) for the base URL's origin; made by `main.ts`. */
  dispatcher: Dispatcher;
  /** Time allowed for one attempt (`UPSTREAM_TIMEOUT_MS`), cut short by the call's deadline. */
  timeoutMs: number;
  now?: () => number;
}

/** Failures while connecting: nothing of the request was sent, so Navixy cannot have run it. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** One attempt's time limit, enforced by an abort signal. */
interface Attempt {
  action: string;
  limitMs: number;
  signal: AbortSignal;
  /** Stops the clock: the answer is in (or, for a file, its headers are). */
  finish(): void;
}

/** Creates the Panel client. Every response body is consumed, whatever the outcome. */
export function createPanelClient(options: PanelClientOptions): PanelClient {
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
  const { dispatcher, timeoutMs, now = Date.now } = options;

  /**
   * undici's `headersTimeout` alone is coarse (a 150 ms one was seen firing after ~950 ms), so
   * each attempt runs under its own timer: `UPSTREAM_TIMEOUT_MS`, or less when the request's
   * deadline comes first. Past the deadline nothing is sent at all.
   */
  function startAttempt(action: string, callOptions: CallOptions | undefined): Attempt {
    const left = callOptions?.deadline === undefined ? Infinity : callOptions.deadline - now();
    const limitMs = Math.min(timeoutMs, Math.floor(left));
    if (limitMs <= 0) throw new UpstreamDeadlineError(action);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    return { action, limitMs, signal: controller.signal, finish: () => clearTimeout(timer) };
  }

  async function send(
    attempt: Attempt,
    body: string | FormData,
    headers: Record<string, string>,
    span: SpanScope | undefined,
  ): Promise<Dispatcher.ResponseData> {
    try {
      const response = await dispatcher.request({
        method: 'POST',
        path: `${basePath}/${attempt.action}`,
        headers: span ? withTraceHeaders(span, headers) : headers,
        body,
        signal: attempt.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      if (span) noteUpstreamStatus(span, attempt.action, response.statusCode);
      return response;
    } catch (error) {
      attempt.finish();
      throw transportError(attempt, error);
    }
  }

  async function readText(attempt: Attempt, response: Dispatcher.ResponseData): Promise<string> {
    try {
      return await response.body.text();
    } catch (error) {
      throw transportError(attempt, error);
    } finally {
      attempt.finish();
    }
  }

  async function exchange(
    action: string,
    body: string | FormData,
    headers: Record<string, string>,
    callOptions: CallOptions | undefined,
  ): Promise<PanelPayload> {
    const attempt = startAttempt(action, callOptions);
    const response = await send(attempt, body, headers, callOptions?.span);
    return parseEnvelope(action, response.statusCode, await readText(attempt, response));
  }

  return {
    call: (action, params, callOptions) =>
      exchange(action, JSON.stringify(params), HEADERS, callOptions),

    async download(action, params, callOptions) {
      const attempt = startAttempt(action, callOptions);
      const response = await send(
        attempt,
        JSON.stringify(params),
        { 'content-type': 'application/json' },
        callOptions?.span,
      );
      const contentType = String(response.headers['content-type'] ?? 'application/octet-stream');
      if (response.statusCode === 200 && !contentType.includes('json')) {
        // The file streams to the client at its own pace; `bodyTimeout` still bounds each gap.
        attempt.finish();
        const disposition = response.headers['content-disposition'];
        return {
          contentType,
          contentDisposition: typeof disposition === 'string' ? disposition : undefined,
          body: response.body,
        };
      }
      const payload = parseEnvelope(action, response.statusCode, await readText(attempt, response));
      throw new UpstreamBadResponseError(
        action,
        200,
        `expected a file, got JSON with ${Object.keys(payload).join(', ')}`,
      );
    },

    upload(action, fields, file, callOptions) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([file.data], { type: file.contentType }), file.filename);
      return exchange(action, form, { accept: 'application/json' }, callOptions);
    },
  };
}

function transportError(attempt: Attempt, error: unknown): Error {
  const { action, limitMs } = attempt;
  if (attempt.signal.aborted) return new UpstreamTimeoutError(action, limitMs, error);
  const code = (error as { code?: string }).code ?? '';
  const delivery = NOT_SENT_CODES.has(code) ? 'no' : 'maybe';
  if (TIMEOUT_CODES.has(code)) return new UpstreamTimeoutError(action, limitMs, error, delivery);
  return new UpstreamUnreachableError(action, error, delivery);
}

interface Envelope {
  success?: unknown;
  status?: { code?: unknown; description?: unknown };
  errors?: unknown;
}

/**
 * Actions whose success answer is a bare JSON array rather than the envelope: [MD]'s
 * `user/menu/preset/items/list` (reference §7). Their array is read as the envelope's `list`.
 */
const BARE_ARRAY_ACTIONS: ReadonlySet<string> = new Set(['user/menu/preset/items/list']);

/**
 * Success is HTTP 200 with `success: true`; a failure is any other status (or `success: false`)
 * with `status: {code, description}` and, for code 7, `errors[]` (reference §1.5).
 */
function parseEnvelope(action: string, statusCode: number, text: string): PanelPayload {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamBadResponseError(action, statusCode, 'the body is not JSON');
  }
  if (statusCode === 200 && Array.isArray(body) && BARE_ARRAY_ACTIONS.has(action)) {
    return { list: body };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamBadResponseError(action, statusCode, 'the body is not a JSON object');
  }
  const envelope = body as Envelope & PanelPayload;
  if (statusCode === 200 && envelope.success === true) {
    delete envelope.success;
    return envelope;
  }
  const code = envelope.status?.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    throw new UpstreamBadResponseError(action, statusCode, 'the body has no error status code');
  }
  const description = envelope.status?.description;
  throw new PanelError({
    action,
    navixyCode: code,
    description: typeof description === 'string' ? description : 'no description',
    httpStatus: statusCode,
    errors: parseFieldErrors(envelope.errors),
  });
}

function parseFieldErrors(errors: unknown): { parameter: string; error: string }[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    const item = e as { parameter?: unknown; error?: unknown } | null;
    return item && typeof item.parameter === 'string' && typeof item.error === 'string'
      ? [{ parameter: item.parameter, error: item.error }]
      : [];
  });
}
