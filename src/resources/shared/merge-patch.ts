/**
 * RFC 7396 JSON Merge Patch: objects merge member by member, `null` removes a member (here: sets
 * it to its empty value, as Navixy has no "absent"), anything else replaces.
 */
export function mergePatch<T extends Record<string, unknown>>(
  target: T,
  patch: Record<string, unknown>,
): T {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isObject(value) && isObject(current) ? mergePatch(current, value) : value;
  }
  return result as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
