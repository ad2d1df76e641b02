/**
 * The written form of client rate limits, shared by the settings, `API_KEYS_FILE`, the
 * `/admin/keys` body and `npm run keys`: `<count>/<window>`, the window a whole number of
 * seconds, minutes or hours (`600/60s`, `100/1m`, `5000/1h`), or `off` for no limit.
 */

/** At most `limit` requests in any `windowMs` (a sliding window). */
export interface ClientRate {
  limit: number;
  windowMs: number;
}

/** A limit in force, named as the `RateLimit-Policy` field names it. */
export interface RatePolicy extends ClientRate {
  /** `key` (the key's own), `default`, or a scope rule as written (`users:read+trackers:read`). */
  name: string;
}

/** A limit, or `off`: no limit at all. */
export type ClientRateSetting = ClientRate | 'off';

/** One `CLIENT_RATE_LIMIT_RULES` entry: principals holding every scope of it get its rate. */
export interface ScopeRateRule {
  /** The rule as written left of `=` (`users:read+trackers:read`): its policy name. */
  name: string;
  scopes: string[];
  rate: ClientRateSetting;
}

const MAX_LIMIT = 100_000;
const MAX_WINDOW_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000 };
const RATE = /^(\d{1,6})\/(\d{1,5})([smh])$/;
const SCOPE = /^[a-z_]+:([a-z_]+|\*)$/;

export const RATE_SYNTAX = 'must be <count>/<window> like 600/60s, 100/1m or 5000/1h, or off';

/** Parses `600/60s` or `off`; throws an Error saying what is wrong. */
export function parseRate(text: string): ClientRateSetting {
  const value = text.trim();
  if (value === 'off') return 'off';
  const match = RATE.exec(value);
  if (!match) throw new Error(RATE_SYNTAX);
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * (UNIT_MS[match[3] ?? 's'] ?? 1_000);
  if (limit < 1 || limit > MAX_LIMIT) throw new Error(`the count must be 1 to ${MAX_LIMIT}`);
  if (windowMs < 1_000 || windowMs > MAX_WINDOW_MS) {
    throw new Error('the window must be 1 s to 24 h');
  }
  return { limit, windowMs };
}

/** True when `text` is a valid rate (for zod refinements). */
export function isRate(text: string): boolean {
  try {
    parseRate(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses `CLIENT_RATE_LIMIT_RULES`: `scope[+scope…]=<rate>` entries separated by `;`, e.g.
 * `gateway:admin=60/60s; users:read+trackers:read=600/60s`. Order matters: the first rule whose
 * scopes a principal holds applies. Throws naming the bad entry.
 */
export function parseRateRules(text: string): ScopeRateRule[] {
  const rules: ScopeRateRule[] = [];
  for (const entry of text.split(';').map((part) => part.trim())) {
    if (entry === '') continue;
    const separator = entry.indexOf('=');
    const name = entry.slice(0, separator).trim();
    const scopes = name.split('+').map((scope) => scope.trim());
    if (separator < 1 || !scopes.every((scope) => SCOPE.test(scope))) {
      throw new Error(`"${entry}": write scope[+scope…]=<rate>, scopes as category:operation`);
    }
    let rate: ClientRateSetting;
    try {
      rate = parseRate(entry.slice(separator + 1));
    } catch (error) {
      throw new Error(`"${entry}": the rate ${(error as Error).message}`);
    }
    const normalized = scopes.join('+');
    if (rules.some((rule) => rule.name === normalized)) {
      throw new Error(`"${normalized}" appears twice`);
    }
    rules.push({ name: normalized, scopes, rate });
  }
  return rules;
}
