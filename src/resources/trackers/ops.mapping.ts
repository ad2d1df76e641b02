/**
 * An entry of `tracker/batch_clone`'s lists: [MD] an id, [SPEC] an outcome object of unspecified
 * shape (§7). The id in an object is its `clone_id`, else its `id`.
 */
function idOf(entry: number | Record<string, unknown>): number | null {
  if (typeof entry === 'number') return entry;
  const id = entry.clone_id ?? entry.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

export const idsOf = (list: (number | Record<string, unknown>)[] | null | undefined) =>
  (list ?? []).map(idOf).filter((id): id is number => id !== null);
