import type {
  Bundle,
  Equipment,
  MenuPresetEntry,
  Order,
  UserTransaction,
} from '../model-extras.js';
import type { TrackerLinks } from '../dealer-data.js';
import type { UserRecord } from '../model.js';
import { SEED_NOW_MS, daysToMs, formatDateTime } from './dates.js';

/** The dealer menu preset seeded users point at (`menu_preset_id` 346, the [SPEC] example). */
export const SEEDED_PRESET_ID = 346;
/** The platform preset every dealer sees, read-only (reference §4.8 `user/menu/preset/list`). */
export const PLATFORM_PRESET_ID = 1;

const tab = (destination: string): { title: string; destination: string } => ({
  title: `common.menu.${destination}`,
  destination,
});

/**
 * Reference §4.2 "Menu preset family": one platform preset (the dealer default) and the dealer's
 * preset 346. Only the `default` assignment is stored: `users` ones follow `menu_preset_id`.
 */
export function buildPresets(): MenuPresetEntry[] {
  const item = (
    destination: string,
    icon: string,
  ): MenuPresetEntry['preset']['footer']['items'][0] => ({
    title: `common.menu.${destination}`,
    icon,
    tabs: [tab(destination)],
  });
  return [
    {
      preset: {
        id: PLATFORM_PRESET_ID,
        title: 'Navixy default',
        main: [{ items: [item('dashboard', 'dashboard'), item('tracking', 'map')] }],
        footer: { items: [item('feedback', 'chat')] },
      },
      owner: 'platform',
      assignments: [{ type: 'default' }],
    },
    {
      preset: {
        id: SEEDED_PRESET_ID,
        title: 'User Apps',
        main: [
          { title: 'common.menu.fleet', items: [item('fleet', 'truck'), item('reports', 'doc')] },
        ],
        footer: { items: [item('notifications', 'bell')] },
      },
      owner: 'dealer',
      assignments: [],
    },
  ];
}

/** Seeded transactions take IDs from here; new ones from the store's counter, above them. */
export const FIRST_SEEDED_TRANSACTION_ID = 500001;

/**
 * Reference Appendix A `user/transaction/list`: each of the first ten seeded users got a bonus
 * at registration and a manual top-up (`payment`/`partner`, §4.8), dated before the seed's now.
 */
export function buildTransactions(users: readonly UserRecord[]): UserTransaction[] {
  return users.slice(0, 10).flatMap(({ user }, index): UserTransaction[] => {
    const base = { user_id: user.id, dealer_id: user.dealer_id, tracker_id: 0 };
    const bonusAt = formatDateTime(SEED_NOW_MS - daysToMs(60 - index));
    const paidAt = formatDateTime(SEED_NOW_MS - daysToMs(30 - index));
    const bonus = user.bonus;
    const id = FIRST_SEEDED_TRANSACTION_ID + index * 2;
    return [
      {
        ...base,
        id,
        account: 'bonus',
        amount: bonus,
        text: 'Recharge bonus balance during tracker registration',
        kind: 'bonus_charge',
        subkind: 'register',
        timestamp: bonusAt,
        old_balance: 0,
        new_balance: 0,
        old_bonus: 0,
        new_bonus: bonus,
      },
      {
        ...base,
        id: id + 1,
        account: 'main',
        amount: user.balance,
        text: 'Bank transfer',
        kind: 'payment',
        subkind: 'partner',
        timestamp: paidAt,
        old_balance: 0,
        new_balance: user.balance,
        old_bonus: bonus,
        new_bonus: bonus,
      },
    ];
  });
}

/** Two seeded clones are bound to a rule and a vehicle: `delete_clone` answers 203 for them. */
export const SEEDED_LINKS: ReadonlyMap<number, TrackerLinks> = new Map([
  [3234929, { rules: [10] }],
  [3234987, { vehicles: [501] }],
]);

/** Reference §4.10 `equipment/list`: the platform's equipment catalogue. */
export const EQUIPMENT: readonly Equipment[] = [
  {
    equip_id: 11,
    model_name: 'Teltonika FMB120',
    model_code: 'telfmb120',
    vendor: 'Teltonika',
    name: 'FMB120',
  },
  {
    equip_id: 12,
    model_name: 'Teltonika FMB920',
    model_code: 'telfmb920',
    vendor: 'Teltonika',
    name: 'FMB920',
  },
  {
    equip_id: 13,
    model_name: 'Queclink GV300',
    model_code: 'qlgv300',
    vendor: 'Queclink',
    name: 'GV300',
  },
];

/** The unit price of the seeded orders' equipment ([SPEC] Order example `sum` per item). */
const UNIT_PRICE = 34300;

/**
 * Two equipment orders of seeded users (reference §4.2 "Order", [SPEC] example values), each with
 * one position: `amount` units of one equipment model.
 */
export function buildOrders(userIds: readonly number[]): Order[] {
  const position = (orderId: number, equipId: number, amount: number) => ({
    id: orderId * 10 + 1,
    order_id: orderId,
    equip_id: equipId,
    type: 'equip',
    name: EQUIPMENT.find((e) => e.equip_id === equipId)?.model_name ?? '',
    amount,
    price: UNIT_PRICE,
  });
  const order = (
    id: number,
    userId: number,
    status: Order['status'],
    amount: number,
    equipId: number,
  ): Order => ({
    id,
    user_id: userId,
    seller_id: 3,
    type: 'equip',
    status,
    amount,
    sum: amount * UNIT_PRICE,
    with_vat: true,
    payer: 'Leonard Bernstein',
    recipient: 'Leonard Bernstein',
    contacts: '',
    place: '111111 Leipzig, Leipzig Tieckstrasse, 2',
    comment: '',
    creation_time: formatDateTime(SEED_NOW_MS - daysToMs(id - 5090)),
    positions: [position(id, equipId, amount)],
  });
  return [
    order(5101, userIds[0] ?? 0, 'shipped', 2, 11),
    order(5102, userIds[1] ?? 0, 'created', 1, 12),
  ];
}

/** Six warehouse bundles: two in order 5101, one in 5102, three free (reference §4.10). */
export function buildBundles(): Bundle[] {
  const rows: ReadonlyArray<readonly [number, number, string, number | undefined]> = [
    [7001, 11, '352091090000011', 5101],
    [7002, 11, '352091090000029', 5101],
    [7003, 12, '352091100000034', 5102],
    [7004, 12, '352091100000042', undefined],
    [7005, 13, '862233030000057', undefined],
    [7006, 13, '862233030000065', undefined],
  ];
  return rows.map(([id, equipId, imei, orderId]) => {
    const model = EQUIPMENT.find((e) => e.equip_id === equipId)?.model_code ?? '';
    const iccid = `8944100000000${id}`;
    const bundle: Bundle = { id, model_code: model, imei, equip_id: equipId };
    if (orderId === undefined) return bundle;
    const sim = { phone: `4477000${id}`, apn: 'internet', iccid, deleted: false, blocked: false };
    return {
      ...bundle,
      iccid,
      order_id: orderId,
      assign_time: formatDateTime(SEED_NOW_MS - daysToMs(20)),
      sim_card: { ...sim, registered: true },
    };
  });
}
