import { PanelError } from '../errors.js';
import type { SubpaasProfile } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { PASSWORD_HISTORY } from '../password-policy.js';
import { formatDate } from '../seed/dates.js';
import { defined } from './lookups.js';
import {
  BLOCK_TYPES,
  assertSubpaasAllowed,
  blockChangeAllowed,
  findSubpaas,
  readNewPassword,
  readSubpaasFields,
  syncSubdealer,
} from './subpaas-form.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.6: creating and changing sub-dealers. */
export const subpaasChangeActions: readonly ActionDefinition[] = [
  {
    name: 'subpaas/create',
    permissions: [['subpaas', 'create']],
    handle({ params, store, sessions, shapes, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const password = readNewPassword(reader, dealer, 'password');
      const fields = readSubpaasFields(reader, [dealer, ...store.otherDealers(dealer.dealer.id)]);
      reader.check();
      const id = store.nextId('dealer');
      // §4.6: a new sub-dealer starts in INITIAL_BLOCK; its panel login is its ID (§1.7).
      const profile: SubpaasProfile = {
        subpaas_id: id,
        block_type: 'INITIAL_BLOCK',
        creation_date: formatDate(Date.now()),
        login: String(id),
        ...fields,
      };
      store.addSubdealer(dealer, profile);
      dealer.subpaasPasswords.set(id, [defined(password)]);
      syncSubdealer(store, sessions, dealer, profile, password);
      // [SPEC] and the [UI] read `id`; [MD]'s example shows only `success` (§7 `subpaas-create-id`).
      return shapes.legacy('subpaas-create-id') ? {} : { id };
    },
  },
  {
    name: 'subpaas/update',
    permissions: [['subpaas', 'update']],
    handle({ params, store, sessions, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const subpaasId = reader.int('subpaas_id', { required: true });
      const blockType = reader.oneOf('block_type', BLOCK_TYPES, true);
      const others = [dealer, ...store.otherDealers(dealer.dealer.id)];
      const fields = readSubpaasFields(reader, others, subpaasId);
      reader.check();
      const current = findSubpaas(dealer, defined(subpaasId));
      const next = defined(blockType);
      if (next === 'DELETED' || !blockChangeAllowed(current.block_type, next))
        throw new PanelError(13);
      // §5.6-style replacement: contact fields not sent are cleared.
      const { subpaas_id, creation_date, login } = current;
      const profile: SubpaasProfile = {
        subpaas_id,
        creation_date,
        login,
        block_type: next,
        ...fields,
      };
      dealer.subpaas.set(subpaas_id, profile);
      syncSubdealer(store, sessions, dealer, profile);
      return {};
    },
  },
  {
    name: 'subpaas/password/change',
    permissions: [['subpaas', 'update']],
    handle({ params, store, sessions, dealer }) {
      assertSubpaasAllowed(dealer);
      const reader = new ParamReader(params);
      const subpaasId = reader.int('subpaas_id', { required: true });
      const password = readNewPassword(reader, dealer, 'new_password');
      reader.check();
      const profile = findSubpaas(dealer, defined(subpaasId));
      const history = dealer.subpaasPasswords.get(profile.subpaas_id) ?? [];
      // §4.6: 294 Password was recently used.
      if (history.includes(defined(password))) throw new PanelError(294);
      dealer.subpaasPasswords.set(
        profile.subpaas_id,
        [defined(password), ...history].slice(0, PASSWORD_HISTORY),
      );
      syncSubdealer(store, sessions, dealer, profile, password);
      return {};
    },
  },
];
