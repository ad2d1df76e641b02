import { readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { UserRecord } from '../model.js';
import type { ParamReader } from '../params.js';
import type { ShapeMode } from '../shapes.js';
import type { DealerData, SimulatorStore } from '../store.js';

/** Reference §4.8 `user/list`: the `order_by` values ([MD]) and the fields `filter` searches. */
export const USER_LIST: ListSpec<UserRecord> = {
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

/**
 * Reads the list parameters `user/list` takes ([MD] gives `user/export` the same ones) and
 * returns a function that runs the query once the caller has checked the reader.
 */
export function readUserQuery(
  reader: ParamReader,
  shapes: ShapeMode,
): (store: SimulatorStore, dealer: DealerData) => { page: readonly UserRecord[]; count: number } {
  // Reference §7 `list-order-by`: [SPEC] leaves `order_by` untyped, [MD] lists the values.
  const query = readListQuery(reader, USER_LIST, { anyOrderBy: !shapes.legacy('list-order-by') });
  const hideInactive = reader.bool('hide_inactive') ?? false;
  const keep = hideInactive ? (r: UserRecord) => r.user.activated : undefined;
  return (store, dealer) => runList(store.users(dealer), USER_LIST, query, keep);
}
