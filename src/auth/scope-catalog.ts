import type { Logger } from '../observability/logger.js';

/**
 * The scope of the gateway's own administration (managed API keys). It is not a Navixy
 * permission: no Panel action needs it, so a key holding every Navixy scope still lacks it.
 */
export const ADMIN_SCOPE = 'gateway:admin';

/** The scopes that mean something: a misspelled one would grant nothing, silently. */
export interface ScopeCatalog {
  knows(scope: string): boolean;
  /** Why `scope` is refused, with the nearest known scope when there is a likely one. */
  unknownMessage(scope: string): string;
}

/**
 * Known scopes: the Navixy permissions of the action catalog (given by the caller, so this module
 * needs no Panel code), `category:*` for each of their categories, and {@link ADMIN_SCOPE}.
 * There is no `gateway:*`: the gateway has one scope of its own.
 */
export function createScopeCatalog(permissions: Iterable<string>): ScopeCatalog {
  const exact = new Set([...permissions, ADMIN_SCOPE]);
  const known = new Set(exact);
  for (const scope of exact) {
    if (scope !== ADMIN_SCOPE) known.add(`${scope.slice(0, scope.indexOf(':'))}:*`);
  }
  const sorted = [...known].sort();
  return {
    knows: (scope) => known.has(scope),
    unknownMessage(scope) {
      const near = nearest(scope, sorted);
      return `unknown scope "${scope}"${near ? ` (did you mean ${near}?)` : ''}`;
    },
  };
}

/** Suggestions are at most this many edits away. */
const MAX_EDITS = 2;

/** The known scope within {@link MAX_EDITS} of `scope`, if exactly one is nearest. */
function nearest(scope: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_EDITS + 1;
  let ties = 0;
  for (const candidate of known) {
    const distance = editDistance(scope, candidate, MAX_EDITS + 1);
    if (distance < bestDistance) [best, bestDistance, ties] = [candidate, distance, 0];
    else if (distance === bestDistance && distance <= MAX_EDITS) ties += 1;
  }
  return ties === 0 ? best : undefined;
}

/** Levenshtein distance, given up (answering `cap`) once it reaches `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    if (Math.min(...current) >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length]!, cap);
}

/** Distinct unknown scope names logged at most; after that, one line says logging stopped. */
const MAX_LOGGED = 100;
/** Longest part of a scope name a log line shows. */
const MAX_SHOWN = 100;

/**
 * Keeps the scopes of a token that the catalog knows. An issuer may well send others (`openid`,
 * `profile`, scopes of other APIs): they grant nothing here, so they are dropped, and each name
 * is logged once per process. The names remembered are bounded, whatever tokens arrive.
 */
export function createScopeFilter(catalog: ScopeCatalog, logger: Logger) {
  const logged = new Set<string>();
  let stopped = false;
  function report(scope: string, claim: string): void {
    const name = scope.slice(0, MAX_SHOWN);
    if (logged.has(name) || stopped) return;
    if (logged.size >= MAX_LOGGED) {
      stopped = true;
      logger.warn({ limit: MAX_LOGGED }, 'unknown JWT scopes: no longer logged');
      return;
    }
    logged.add(name);
    logger.warn({ scope: name, claim }, 'unknown JWT scope ignored');
  }
  return (scopes: Iterable<string>, claim: string): Set<string> => {
    const kept = new Set<string>();
    for (const scope of scopes) {
      if (catalog.knows(scope)) kept.add(scope);
      else report(scope, claim);
    }
    return kept;
  };
}
