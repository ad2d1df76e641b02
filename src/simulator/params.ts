import { PanelError } from './errors.js';
import type { ParameterError } from './errors.js';

/** Request parameters merged from the query string and the body (reference §1.3). */
export type Params = Readonly<Record<string, unknown>>;

const INTEGER_TEXT = /^-?\d+$/;

/**
 * Reads typed parameters and collects every problem, so one code 7 answer names them all
 * (reference §1.5). Form and query transports carry numbers and booleans as strings (§1.3), so
 * each reader accepts both the JSON type and its text form.
 */
export class ParamReader {
  private readonly problems: ParameterError[] = [];

  constructor(private readonly params: Params) {}

  /** An integer, optionally required and bounded below. */
  int(name: string, options: { required?: boolean; min?: number } = {}): number | undefined {
    const raw = this.present(name, options.required, true);
    if (raw === undefined) return undefined;
    const value = toInteger(raw);
    if (value === undefined) return this.fail(name, 'Should be an integer');
    if (options.min !== undefined && value < options.min) {
      return this.fail(name, `Should be greater than or equal to ${options.min}`);
    }
    return value;
  }

  /** A boolean: JSON `true`/`false` or the literals `true`/`false` (§1.3). */
  bool(name: string): boolean | undefined {
    const raw = this.present(name, false, true);
    if (raw === undefined || typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return this.fail(name, 'Should be a boolean');
  }

  /** A string; JSON numbers are accepted as their decimal text. */
  string(name: string, options: { required?: boolean } = {}): string | undefined {
    const raw = this.present(name, options.required);
    if (raw === undefined || typeof raw === 'string') return raw;
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    return this.fail(name, 'Should be a string');
  }

  /** One of a fixed set of values; the error text follows the [SPEC] example. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    return this.fail(name, `Should be one of [${values.join(', ')}]`);
  }

  /** Throws code 7 with every collected problem, if there is any. */
  check(): void {
    if (this.problems.length > 0) throw new PanelError(7, { errors: this.problems });
  }

  /** `nullText`: the form literal `null` (a JSON-encoded null, §1.3) counts as absent. */
  private present(name: string, required = false, nullText = false): unknown {
    const raw = this.params[name];
    if (raw !== undefined && raw !== null && !(nullText && raw === 'null')) return raw;
    if (required) this.fail(name, 'Required parameter is missing');
    return undefined;
  }

  private fail(parameter: string, error: string): undefined {
    this.problems.push({ parameter, error });
    return undefined;
  }
}

function toInteger(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) {
    const value = Number(raw);
    return Number.isSafeInteger(value) ? value : undefined;
  }
  return undefined;
}
