/**
 * What the read cache may keep and what each write makes old, as the action catalog declares
 * it (`actions.ts`). A contract of its own, so the catalog and the cache both import it.
 *
 * Cached reads belong to a **family** of records (`user`, `tracker`, ...). A cached answer is
 * tagged with its family and either the one record it is about (`user#371321`, from a param
 * such as `user_id`) or the family's collection (`user#*`: lists, searches, anything not about
 * one record), plus the collections of the families it embeds (a tracker history embeds users).
 * A write renews tags: one record (`user#371321` and `user#*`, since lists show the record),
 * the collection only (a creation: no existing record changed), or the whole family when the
 * record cannot be told from the write's params. An answer is current while none of its tags
 * was renewed since it was fetched.
 */

/** How long an answer is fresh: records and lists briefly, reference data long. */
export type FreshnessClass = 'record' | 'reference';

export interface CachePolicy {
  freshness: FreshnessClass;
  family: string;
  /** The param naming the one record the answer is about (dotted for nested). */
  id?: string;
  /** Families whose records the answer embeds: any change to one of them makes it old. */
  embeds?: readonly string[];
}

export type Invalidation =
  /** One record (or each of an array of them) named by param `id` (dotted for nested). */
  | { family: string; scope: 'one'; id: string }
  /** The family's lists only: a creation changes no existing record. */
  | { family: string; scope: 'lists' }
  /** Every cached answer of the family (the record cannot be told from the params). */
  | { family: string; scope: 'all' };

export const COLLECTION = '*';

export const record = (family: string, id?: string, embeds?: readonly string[]): CachePolicy => ({
  freshness: 'record',
  family,
  ...(id === undefined ? {} : { id }),
  ...(embeds === undefined ? {} : { embeds }),
});
export const reference = (family: string): CachePolicy => ({ freshness: 'reference', family });

export const one = (family: string, id: string): Invalidation => ({ family, scope: 'one', id });
export const lists = (family: string): Invalidation => ({ family, scope: 'lists' });
export const all = (family: string): Invalidation => ({ family, scope: 'all' });

/** The values at a dotted path: an array at the end gives each of its items. */
function valuesAt(params: Record<string, unknown>, path: string): (number | string)[] {
  let value: unknown = params;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.filter(
    (item): item is number | string => typeof item === 'number' || typeof item === 'string',
  );
}

/** The tags of a cached answer of an action with `policy`, called with `params`. */
export function tagsOf(policy: CachePolicy, params: Record<string, unknown>): string[] {
  const [id, ...more] = policy.id === undefined ? [] : valuesAt(params, policy.id);
  const own = id === undefined || more.length > 0 ? COLLECTION : String(id);
  const tags = [policy.family, `${policy.family}#${own}`];
  for (const family of policy.embeds ?? []) tags.push(family, `${family}#${COLLECTION}`);
  return tags;
}

/** The tags a write with `invalidations`, called with `params`, renews. */
export function renewedBy(
  invalidations: readonly Invalidation[],
  params: Record<string, unknown>,
): string[] {
  const tags = new Set<string>();
  for (const rule of invalidations) {
    const ids = rule.scope === 'one' ? valuesAt(params, rule.id) : [];
    if (rule.scope === 'all' || (rule.scope === 'one' && ids.length === 0)) {
      // Not derivable from what was sent: the whole family, to be safe.
      tags.add(rule.family);
      continue;
    }
    tags.add(`${rule.family}#${COLLECTION}`);
    for (const id of ids) tags.add(`${rule.family}#${String(id)}`);
  }
  return [...tags];
}
