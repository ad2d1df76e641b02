import { RawJson, jsonOf } from '../json.js';
import { listBody } from '../lists.js';
import type { UserRecord } from '../model.js';
import { ParamReader } from '../params.js';
import { discountView } from '../shape-views.js';
import type { ShapeMode } from '../shapes.js';
import type { DealerData } from '../store.js';
import { findUser } from './lookups.js';
import type { ActionDefinition } from './types.js';
import { userAccountActions } from './user-account.js';
import { userBillingActions } from './user-billing.js';
import { userEditActions } from './user-edit.js';
import { userExportActions } from './user-export.js';
import { userMenuActions } from './user-menu.js';
import { userMfaActions } from './user-mfa.js';
import { readUserQuery } from './user-query.js';
import { userUploadActions } from './user-upload.js';

export { findUser } from './lookups.js';

/** Reference §4.8 `user/read`: `value` plus four siblings; null siblings are omitted (§1.5). */
function readBody(dealer: DealerData, record: UserRecord, shapes: ShapeMode): RawJson {
  const siblings = JSON.stringify({
    discount: record.discount === undefined ? undefined : discountView(record.discount, shapes),
    default_tariff_id: record.default_tariff_id,
    block_parameters: record.block_parameters,
    dealer_mfa_settings: dealer.mfaSettings,
  });
  return new RawJson(`{"success":true,"value":${jsonOf(record.user)},${siblings.slice(1)}`);
}

const readActions: readonly ActionDefinition[] = [
  {
    name: 'user/list',
    permissions: [['users', 'read']],
    handle({ params, store, dealer, shapes }) {
      const reader = new ParamReader(params);
      const run = readUserQuery(reader, shapes);
      reader.check();
      const { page, count } = run(store, dealer);
      return listBody(
        page.map((r) => r.user),
        count,
      );
    },
  },
  {
    name: 'user/read',
    permissions: [['users', 'read']],
    handle({ params, dealer, shapes }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      reader.check();
      return readBody(dealer, findUser(dealer, userId ?? 0), shapes);
    },
  },
];

/** Reference §4.8: the user actions. */
export const userActions: readonly ActionDefinition[] = [
  ...readActions,
  ...userEditActions,
  ...userAccountActions,
  ...userBillingActions,
  ...userExportActions,
  ...userUploadActions,
  ...userMenuActions,
  ...userMfaActions,
];
