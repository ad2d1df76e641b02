import { pino, type DestinationStream } from 'pino';

/**
 * The audit stream: one JSON line per state-changing call, apart from the request log, with
 * `"log":"audit"` so a collector can route it. Records are built from a fixed list of fields —
 * who, which Panel account, which actions on which ids, and the outcome — never a body, header,
 * key, token or hash.
 */
/**
 * `destination`: a stream, or `stdout`, `stderr` or a file path (appended to; its directory must
 * exist, `main.ts` checks at start). A later write failure (a full disk) goes to `onError`
 * instead of ending the process.
 */
export function createAuditLogger(
  destination: DestinationStream | string,
  onError?: (error: Error) => void,
) {
  let stream: DestinationStream;
  if (typeof destination === 'string') {
    const file = pino.destination({
      dest: destination === 'stdout' ? 1 : destination === 'stderr' ? 2 : destination,
      sync: false,
    });
    if (onError) file.on('error', onError);
    stream = file;
  } else {
    stream = destination;
  }
  return pino({ base: { log: 'audit' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}
