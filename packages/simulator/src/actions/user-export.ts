import { HttpAnswer } from '../json.js';
import type { User } from '../model.js';
import { ParamReader } from '../params.js';
import { XLSX_TYPE, buildXlsx } from '../xlsx.js';
import type { ActionDefinition } from './types.js';
import { readUserQuery } from './user-query.js';

/** Reference §4.8 `user/export`: the default `columns`. */
const DEFAULT_COLUMNS = ['id', 'login', 'first_name', 'middle_name', 'last_name', 'phone'];

/** Every field of the User read form (§4.2) may be a column. */
const COLUMNS: ReadonlySet<string> = new Set<keyof User>([
  'id',
  'dealer_id',
  'login',
  'activated',
  'verified',
  'phone_verified',
  'legal_type',
  'first_name',
  'middle_name',
  'last_name',
  'phone',
  'post_country',
  'post_index',
  'post_region',
  'post_city',
  'post_street_address',
  'registered_country',
  'registered_index',
  'registered_region',
  'registered_city',
  'registered_street_address',
  'legal_name',
  'tin',
  'iec',
  'state_reg_num',
  'okpo_code',
  'balance',
  'bonus',
  'trackers_count',
  'menu_preset_id',
  'mfa_allowed',
  'creation_date',
  'comment',
]);

/** A CSV cell: quoted when it holds the separator, a quote or a line break. */
function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cellsOf(user: User, columns: readonly string[]): string[] {
  const fields = user as unknown as Record<string, string | number | boolean | undefined>;
  return columns.map((column) => String(fields[column] ?? ''));
}

/** Reference §4.8 and §5.14: a file on success (CSV with `;`, as upload reads), JSON on error. */
export const userExportActions: readonly ActionDefinition[] = [
  {
    name: 'user/export',
    permissions: [['users', 'read']],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const format = reader.oneOf('format', ['xlsx', 'csv'] as const) ?? 'xlsx';
      const columns = reader.stringList('columns', { min: 1 }) ?? DEFAULT_COLUMNS;
      const unknown = columns.filter((column) => !COLUMNS.has(column));
      if (unknown.length > 0) reader.fail('columns', `Unknown columns: ${unknown.join(', ')}`);
      const run = readUserQuery(reader, shapes);
      reader.check();
      const rows = [columns, ...run(store, dealer).page.map((r) => cellsOf(r.user, columns))];
      if (format === 'xlsx') {
        const disposition = 'attachment; filename="users.xlsx"';
        return new HttpAnswer(
          200,
          { 'content-type': XLSX_TYPE, 'content-disposition': disposition },
          buildXlsx(rows),
        );
      }
      const csv = rows.map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
      const headers = {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="users.csv"',
      };
      return new HttpAnswer(200, headers, csv);
    },
  },
];
