import type { Readable } from 'node:stream';
import { FormData, type Dispatcher } from 'undici';
import {
  PanelError,
  UpstreamBadResponseError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './errors.js';

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

export interface PanelClientOptions {
  /** The Panel API base, ending in `/panel` (e.g. `https://api.eu.navixy.com/v2/panel`). */
  baseUrl: string;
  /** An undici Pool (or any dispatcher) for the base URL's origin; made by `main.ts`. */
  dispatcher: Dispatcher;
  /** Time allowed for the answer's headers and, separately, between body chunks. */
  timeoutMs: number;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Creates the Panel client. Every response body is consumed, whatever the outcome. */
export function createPanelClient(options: PanelClientOptions): PanelClient {
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
  const { dispatcher, timeoutMs } = options;

  async function send(action: string, body: string | FormData, headers?: Record<string, string>) {
    try {
      return await dispatcher.request({
        method: 'POST',
        path: `${basePath}/${action}`,
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw transportError(action, error, timeoutMs);
    }
  }

  async function readText(action: string, response: Dispatcher.ResponseData): Promise<string> {
    try {
      return await response.body.text();
    } catch (error) {
      throw transportError(action, error, timeoutMs);
    }
  }

  return {
    async call(action, params) {
      const response = await send(action, JSON.stringify(params), HEADERS);
      return parseEnvelope(action, response.statusCode, await readText(action, response));
    },

    async download(action, params) {
      const response = await send(action, JSON.stringify(params), {
        'content-type': 'application/json',
      });
      const contentType = String(response.headers['content-type'] ?? 'application/octet-stream');
      if (response.statusCode === 200 && !contentType.includes('json')) {
        const disposition = response.headers['content-disposition'];
        return {
          contentType,
          contentDisposition: typeof disposition === 'string' ? disposition : undefined,
          body: response.body,
        };
      }
      const payload = parseEnvelope(action, response.statusCode, await readText(action, response));
      throw new UpstreamBadResponseError(
        action,
        200,
        `expected a file, got JSON with ${Object.keys(payload).join(', ')}`,
      );
    },

    async upload(action, fields, file) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', new Blob([file.data], { type: file.contentType }), file.filename);
      const response = await send(action, form, { accept: 'application/json' });
      return parseEnvelope(action, response.statusCode, await readText(action, response));
    },
  };
}

function transportError(action: string, error: unknown, timeoutMs: number): Error {
  const code = (error as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) return new UpstreamTimeoutError(action, timeoutMs, error);
  return new UpstreamUnreachableError(action, error);
}

interface Envelope {
  success?: unknown;
  status?: { code?: unknown; description?: unknown };
  errors?: unknown;
}

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
