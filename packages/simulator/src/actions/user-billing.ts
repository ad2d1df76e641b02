import { PanelError } from '../errors.js';
import type { UserTransaction } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { formatDateTime } from '../seed/dates.js';
import { transactionView } from '../shape-views.js';
import { defined, findUser } from './lookups.js';
import type { ActionDefinition } from './types.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** §8: the maximum span is not documented; the simulator allows a year (366 days) before 211. */
const MAX_SPAN_MS = 366 * 86_400_000;
/** [SPEC] `amount`: ±9999999999.9999. */
const MAX_AMOUNT = 9_999_999_999.9999;

function readDateTime(reader: ParamReader, name: string): number | undefined {
  const text = reader.string(name, { required: true });
  if (text === undefined) return undefined;
  const ms = DATE_TIME.test(text) ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(ms)) return reader.fail(name, 'Should be a date-time YYYY-MM-DD HH:MM:SS');
  return ms;
}

const BALANCE_TYPES = ['main', 'balance', 'bonus'] as const;
const OLDER_TYPES = ['balance', 'bonus'] as const;

/** Money is kept to 4 decimals, as the [MD] example prints it. */
const money = (value: number): number => Math.round(value * 10_000) / 10_000;

/** Reference §4.8: the user's transactions and manual balance changes. */
export const userBillingActions: readonly ActionDefinition[] = [
  {
    name: 'user/transaction/list',
    permissions: [
      ['users', 'read'],
      ['transactions', 'read'],
    ],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      const from = readDateTime(reader, 'from');
      const to = readDateTime(reader, 'to');
      const limit = reader.int('limit', { min: 1, max: 20_000 });
      if (from !== undefined && to !== undefined && to <= from)
        reader.fail('to', 'Should be after from');
      reader.check();
      findUser(dealer, defined(userId));
      if (defined(to) - defined(from) > MAX_SPAN_MS) throw new PanelError(211);
      const inSpan = (dealer.transactions.get(defined(userId)) ?? []).filter((entry) => {
        const at = Date.parse(`${entry.timestamp.replace(' ', 'T')}Z`);
        return at >= defined(from) && at <= defined(to);
      });
      const list = inSpan.slice(0, limit).map((entry) => transactionView(entry, shapes));
      return { list };
    },
  },
  {
    name: 'user/transaction/change_balance',
    permissions: [
      ['users', 'update'],
      ['transactions', 'create'],
    ],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      const amount = reader.number('amount', { required: true, min: -MAX_AMOUNT, max: MAX_AMOUNT });
      // §7 `change-balance-type`: [SPEC]'s example is `main`, [MD] and the [UI] send `balance`
      // (the same balance) or `bonus`; with the older shapes `main` is not known.
      const types = shapes.legacy('change-balance-type') ? OLDER_TYPES : BALANCE_TYPES;
      const type = reader.oneOf('type', types, true);
      const text = reader.string('text', { required: true, minLength: 5, maxLength: 200 });
      reader.check();
      const record = findUser(dealer, defined(userId));
      const { user } = record;
      const delta = money(defined(amount));
      const onBonus = type === 'bonus';
      const balance = onBonus ? user.balance : money(user.balance + delta);
      const bonus = onBonus ? money(user.bonus + delta) : user.bonus;
      // §4.8: the new balance or bonus must not be negative: 251 (HTTP 403).
      if (balance < 0 || bonus < 0) throw new PanelError(251);
      store.putUser(dealer, { ...record, user: { ...user, balance, bonus } });
      const entry: UserTransaction = {
        id: store.nextId('transaction'),
        user_id: user.id,
        dealer_id: user.dealer_id,
        tracker_id: 0,
        account: onBonus ? 'bonus' : 'main',
        amount: delta,
        text: defined(text),
        // §4.8: manual changes are written with `type = payment`, `subtype = partner`.
        kind: 'payment',
        subkind: 'partner',
        timestamp: formatDateTime(Date.now()),
        old_balance: user.balance,
        new_balance: balance,
        old_bonus: user.bonus,
        new_bonus: bonus,
      };
      dealer.transactions.set(user.id, [...(dealer.transactions.get(user.id) ?? []), entry]);
      return {};
    },
  },
];
