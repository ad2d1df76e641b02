import { PanelError } from '../errors.js';
import type { Discount, User, UserRecord } from '../model.js';
import { ParamReader } from '../params.js';
import { passwordProblem } from '../password-policy.js';
import { formatDateTime } from '../seed/dates.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { defined } from './lookups.js';
import { readDiscount, readUserForm } from './user-form.js';

/** Reference §4.8 `user/upload`: the English header row (`*` = always required) → form field. */
const HEADERS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['Email address', 'login', true],
  ['Password', 'password', true],
  ['Status', 'activated', true],
  ['Legal status', 'legal_type', true],
  ['Surname', 'last_name', true],
  ['Name', 'first_name', true],
  ['Middle name', 'middle_name', false],
  ['Phone number', 'phone', false],
  ['Comment', 'comment', false],
  ['Country', 'post_country', false],
  ['Region', 'post_region', false],
  ['City', 'post_city', false],
  ['Street, address', 'post_street_address', false],
  ['Zip code', 'post_index', false],
  ['Legal name', 'legal_name', false],
  ['Tax number', 'tin', false],
  ['IEC', 'iec', false],
  ['Registration country', 'registered_country', false],
  ['Registration region', 'registered_region', false],
  ['Registration city', 'registered_city', false],
  ['Registration address', 'registered_street_address', false],
  ['Registration zip code', 'registered_index', false],
  ['Discount', 'discount', false],
  ['End date of discount', 'discount_end_date', false],
  ['Device limit', 'discount_min_trackers', false],
];

/** `Legal status`: 1 individual, 2 legal entity, 3 sole trader (§4.1). */
const LEGAL_STATUS: Readonly<Record<string, string>> = {
  '1': 'individual',
  '2': 'legal_entity',
  '3': 'sole_trader',
};

/** A validated row, ready to be stored. */
export interface ImportRow {
  readonly user: Omit<User, 'id' | 'dealer_id' | 'creation_date'>;
  readonly password: string;
  readonly discount: Discount | undefined;
}

/** Maps each known header to its column; a missing required one is 7 on row 1 (§4.8 example). */
export function columnsOf(header: readonly string[]): Map<string, number> {
  const columns = new Map<string, number>();
  header.forEach((title, index) => {
    const entry = HEADERS.find(([name]) => name === title.replace(/\*$/, '').trim());
    if (entry !== undefined) columns.set(entry[1], index);
  });
  const missing = HEADERS.find(([, field, required]) => required && !columns.has(field));
  if (missing !== undefined) {
    const error = { parameter: `users_import.${missing[1]}`, error: 'required column not found' };
    throw new PanelError(7, { errors: [error], extra: { row_number: 1 } });
  }
  return columns;
}

function rowDiscount(cells: Record<string, string>): Discount | undefined {
  if ((cells.discount ?? '') === '') return undefined;
  const reader = new ParamReader(
    {
      value: cells.discount,
      min_trackers: cells.discount_min_trackers || '0',
      ...(cells.discount_end_date ? { end_date: cells.discount_end_date } : {}),
    },
    'discount.',
  );
  const discount = readDiscount(reader);
  reader.check();
  return discount;
}

/** Validates one data row with the `user/create` rules; problems are 7 with `user.*` names. */
export function readRow(
  policy: DealerData['dealer']['password_policy'],
  values: Record<string, string>,
): ImportRow {
  const status = (values.activated ?? '').toLowerCase();
  const form = {
    ...values,
    middle_name: values.middle_name ?? '',
    phone: values.phone ?? '',
    legal_type: LEGAL_STATUS[values.legal_type ?? ''] ?? values.legal_type,
    activated: status === '1' || status === 'true' || status === 'active' ? 'true' : 'false',
  };
  const reader = new ParamReader({ user: form, password: values.password });
  const fields = readUserForm(defined(reader.object('user')), false);
  const password = reader.string('password', { required: true }) ?? '';
  const problem = passwordProblem(policy, password);
  if (problem !== undefined) reader.fail('user.password', problem);
  reader.check();
  const { id: _id, ...user } = defined(fields);
  const full = { ...user, balance: 0, bonus: 0, trackers_count: 0, comment: values.comment ?? '' };
  return { user: full, password, discount: rowDiscount(values) };
}

/** Stores the validated rows: all of them, or none when one failed (see `user-upload.ts`). */
export function storeRows(
  store: SimulatorStore,
  dealer: DealerData,
  rows: readonly ImportRow[],
): void {
  for (const row of rows) {
    const id = store.nextId('user');
    const user = {
      ...row.user,
      id,
      dealer_id: dealer.dealer.id,
      creation_date: formatDateTime(Date.now()),
    };
    const record: UserRecord = { user };
    if (row.discount !== undefined) record.discount = row.discount;
    store.putUser(dealer, record);
    dealer.passwords.set(id, [row.password]);
  }
}
