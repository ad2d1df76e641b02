import { ROUTES } from '../../src/resources/route-table.js';
import { PANEL_ACTIONS } from '../../src/panel/actions.js';

export const TABLE_START = '<!-- panel-actions:start -->';
export const TABLE_END = '<!-- panel-actions:end -->';

/** Every Panel action and the routes that call it (or why none does), as a Markdown table. */
export function panelActionsTable(): string {
  const routesByAction = new Map<string, string[]>();
  for (const route of ROUTES) {
    for (const action of route.actions) {
      const list = routesByAction.get(action) ?? [];
      list.push(`\`${route.method.toUpperCase()} ${route.path}\``);
      routesByAction.set(action, list);
    }
  }
  const rows = Object.values(PANEL_ACTIONS).map((action) => {
    const routes = routesByAction.get(action.path);
    const where = routes
      ? routes.join(', ')
      : action.hidden
        ? `not exposed: ${action.hidden}`
        : 'not yet';
    const scopes = action.permissions.length
      ? action.permissions.map((p) => `\`${p}\``).join(' ')
      : '—';
    return `| \`${action.path}\` | ${scopes} | ${where} |`;
  });
  return [
    TABLE_START,
    '| Panel action | Permissions | Gateway route |',
    '| --- | --- | --- |',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** `readme` with its table replaced by the current one. */
export function withActionsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1)
    throw new Error(`docs/endpoints.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
  return readme.slice(0, start) + panelActionsTable() + readme.slice(end + TABLE_END.length);
}
