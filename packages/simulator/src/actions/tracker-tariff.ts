import { PanelError } from '../errors.js';
import type { UserTransaction } from '../model-extras.js';
import type { Plan, Tracker, UserRecord } from '../model.js';
import { ParamReader } from '../params.js';
import { formatDate, formatDateTime } from '../seed/dates.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { defined, findLiveTracker, findUser } from './lookups.js';
import { updateSource } from './tracker-admin.js';
import type { ActionDefinition } from './types.js';

const DAY_MS = 86_400_000;

/** Reference §4.9 `tracker/tariff/change` checks, in the [MD] order of conditions. */
function checkChange(
  store: SimulatorStore,
  dealer: DealerData,
  tracker: Tracker,
  plan: Plan,
): void {
  if (tracker.clone) throw new PanelError(219);
  if (tracker.deleted) throw new PanelError(250);
  if (plan.device_type !== 'tracker') throw new PanelError(237);
  // [MD]: "new ≠ old plan"; the simulator answers 238 Changing tariff is not allowed.
  if (plan.id === tracker.source.tariff_id) throw new PanelError(238);
  const owned = store.trackers(dealer).filter((t) => t.user_id === tracker.user_id && !t.deleted);
  if (plan.device_limit < owned.length) throw new PanelError(221);
}

/** [MD]: `ceil(price * remainder_days / days_in_month)` for a paid monthly plan not yet ended. */
function repayment(old: Plan | undefined, tracker: Tracker, now: Date): number {
  const end = tracker.source.tariff_end_date;
  if (old?.type !== 'monthly' || end === undefined) return 0;
  const remaining = Math.floor((Date.parse(`${end}T00:00:00Z`) - now.getTime()) / DAY_MS);
  if (remaining < 1) return 0;
  const daysInMonth = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return Math.ceil((old.price * Math.min(remaining, daysInMonth)) / daysInMonth);
}

/** [MD] date effects: monthly plans run to the first of next month, `activeday` has no end. */
function endDate(plan: Plan, now: Date): string | undefined {
  if (plan.type === 'activeday') return undefined;
  return formatDate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** Writes one billing transaction and the user's new balance (§5.9 side effect). */
function bill(
  store: SimulatorStore,
  dealer: DealerData,
  record: UserRecord,
  tracker: Tracker,
  amount: number,
  subtype: string,
) {
  const { user } = record;
  const balance = Math.round((user.balance + amount) * 10_000) / 10_000;
  store.putUser(dealer, { ...record, user: { ...user, balance } });
  const entry: UserTransaction = {
    id: store.nextId('transaction'),
    user_id: user.id,
    dealer_id: user.dealer_id,
    tracker_id: tracker.id,
    account: 'main',
    amount,
    text: subtype === 'repay' ? 'Refund for the rest of the plan' : 'Plan change charge',
    kind: 'tariff_change',
    subkind: subtype,
    timestamp: formatDateTime(Date.now()),
    old_balance: user.balance,
    new_balance: balance,
    old_bonus: user.bonus,
    new_bonus: user.bonus,
  };
  dealer.transactions.set(user.id, [...(dealer.transactions.get(user.id) ?? []), entry]);
}

/** Reference §4.9 `tracker/tariff/change`; transaction type names are the simulator's own (§8). */
export const trackerTariffActions: readonly ActionDefinition[] = [
  {
    name: 'tracker/tariff/change',
    permissions: [
      ['trackers', 'update'],
      ['transactions', 'create'],
    ],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const trackerId = reader.int('tracker_id', { required: true, min: 1 });
      const tariffId = reader.int('tariff_id', { required: true, min: 1 });
      const repay = reader.bool('repay', { required: true });
      const charge = reader.bool('charge', { required: true });
      reader.check();
      const tracker = findLiveTracker(dealer, defined(trackerId));
      const plan = dealer.plans.get(defined(tariffId));
      if (plan === undefined) throw new PanelError(239);
      checkChange(store, dealer, tracker, plan);
      const now = new Date();
      const owner = () => findUser(dealer, tracker.user_id);
      const refund =
        repay === true ? repayment(dealer.plans.get(tracker.source.tariff_id), tracker, now) : 0;
      if (refund > 0) bill(store, dealer, owner(), tracker, refund, 'repay');
      if (charge === true && plan.type === 'monthly')
        bill(store, dealer, owner(), tracker, -plan.price, 'charge');
      const end = endDate(plan, now);
      updateSource(store, dealer, tracker, ({ tariff_end_date: _old, ...source }) => ({
        ...source,
        tariff_id: plan.id,
        ...(end === undefined ? {} : { tariff_end_date: end }),
      }));
      return {};
    },
  },
];
