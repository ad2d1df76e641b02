import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../../src/observability/logger.js';

/** A logger whose records are kept in memory, so tests assert on what was logged. */
export interface CapturedLogs {
  logger: Logger;
  /** The stream the logger writes to, for another logger to write beside it (the audit). */
  destination: DestinationStream;
  lines: string[];
  records(): Record<string, unknown>[];
  /** Request log lines (one per request). */
  requests(): Record<string, unknown>[];
}

export function captureLogs(level: 'info' | 'debug' = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const destination: DestinationStream = {
    write(line: string) {
      lines.push(line);
    },
  };
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger: createLogger({ level, destination }),
    destination,
    lines,
    records,
    requests: () => records().filter((r) => r.msg === 'request'),
  };
}

/** Fails when any log line contains any of the secrets. */
export function assertNoSecrets(lines: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets.filter((s) => s.length >= 6)) {
    const leaked = lines.find((line) => line.includes(secret));
    if (leaked) throw new Error(`A secret appeared in a log line: ${leaked.slice(0, 300)}`);
  }
}
