import { PanelError } from '../errors.js';
import { RawJson, jsonOf } from '../json.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { UserRecord } from '../model.js';
import { ParamReader } from '../params.js';
import type { DealerData } from '../store.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.8 `user/list`: the `order_by` values ([MD]) and the fields `filter` searches. */
const USER_LIST: ListSpec<UserRecord> = {
  orderBy: {
    id: (r) => r.user.id,
    login: (r) => r.user.login,
    last_name: (r) => r.user.last_name,
    balance: (r) => r.user.balance,
    bonus: (r) => r.user.bonus,
    phone: (r) => r.user.phone,
    post_city: (r) => r.user.post_city,
  },
  id: (r) => r.user.id,
  searchFields: ({ user: u }) => [
    u.id,
    u.login,
    u.last_name,
    u.first_name,
    u.middle_name,
    u.phone,
    u.post_city,
    u.post_region,
    u.post_country,
    u.post_index,
    u.post_street_address,
    u.registered_country,
    u.registered_index,
    u.registered_region,
    u.registered_city,
    u.registered_street_address,
    u.tin,
    u.iec,
    u.legal_name,
  ],
};

/** Reference §4.8: a user of another dealer answers 201, exactly like a missing one. */
export function findUser(dealer: DealerData, userId: number): UserRecord {
  const record = dealer.users.get(userId);
  if (record === undefined) throw new PanelError(201);
  return record;
}

/** Reference §4.8 `user/read`: `value` plus four siblings; null siblings are omitted (§1.5). */
function readBody(dealer: DealerData, record: UserRecord): RawJson {
  const siblings = JSON.stringify({
    discount: record.discount,
    default_tariff_id: record.default_tariff_id,
    block_parameters: record.block_parameters,
    dealer_mfa_settings: dealer.mfaSettings,
  });
  return new RawJson(`{"success":true,"value":${jsonOf(record.user)},${siblings.slice(1)}`);
}

/** Reference §4.8: the user actions. */
export const userActions: readonly ActionDefinition[] = [
  {
    name: 'user/list',
    permissions: [['users', 'read']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const query = readListQuery(reader, USER_LIST);
      const hideInactive = reader.bool('hide_inactive') ?? false;
      reader.check();
      const keep = hideInactive ? (r: UserRecord) => r.user.activated : undefined;
      const { page, count } = runList(store.users(dealer), USER_LIST, query, keep);
      return listBody(
        page.map((r) => r.user),
        count,
      );
    },
  },
  {
    name: 'user/read',
    permissions: [['users', 'read']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      reader.check();
      return readBody(dealer, findUser(dealer, userId ?? 0));
    },
  },
];
