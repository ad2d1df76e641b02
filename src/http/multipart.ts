import busboy from 'busboy';
import type { Request } from 'express';
import { GatewayError } from '../problems/gateway-error.js';

/** The file part of an upload, held in memory. */
export interface UploadFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A parsed `multipart/form-data` request: its text fields and its one file. */
export interface Upload {
  fields: Record<string, string>;
  file: UploadFile | undefined;
}

/**
 * Reads a multipart body with one file part named `file`, holding at most `maxBytes` of it in
 * memory. Beyond the limit the request is refused with 413 before the rest is read.
 */
export function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(
      new GatewayError('UNSUPPORTED_MEDIA_TYPE', {
        detail: 'Send the file as multipart/form-data with the part "file".',
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadFile | undefined;
    let failed = false;
    const fail = (error: GatewayError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // drain what the client still sends, so it can read the answer
      reject(error);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000, parts: 21 },
      });
    } catch {
      // busboy throws at once on a header it cannot use (no boundary): the client's fault.
      reject(malformed());
      return;
    }
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      // A body cut short destroys the open part with busboy's error: unheard, it would crash.
      stream.on('error', () => fail(malformed()));
      if (name !== 'file') return stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('end', () => {
        file = {
          filename: info.filename || 'upload',
          contentType: info.mimeType,
          data: Buffer.concat(chunks),
        };
      });
    });
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (!failed) resolve({ fields, file });
    });
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError('PAYLOAD_TOO_LARGE', {
    detail: `The file is larger than the limit of ${maxBytes} bytes.`,
  });
}

function malformed(): GatewayError {
  return new GatewayError('MALFORMED_BODY', { detail: 'The multipart body could not be read' });
}
