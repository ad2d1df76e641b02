import { PanelError } from '../errors.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { BlockType, SubpaasProfile } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { FULL_PERMISSIONS } from '../permissions.js';
import type { SimulatorStore } from '../store.js';
import { defined } from './lookups.js';
import { subpaasChangeActions } from './subpaas-change.js';
import { assertSubpaasAllowed, findSubpaas } from './subpaas-form.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.6 `subpaas/list` `order_by`; the filter matches the same text fields. */
const SUBPAAS_LIST: ListSpec<SubpaasProfile> = {
  orderBy: {
    subpaas_id: (p) => p.subpaas_id,
    title: (p) => p.title,
    jur_name: (p) => p.jur_name,
    login: (p) => p.login,
    block_type: (p) => p.block_type,
    creation_date: (p) => p.creation_date,
  },
  id: (p) => p.subpaas_id,
  searchFields: (p) => [p.subpaas_id, p.title, p.jur_name, p.login, p.email, p.link_monitoring],
};

/** Reference §4.2 "Subpaas": the read-only counts, from the sub-dealer's own data. */
function counts(store: SimulatorStore, subpaasId: number) {
  const data = store.dealer(subpaasId);
  const users = data === undefined ? [] : store.users(data);
  const trackers = data === undefined ? [] : store.trackers(data).filter((t) => !t.deleted);
  return {
    users_count: users.length,
    active_users_count: users.filter((r) => r.user.activated).length,
    trackers_count: trackers.length,
    active_trackers_count: trackers.filter((t) => !t.source.blocked).length,
  };
}

function listEntry(store: SimulatorStore, p: SubpaasProfile) {
  const { subpaas_id, title, jur_name, login, creation_date, block_type } = p;
  return {
    subpaas_id,
    title,
    jur_name,
    login,
    creation_date,
    block_type,
    ...counts(store, subpaas_id),
  };
}

const readActions: readonly ActionDefinition[] = [
  {
    name: 'subpaas/list',
    permissions: [['subpaas', 'read']],
    handle({ params, store, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const query = readListQuery(reader, SUBPAAS_LIST);
      reader.check();
      const { page, count } = runList([...dealer.subpaas.values()], SUBPAAS_LIST, query);
      return listBody(
        page.map((p) => listEntry(store, p)),
        count,
      );
    },
  },
  {
    name: 'subpaas/read',
    permissions: [['subpaas', 'read']],
    handle({ params, store, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const subpaasId = reader.int('subpaas_id', { required: true });
      reader.check();
      const profile = findSubpaas(dealer, defined(subpaasId));
      return { value: { ...profile, ...counts(store, profile.subpaas_id) } };
    },
  },
  {
    name: 'subpaas/session/create',
    permissions: [['subpaas', 'create']],
    handle({ params, sessions, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const subpaasId = reader.int('subpaas_id', { required: true });
      reader.check();
      const profile = findSubpaas(dealer, defined(subpaasId));
      // §4.6: 13 unless the sub-dealer is NOT_BLOCKED. §1.7: a panel hash for its own data.
      if (profile.block_type !== ('NOT_BLOCKED' satisfies BlockType)) throw new PanelError(13);
      return { hash: sessions.open(profile.subpaas_id, FULL_PERMISSIONS).hash };
    },
  },
];

/** Reference §4.6: the sub-dealer actions. */
export const subpaasActions: readonly ActionDefinition[] = [
  ...readActions,
  ...subpaasChangeActions,
];
