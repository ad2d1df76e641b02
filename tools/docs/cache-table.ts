import { PANEL_ACTIONS } from '../../src/panel/actions.js';
import type { Invalidation } from '../../src/panel/cache-rules.js';

export const CACHE_START = '<!-- read-cache:start -->';
export const CACHE_END = '<!-- read-cache:end -->';

const code = (text: string) => `\`${text}\``;

function invalidation(rule: Invalidation): string {
  switch (rule.scope) {
    case 'one':
      return `${code(rule.family)}: the record named by ${code(rule.id)}, and its lists`;
    case 'lists':
      return `${code(rule.family)}: lists only`;
    case 'all':
      return `${code(rule.family)}: all`;
  }
}

/** What the read cache keeps and what each write invalidates, from the action catalog. */
export function readCacheTables(): string {
  const actions = Object.values(PANEL_ACTIONS).filter((action) => !action.hidden);
  const reads = actions
    .filter((action) => !action.mutates)
    .map((action) => {
      const cache = action.cache;
      if (!cache) return `| ${code(action.path)} | not cached | | |`;
      const record = cache.id ? `one record by ${code(cache.id)}` : 'collection';
      const embeds = cache.embeds?.length ? `; embeds ${cache.embeds.map(code).join(', ')}` : '';
      return `| ${code(action.path)} | ${cache.freshness} | ${code(cache.family)} | ${record}${embeds} |`;
    });
  const writes = actions
    .filter((action) => action.mutates)
    .map((action) => {
      const rules = action.invalidates ?? [];
      const text = rules.length ? rules.map(invalidation).join('; ') : 'nothing cached';
      return `| ${code(action.path)} | ${text} |`;
    });
  return [
    CACHE_START,
    '',
    '| Read | Freshness | Family | Answer is about |',
    '| --- | --- | --- | --- |',
    ...reads,
    '',
    '| Write | Invalidates |',
    '| --- | --- |',
    ...writes,
    '',
    CACHE_END,
  ].join('\n');
}

/** `doc` with its tables replaced by the current ones. */
export function withReadCacheTables(doc: string): string {
  const start = doc.indexOf(CACHE_START);
  const end = doc.indexOf(CACHE_END);
  if (start === -1 || end === -1)
    throw new Error(`docs/cache.md lacks the ${CACHE_START} … ${CACHE_END} markers`);
  return doc.slice(0, start) + readCacheTables() + doc.slice(end + CACHE_END.length);
}
