import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log record. The code never logs request bodies,
 * headers or upstream params in the first place; this is the second line of defence.
 */
export const REDACT_PATHS = [
  'authorization',
  'password',
  'hash',
  'apiKey',
  'key',
  '*.authorization',
  '*.password',
  '*.hash',
  '*.apiKey',
  '*.key',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  'params.hash',
  'params.password',
  '*.params.hash',
  '*.params.password',
];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where records go; tests pass a stream that captures them. Defaults to stdout. */
  destination?: DestinationStream;
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
    options.destination,
  );
}
