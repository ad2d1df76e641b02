import type { RouteSpec } from '../../src/routing/route-spec.js';
import { SERVICE_WITHHELD } from '../../src/resources/dealer-settings/forms.js';
import { ROUTES } from '../../src/resources/route-table.js';
import { PLAN_WITHHELD } from '../../src/resources/plans/forms.js';
import { SUBDEALER_WITHHELD } from '../../src/resources/subdealers/mapping.js';
import { TRACKER_WITHHELD } from '../../src/resources/trackers/patch.js';
import { USER_READ_ONLY_SIBLINGS, USER_WITHHELD } from '../../src/resources/users/patch.js';
import {
  FIELD_NOTES,
  WITHHELD_BY_ACTION,
  WITHHELD_BY_ROUTE,
} from '../../src/resources/shared/withheld.js';
import { traceRoute, tracesFields } from './field-trace.js';

/** One Panel field of one action as a group of routes answers it. */
export interface FieldRow {
  path: string;
  /** Client fields it reaches; empty: withheld. */
  to: string[];
  /** Why it is withheld (undefined: no reason given, which the test refuses). */
  reason?: string;
  note?: string;
}

export interface ActionSection {
  action: string;
  routes: string[];
  rows: FieldRow[];
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const lastName = (path: string) => (path.split('.').at(-1) ?? path).replace(/\[\]$/, '');
/** An object passed on whole shows up as the tracer's probe key below it. */
const whole = (path: string) => path.replace(/\.traced$/, '');

function reasonFor(route: RouteSpec, action: string, path: string): string | undefined {
  return (
    WITHHELD_BY_ROUTE[route.operationId]?.[action] ??
    WITHHELD_BY_ACTION[action]?.[path] ??
    WITHHELD_BY_ACTION[action]?.['*']
  );
}

const label = (route: RouteSpec) => `\`${route.method.toUpperCase()} ${route.path}\``;

type Sections = { sections: ActionSection[]; unread: string[] };
let computed: Promise<Sections> | undefined;

/** Every action's fields, as each group of routes that maps them alike answers them (once). */
export const fieldSections = (): Promise<Sections> => (computed ??= traceAll());

async function traceAll(): Promise<Sections> {
  const sections = new Map<string, ActionSection>();
  const unread: string[] = [];
  for (const route of ROUTES.filter(tracesFields)) {
    const traces = await traceRoute(route);
    for (const action of route.actions) {
      const trace = traces.find((t) => t.action === action);
      if (!trace) {
        const reason = WITHHELD_BY_ROUTE[route.operationId]?.[action];
        if (reason) unread.push(`${label(route)} reads \`${action}\`: ${reason}.`);
        continue;
      }
      const rows = [...trace.fields].map(([path, to]): FieldRow => {
        const reached = [...new Set(to.map(whole))];
        const reason = reached.length ? undefined : reasonFor(route, action, path);
        const note = FIELD_NOTES[action]?.[path];
        return { path, to: reached, ...(reason ? { reason } : {}), ...(note ? { note } : {}) };
      });
      const key = `${action}\n${JSON.stringify(rows)}`;
      const section = sections.get(key) ?? { action, routes: [], rows };
      section.routes.push(label(route));
      sections.set(key, section);
    }
  }
  const ordered = [...sections.values()].sort((a, b) => a.action.localeCompare(b.action));
  return { sections: ordered, unread };
}

function rowText(row: FieldRow): string {
  const path = row.path.startsWith('every') ? row.path : `\`${row.path}\``;
  const to = row.to.length ? row.to.map((p) => `\`${p}\``).join(', ') : '—';
  const renamed =
    row.to.length > 0 && row.to.every((p) => lastName(p) !== camel(lastName(row.path)));
  const how = row.to.length
    ? [renamed ? 'renamed' : '', row.note ?? ''].filter(Boolean).join('; ')
    : `withheld: ${row.reason ?? '**no reason given**'}`;
  return `| ${path} | ${to} | ${how} |`;
}

/** Many fields withheld for one reason (a route reading an action for one thing): one row. */
function collapsed(rows: FieldRow[]): FieldRow[] {
  const withheld = rows.filter((r) => r.to.length === 0 && r.reason);
  const reasons = new Set(withheld.map((r) => r.reason));
  if (withheld.length < 5 || reasons.size !== 1) return rows;
  const others = rows.filter((r) => !withheld.includes(r));
  const path = others.length ? 'every other field' : 'every field';
  return [...others, { path, to: [], reason: withheld[0]!.reason! }];
}

/** Fields of the read a PATCH does not give back to the update, by route (raw-write.ts). */
const PATCH_WITHHELD: [string, readonly string[]][] = [
  [
    '`PATCH /v1/users/{id}`',
    [...USER_WITHHELD, ...USER_READ_ONLY_SIBLINGS.map((s) => `${s}\` beside \`value`)],
  ],
  ['`PATCH /v1/plans/{id}`', PLAN_WITHHELD],
  ['`PATCH /v1/subdealers/{id}`', SUBDEALER_WITHHELD.filter((f) => f !== 'subpaas_id')],
  ['`PATCH /v1/trackers/{id}`', TRACKER_WITHHELD.filter((f) => f !== 'id')],
  ['`PATCH /v1/dealer/settings/service`', SERVICE_WITHHELD],
  ['`PATCH /v1/dealer/settings/notification`', []],
  ['`PATCH /v1/plans/defaults`', []],
];

/** docs/panel-fields.md. */
export async function panelFieldsDoc(): Promise<string> {
  const { sections, unread } = await fieldSections();
  const lines = [
    '# Panel fields: what each route passes on',
    '',
    'Generated by `npm run openapi` from the routes\u2019 own mapping code; a test fails when it is',
    'stale. `tools/docs/field-trace.ts` runs each route\u2019s handler on a Panel answer holding',
    'every field the action\u2019s schema models (both shapes where Navixy\u2019s sources disagree,',
    'reference \u00a77), then with one field changed at a time: the client fields that change are',
    'where that Navixy field goes. A field that reaches none is withheld, and',
    '`src/resources/shared/withheld.ts` must say why. Paths: `list[]` is every item of `list`; a client',
    'path without sub-fields is an object passed on whole (keys camelCased).',
    '',
    'Fields Navixy adds that no schema models pass through the answer unread (never an error);',
    '`npm run panel:spec-diff` lists them against a newer Navixy OpenAPI description',
    '(docs/development.md).',
    '',
    '## What a PATCH gives back',
    '',
    'A PATCH merges the client\u2019s change into the record **as Navixy returned it** and writes',
    'that back: every field the patch does not name goes back unchanged, the ones no schema models',
    'included, in the shape Navixy used (a discount read as `{percent,…}` is written as',
    '`{percent,…}`, one read as `{value, min_trackers,…}` that way). Navixy\u2019s request schemas',
    'are open, and its updates reset what they are not sent. Withheld are only the fields Navixy',
    'keeps itself or documents as read-only, since a stale copy could undo a change made between',
    'the read and the write; a null goes back only where the update takes one (`src/resources/shared/raw-write.ts`).',
    '',
    '| Route | Fields of the read not written back |',
    '| --- | --- |',
    ...PATCH_WITHHELD.map(
      ([route, fields]) =>
        `| ${route} | ${fields.length ? fields.map((f) => `\`${f}\``).join(', ') : 'none'} |`,
    ),
    '',
    ...unread.map((line) => `- ${line}`),
  ];
  for (const section of sections) {
    lines.push('', `## \`${section.action}\``, '', `Routes: ${section.routes.join(', ')}.`, '');
    lines.push('| Navixy field | Client field | |', '| --- | --- | --- |');
    lines.push(...collapsed(section.rows).map(rowText));
  }
  return `${lines.join('\n')}\n`;
}
