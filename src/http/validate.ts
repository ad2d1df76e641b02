import type { z } from 'zod';
import { ValidationError, type FieldError } from '../problems/gateway-error.js';

/**
 * Parses one part of a request (`query`, `path`, `body`) and reports every bad field at once.
 * Nothing reaches the Panel API unless this passes.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    in: location,
    name: fieldName(issue),
    message: issue.message,
  }));
  throw new ValidationError(errors);
}

function fieldName(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // Unknown keys are reported on the object; name each one instead.
  if (issue.code === 'unrecognized_keys') return [...path, ...issue.keys].join(', ');
  return path.join('.') || '(root)';
}
