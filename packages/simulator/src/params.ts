import { PanelError } from './errors.js';
import type { ParameterError } from './errors.js';

/** Request parameters merged from the query string and the body (reference §1.3). */
export type Params = Readonly<Record<string, unknown>>;

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * `nullable`: a JSON `null` counts as absent. Without it a null answers 7, as the parameter's
 * [SPEC] type does not admit null: a client that sends nulls for omitted values is caught.
 */
interface Presence {
  readonly required?: boolean;
  readonly nullable?: boolean;
}

interface Bounds extends Presence {
  readonly min?: number;
  readonly max?: number;
}

interface TextBounds extends Presence {
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * Reads typed parameters and collects every problem, so one code 7 answer names them all
 * (reference §1.5). Form and query transports carry numbers and booleans as strings (§1.3), so
 * each reader accepts both the JSON type and its text form. A nested object's reader shares the
 * problem list and names its fields with dotted paths (`user.login`, §1.5).
 */
export class ParamReader {
  constructor(
    private readonly params: Params,
    private readonly prefix = '',
    private readonly problems: ParameterError[] = [],
  ) {}

  /** An integer, optionally required and bounded. */
  int(name: string, options: Bounds = {}): number | undefined {
    const raw = this.present(name, options, true);
    if (raw === undefined) return undefined;
    const value = toInteger(raw);
    if (value === undefined) return this.fail(name, 'Should be an integer');
    return this.bounded(name, value, options);
  }

  /** A number (the amount of `change_balance`), optionally required and bounded. */
  number(name: string, options: Bounds = {}): number | undefined {
    const raw = this.present(name, options, true);
    if (raw === undefined) return undefined;
    const value = toNumber(raw);
    if (value === undefined) return this.fail(name, 'Should be a number');
    return this.bounded(name, value, options);
  }

  /** A boolean: JSON `true`/`false` or the literals `true`/`false` (§1.3). */
  bool(name: string, options: Presence = {}): boolean | undefined {
    const raw = this.present(name, options, true);
    if (raw === undefined || typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return this.fail(name, 'Should be a boolean');
  }

  /** A string; JSON numbers are accepted as their decimal text. */
  string(name: string, options: TextBounds = {}): string | undefined {
    const raw = this.present(name, options);
    if (raw === undefined) return undefined;
    const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof text !== 'string') return this.fail(name, 'Should be a string');
    const { minLength = 0, maxLength = Infinity } = options;
    if (text.length < minLength || text.length > maxLength) {
      const range = maxLength === Infinity ? `at least ${minLength}` : `${minLength}..${maxLength}`;
      return this.fail(name, `Length should be ${range}`);
    }
    return text;
  }

  /** One of a fixed set of values; the error text follows the [SPEC] example. */
  oneOf<T extends string>(
    name: string,
    values: readonly T[],
    options: boolean | Presence = false,
  ): T | undefined {
    const raw = this.string(name, typeof options === 'boolean' ? { required: options } : options);
    if (raw === undefined) return undefined;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    return this.fail(name, `Should be one of [${values.join(', ')}]`);
  }

  /** A nested object, JSON-encoded in form and query transports (§1.3, §5.1), read by a child. */
  object(name: string, options: Presence = {}): ParamReader | undefined {
    const raw = decoded(this.present(name, options, true));
    if (raw === undefined) return undefined;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return this.fail(name, 'Should be an object');
    }
    return new ParamReader(raw as Params, `${this.path(name)}.`, this.problems);
  }

  /** An array of integers ≥ 1, its size bounded as the [SPEC] states ("Size must be between"). */
  intList(name: string, options: Bounds = {}): number[] | undefined {
    const list = this.list(name, options);
    if (list === undefined) return undefined;
    const values = list.map((item) => (item === null ? undefined : toInteger(item)));
    if (values.some((value) => value === undefined || value < 1)) {
      return this.fail(name, 'Should be an array of positive integers');
    }
    return values as number[];
  }

  /** An array of strings, bounded like `intList`. */
  stringList(name: string, options: Bounds = {}): string[] | undefined {
    const list = this.list(name, options);
    if (list === undefined) return undefined;
    if (!list.every((item) => typeof item === 'string')) {
      return this.fail(name, 'Should be an array of strings');
    }
    return list;
  }

  /** Any JSON value (objects and arrays decoded from form text), for shapes the action checks. */
  json(name: string, options: Presence = {}): unknown {
    return decoded(this.present(name, options, true));
  }

  /** Whether the parameter was sent at all (a JSON `null` counts as sent). */
  has(name: string): boolean {
    return this.params[name] !== undefined;
  }

  /** Records a problem found by the action itself (a format the readers do not know). */
  fail(parameter: string, error: string): undefined {
    this.problems.push({ parameter: this.path(parameter), error });
    return undefined;
  }

  /** Throws code 7 with every collected problem, if there is any. */
  check(): void {
    if (this.problems.length > 0) throw new PanelError(7, { errors: this.problems });
  }

  private list(name: string, options: Bounds): unknown[] | undefined {
    const raw = decoded(this.present(name, options, true));
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) return this.fail(name, 'Should be an array');
    const { min = 0, max = Infinity } = options;
    if (raw.length < min || raw.length > max) {
      const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
      return this.fail(name, `Size must be ${range}`);
    }
    return raw as unknown[];
  }

  private bounded(name: string, value: number, options: Bounds): number | undefined {
    if (options.min !== undefined && value < options.min) {
      return this.fail(name, `Should be greater than or equal to ${options.min}`);
    }
    if (options.max !== undefined && value > options.max) {
      return this.fail(name, `Should be less than or equal to ${options.max}`);
    }
    return value;
  }

  private path(name: string): string {
    return this.prefix + name;
  }

  /**
   * The raw value, or `undefined` when absent (a problem if required) or null (a problem unless
   * nullable). `nullText`: the form literal `null` is a JSON-encoded null (§1.3) for parameters
   * that are not text.
   */
  private present(name: string, presence: Presence, nullText = false): unknown {
    const raw = this.params[name];
    const isNull = raw === null || (nullText && raw === 'null');
    if (raw !== undefined && !isNull) return raw;
    if (isNull && presence.nullable !== true) this.fail(name, 'Should not be null');
    else if (raw === undefined && presence.required === true) {
      this.fail(name, 'Required parameter is missing');
    }
    return undefined;
  }

  /** Whether the parameter was sent as null (JSON `null`, or the form text `null`). */
  isNull(name: string): boolean {
    const raw = this.params[name];
    return raw === null || raw === 'null';
  }
}

/** Reference §1.3: nested objects and arrays arrive as JSON text in form and query transports. */
function decoded(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return raw;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return raw;
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

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && NUMBER_TEXT.test(raw)) return Number(raw);
  return undefined;
}
