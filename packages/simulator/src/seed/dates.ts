/**
 * Seed dates are computed from fixed instants, never from the clock, so every run is identical.
 * "Now" for the seed is the [SPEC] Tracker example's `last_connection`.
 */
export const SEED_NOW_MS = Date.UTC(2026, 7, 4, 10, 25, 55);

const DAY_MS = 86_400_000;

export function daysToMs(days: number): number {
  return days * DAY_MS;
}

/** `YYYY-MM-DD` (reference §1.6, date). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC (reference §1.6, date-time). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
