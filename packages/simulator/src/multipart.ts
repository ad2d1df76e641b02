/** One file part of a `multipart/form-data` body. */
export interface UploadedFile {
  readonly filename: string;
  /** The part's `Content-Type`, lower-cased; `application/octet-stream` when absent (RFC 7578 §4.4). */
  readonly contentType: string;
  readonly data: Buffer;
}

/**
 * The names of the parts a multipart body carried. It rides on `fields` (and so on the merged
 * parameters, which spread it) under a symbol key, so an action can tell a form part from a query
 * parameter of the same name (reference §1.3: image upload `type` in the query answers 234).
 */
export const FORM_PARTS: unique symbol = Symbol('multipart form parts');

/** A parsed `multipart/form-data` body: text parts and file parts, by part name. */
export interface MultipartForm {
  readonly fields: Readonly<Record<string, string>> & {
    readonly [FORM_PARTS]: ReadonlySet<string>;
  };
  readonly files: Readonly<Record<string, UploadedFile>>;
}

const BOUNDARY = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const NAME = /\bname="([^"]*)"/i;
const FILENAME = /\bfilename="([^"]*)"/i;
const CONTENT_TYPE = /^content-type:\s*([^\r\n;]+)/im;
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data` content type, or `undefined` for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'multipart/form-data') return undefined;
  const match = BOUNDARY.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

/** Whether a parameter value is a file part. */
export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'filename' in value && 'data' in value;
}

/** The part names of multipart parameters, or `undefined` when the request was not multipart. */
export function formPartsOf(params: object): ReadonlySet<string> | undefined {
  return (params as { [FORM_PARTS]?: ReadonlySet<string> })[FORM_PARTS];
}

/**
 * RFC 7578: parts separated by `--<boundary>`, each with headers, a blank line and its bytes.
 * Answers `undefined` for a body that does not follow the format (reference §2: error 5).
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  let start = body.indexOf(delimiter);
  if (start === -1) return undefined;
  for (;;) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) return undefined;
    // The part sits between the CRLF after one delimiter and the CRLF before the next.
    if (!readPart(body.subarray(partStart + 2, next - 2), fields, files)) return undefined;
    start = next;
  }
  const names = new Set([...Object.keys(fields), ...Object.keys(files)]);
  return { fields: Object.assign(fields, { [FORM_PARTS]: names }), files };
}

function readPart(
  part: Buffer,
  fields: Record<string, string>,
  files: Record<string, UploadedFile>,
): boolean {
  const headerEnd = part.indexOf(HEADER_END);
  if (headerEnd === -1) return false;
  const headers = part.subarray(0, headerEnd).toString('utf8');
  const data = part.subarray(headerEnd + HEADER_END.length);
  const name = NAME.exec(headers)?.[1];
  if (name === undefined) return false;
  const filename = FILENAME.exec(headers)?.[1];
  if (filename === undefined) {
    fields[name] = data.toString('utf8');
    return true;
  }
  const contentType = (CONTENT_TYPE.exec(headers)?.[1] ?? 'application/octet-stream').trim();
  files[name] = { filename, contentType: contentType.toLowerCase(), data: Buffer.from(data) };
  return true;
}
