/** Reads a file named by a setting (tests pass their own). */
export type ReadFile = (path: string) => string;

/**
 * The trimmed content of a secret file, or undefined with a problem naming the setting and the
 * path (never the content) when it is unreadable or empty.
 */
export function readSecretFile(
  path: string | undefined,
  name: string,
  readFile: ReadFile,
  problems: string[],
): string | undefined {
  if (!path) return undefined;
  try {
    const value = readFile(path).trim();
    if (value === '') problems.push(`${name}: ${path} is empty`);
    return value;
  } catch (error) {
    problems.push(`${name}: cannot read ${path} (${errorCode(error)})`);
    return undefined;
  }
}

/** A JSON file's value, or undefined with a problem that quotes none of its text. */
export function readJsonFile(
  path: string,
  name: string,
  readFile: ReadFile,
  problems: string[],
): unknown {
  try {
    return JSON.parse(readFile(path)) as unknown;
  } catch (error) {
    problems.push(`${name}: cannot read ${path} as JSON (${errorCode(error)})`);
    return undefined;
  }
}

function errorCode(error: unknown): string {
  if (error instanceof SyntaxError) return 'not valid JSON';
  return (error as NodeJS.ErrnoException).code ?? 'unreadable';
}
