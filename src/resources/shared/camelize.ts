import { isoDateTime } from './common.js';

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;

/**
 * For Navixy objects the reference leaves open (order, bundle, block parameters): keys in
 * camelCase, `tariff` named `plan`, `YYYY-MM-DD HH:MM:SS` values as ISO-8601, recursively.
 */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (typeof value === 'string' && DATE_TIME.test(value)) return isoDateTime(value);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [camel(key.replace('tariff', 'plan')), camelize(v)]),
  );
}
