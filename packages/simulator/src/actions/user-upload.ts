import { parseCsv } from '../csv.js';
import { PanelError, errorBody } from '../errors.js';
import { HttpAnswer, successBody } from '../json.js';
import { isUploadedFile } from '../multipart.js';
import type { Params } from '../params.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { columnsOf, readRow, storeRows } from './user-import.js';
import type { ImportRow } from './user-import.js';
import type { ActionDefinition } from './types.js';

/** Reference §1.8: at most 10 000 rows; the [UI] maps 268 to "Import is limited by 10,000". */
const MAX_ROWS = 10_000;

/** Reference Appendix A: a row's error carries its 1-based `row_number` (the header is row 1). */
function atRow(rowNumber: number, error: unknown): PanelError {
  if (!(error instanceof PanelError)) throw error;
  const details = { extra: { ...error.extra, row_number: rowNumber } };
  return new PanelError(
    error.code,
    error.errors === undefined ? details : { ...details, errors: error.errors },
  );
}

function readRows(store: SimulatorStore, dealer: DealerData, text: string): ImportRow[] {
  const [header, ...data] = parseCsv(text);
  if (header === undefined || data.length === 0) throw new PanelError(274);
  if (data.length > MAX_ROWS) throw new PanelError(268);
  const columns = columnsOf(header);
  const logins = new Set<string>();
  return data.map((cells, index) => {
    const rowNumber = index + 2;
    const values = Object.fromEntries([...columns].map(([field, at]) => [field, cells[at] ?? '']));
    let row: ImportRow;
    try {
      row = readRow(dealer.dealer.password_policy, values);
    } catch (error) {
      throw atRow(rowNumber, error);
    }
    const login = row.user.login.toLowerCase();
    // §2: 273 Duplicate login (twice in the file), 206 Login already in use (on the platform).
    if (logins.has(login)) throw atRow(rowNumber, new PanelError(273));
    if (store.loginInUse(login)) throw atRow(rowNumber, new PanelError(206));
    logins.add(login);
    return row;
  });
}

/**
 * The upload is all-or-nothing here: every row is checked first, the first failing row answers
 * its error, so a successful answer always has `errors: 0` (the reference does not say whether
 * Navixy skips bad rows).
 */
function upload(
  store: SimulatorStore,
  dealer: DealerData,
  params: Params,
): Record<string, unknown> {
  const file = params.file;
  // §2: 233 No data file; 234 Invalid data format (the simulator reads CSV only).
  if (!isUploadedFile(file)) throw new PanelError(233);
  if (/\.xlsx?$/i.test(file.filename)) throw new PanelError(234);
  const rows = readRows(store, dealer, file.data.toString('utf8'));
  storeRows(store, dealer, rows);
  return { total: rows.length, errors: 0 };
}

/** Reference §1.5: with `redirect_target`, 302 to `<target>?response=<urlencoded json>`. */
function redirect(target: string, body: string): HttpAnswer {
  const glue = target.includes('?') ? '&' : '?';
  return new HttpAnswer(302, { location: `${target}${glue}response=${encodeURIComponent(body)}` });
}

export const userUploadActions: readonly ActionDefinition[] = [
  {
    name: 'user/upload',
    permissions: [['users', 'create']],
    handle({ params, store, dealer }) {
      const target = typeof params.redirect_target === 'string' ? params.redirect_target : '';
      if (target === '') return upload(store, dealer, params);
      try {
        return redirect(target, successBody(upload(store, dealer, params)));
      } catch (error) {
        if (!(error instanceof PanelError)) throw error;
        return redirect(target, errorBody(error).body);
      }
    },
  },
];
