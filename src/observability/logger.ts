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
  /** Where records go; tests pass a stream that captures them. Defaults to stdout, written asynchronously. */
  destination?: DestinationStream;
}

/**
 * Standard output, written asynchronously: a record is appended to a buffer and written when
 * the previous write has finished, instead of a blocking write(2) per line on the request path
 * (measured in docs/performance.md). pino writes what is buffered synchronously when the process
 * exits, `process.exit` and a crash included, so shutdown loses no line.
 */
export function asyncStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
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
    options.destination ?? asyncStdout(),
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
