import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths pino censors in a log record. Records are built from explicit fields and never carry
 * request bodies, headers or upstream params, so this is the second line of defence, for the
 * places a secret could land if someone logged a whole object. Exact paths only: wildcard paths
 * cost ~19 µs per line (measured), a sixth of a request's CPU on the hot path.
 */
export const REDACT_PATHS = [
  'authorization',
  'password',
  'hash',
  'apiKey',
  'key',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'params.hash',
  'params.password',
  'upstream.params.hash',
  'upstream.params.password',
];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where records go; tests pass a stream that captures them. Defaults to {@link batchedStdout}. */
  destination?: DestinationStream;
}

/** How {@link batchedDestination} batches: the defaults are standard output's. */
export interface BatchOptions {
  /** A file descriptor or a file path. */
  dest: number | string;
  /** Lines are written once this many bytes are waiting... */
  minBytes?: number;
  /** ...or this many milliseconds after the last write, whichever comes first. */
  flushMs?: number;
  /** While the destination does not keep up, lines beyond this many waiting bytes are dropped. */
  maxBytes?: number;
  /** Called once per line dropped (see `maxBytes`). */
  onDrop?: () => void;
}

/** Bytes of log lines written at once: about ten request lines. */
export const LOG_BATCH_BYTES = 4096;
/** The longest a log line waits in the buffer. */
export const LOG_FLUSH_MS = 100;
/** Bytes of log lines held while standard output is blocked (a stalled log collector). */
export const LOG_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * A destination written asynchronously and in batches: a record is appended to a buffer, which
 * is written once it holds {@link LOG_BATCH_BYTES} or {@link LOG_FLUSH_MS} later, never by a
 * blocking write(2) on the request path. One asynchronous write per line cost more CPU than
 * the rest of the request log (a thread-pool round trip each; see docs/performance.md). pino
 * writes what is buffered synchronously when the process exits, `process.exit` and a crash
 * included, so shutdown loses no line. The buffer is bounded: while the destination does not
 * keep up, lines beyond {@link LOG_MAX_BUFFER_BYTES} are dropped and counted, instead of
 * growing memory without end.
 */
export function batchedDestination(options: BatchOptions): DestinationStream {
  const stream = pino.destination({
    dest: options.dest,
    sync: false,
    minLength: options.minBytes ?? LOG_BATCH_BYTES,
    maxLength: options.maxBytes ?? LOG_MAX_BUFFER_BYTES,
    periodicFlush: options.flushMs ?? LOG_FLUSH_MS,
  });
  const onDrop = options.onDrop;
  if (onDrop) stream.on('drop', () => onDrop());
  return stream;
}

/** Standard output, batched (see {@link batchedDestination}). */
export function batchedStdout(onDrop?: () => void): DestinationStream {
  return batchedDestination({ dest: 1, ...(onDrop ? { onDrop } : {}) });
}

/** A JSON logger with secret redaction; one instance per process, made in `main.ts`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'navixy-panel-gateway' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? batchedStdout(),
  );
}

export interface ErrorSummary {
  type: string;
  message: string;
  code?: string;
  /**
   * The error's cause, summarized alike: the errno and address behind an upstream failure.
   * Not named `cause`: pino's error serializer leaves a member of that name out.
   */
  causedBy?: ErrorSummary;
}

/**
 * What a log line says about a dependency's failure: type, message and code only, and the same
 * of its cause (two levels at most). An error's own properties can carry what was sent (ioredis
 * attaches the failed command with its arguments, which for the session key include the hash),
 * so they are never logged whole.
 */
export function errorSummary(error: unknown, depth = 2): ErrorSummary {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.cause !== undefined && depth > 1
      ? { causedBy: errorSummary(error.cause, depth - 1) }
      : {}),
  };
}
