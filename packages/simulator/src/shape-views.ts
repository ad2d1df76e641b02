/**
 * Records as answered in each shape of reference §7: the published one ([SPEC]) or, when the
 * case is switched, the older one ([MD], [UI]). Records hold the meaning; these write it out.
 */
import { viewJson } from './json.js';
import type { MenuItem, MenuPresetEntry, UserTransaction } from './model-extras.js';
import type { Dealer, Discount, Plan, ServicePrices, Tracker } from './model.js';
import type { ShapeMode } from './shapes.js';

/** `discount`: [SPEC] `{percent, end_date, device_limit}` / [MD] `{value, min_trackers, ...}`. */
export function discountView(discount: Discount, shapes: ShapeMode): object {
  const endDate = discount.end_date === undefined ? {} : { end_date: discount.end_date };
  if (!shapes.legacy('discount')) {
    const limit = discount.min_devices;
    return {
      percent: discount.percent,
      ...endDate,
      ...(limit === undefined ? {} : { device_limit: limit }),
    };
  }
  return {
    value: discount.percent,
    min_trackers: discount.min_devices ?? 0,
    ...endDate,
    // [UI] create always sends `no_summing`: a discount written without a strategy has that one.
    strategy: discount.strategy ?? 'no_summing',
  };
}

/** `transaction`: [SPEC] `{id, user_id, amount, type, text, timestamp}` / the [MD] long form. */
export function transactionView(entry: UserTransaction, shapes: ShapeMode): object {
  if (!shapes.legacy('transaction')) {
    const { id, user_id, amount, account, text, timestamp } = entry;
    return { id, user_id, amount, type: account, text, timestamp };
  }
  const onBonus = entry.account === 'bonus';
  return {
    description: entry.text,
    type: entry.kind,
    subtype: entry.subkind,
    timestamp: entry.timestamp,
    user_id: entry.user_id,
    dealer_id: entry.dealer_id,
    tracker_id: entry.tracker_id,
    amount: onBonus ? 0 : entry.amount,
    new_balance: entry.new_balance,
    old_balance: entry.old_balance,
    bonus_amount: onBonus ? entry.amount : 0,
    new_bonus: entry.new_bonus,
    old_bonus: entry.old_bonus,
  };
}

/** `phone-call-price`: [SPEC] ServicePrices has no `phone_call`. */
export function servicePricesView(prices: ServicePrices, shapes: ShapeMode): ServicePrices {
  if (shapes.legacy('phone-call-price')) return prices;
  const { phone_call: _phoneCall, ...published } = prices;
  return published;
}

/** `tracker-extras`: [SPEC] Tracker has no `comment`, `avatar_file_name`, `source.corrupted`. */
export function trackerJson(tracker: Tracker, shapes: ShapeMode): string {
  if (shapes.legacy('tracker-extras')) return viewJson(tracker, 'tracker-md', (t) => t);
  return viewJson(tracker, 'tracker-spec', (t) => {
    const { comment: _comment, avatar_file_name: _avatar, source, ...fields } = t;
    const { corrupted: _corrupted, ...published } = source;
    return { ...fields, source: published };
  });
}

export function planJson(plan: Plan, shapes: ShapeMode): string {
  if (shapes.legacy('phone-call-price')) return viewJson(plan, 'plan-md', (p) => p);
  return viewJson(plan, 'plan-spec', (p) => ({
    ...p,
    service_prices: servicePricesView(p.service_prices, shapes),
  }));
}

/** `dealer/get_info`: the dealer fields at the top level beside `success` (§4.4). */
export function dealerInfoJson(dealer: Dealer, shapes: ShapeMode): string {
  const legacy = shapes.legacy('phone-call-price');
  return viewJson(dealer, legacy ? 'dealer-md' : 'dealer-spec', (d) => ({
    success: true,
    ...d,
    tariff: { ...d.tariff, service_prices: servicePricesView(d.tariff.service_prices, shapes) },
  }));
}

/** `preset-footer`: [SPEC] `footer` is one group; [MD]'s table makes it an item array. */
export function presetEntryView(entry: MenuPresetEntry, shapes: ShapeMode): object {
  if (!shapes.legacy('preset-footer')) return entry;
  const footer: MenuItem[] = entry.preset.footer.items;
  return { ...entry, preset: { ...entry.preset, footer } };
}
