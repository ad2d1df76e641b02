import { PanelError } from '../errors.js';
import type { UserRecord } from '../model.js';
import { ParamReader } from '../params.js';
import { passwordProblem } from '../password-policy.js';
import { formatDateTime } from '../seed/dates.js';
import type { DealerData, SimulatorStore } from '../store.js';
import { defined, findPlan, findUser } from './lookups.js';
import type { ActionDefinition } from './types.js';
import { readComment, readDiscount, readUserForm } from './user-form.js';
import type { UserForm } from './user-form.js';

/** The optional siblings of `user`: they too are replaced, absent ones reset (§5.6). */
interface Extras {
  readonly discount: UserRecord['discount'];
  readonly defaultTariffId: number | undefined;
  readonly comment: string;
}

/** [SPEC]: `discount` and `default_tariff_id` may be null (none); `comment` may not. */
function readExtras(reader: ParamReader): Extras {
  const discountReader = reader.object('discount', { nullable: true });
  return {
    discount: discountReader === undefined ? undefined : readDiscount(discountReader),
    defaultTariffId: reader.int('default_tariff_id', { nullable: true }),
    comment: readComment(reader),
  };
}

/** Reference §4.8: `default_tariff_id` and `menu_preset_id` must be the dealer's (else 201). */
function checkReferences(dealer: DealerData, form: UserForm, extras: Extras): void {
  if (extras.defaultTariffId !== undefined) findPlan(dealer, extras.defaultTariffId);
  const presetId = form.menu_preset_id;
  if (presetId !== undefined && !dealer.presets.has(presetId)) throw new PanelError(201);
}

function recordOf(user: UserRecord['user'], extras: Extras, old?: UserRecord): UserRecord {
  const record: UserRecord = { user };
  if (extras.discount !== undefined) record.discount = extras.discount;
  if (extras.defaultTariffId !== undefined) record.default_tariff_id = extras.defaultTariffId;
  if (old?.block_parameters !== undefined) record.block_parameters = old.block_parameters;
  return record;
}

/** Reference §4.8 `user/create`: a new user with no money, no trackers, created now. */
function createUser(store: SimulatorStore, dealer: DealerData, form: UserForm, extras: Extras) {
  checkReferences(dealer, form, extras);
  if (store.loginInUse(form.login)) throw new PanelError(206);
  const { id: _none, ...fields } = form;
  const user = {
    ...fields,
    id: store.nextId('user'),
    dealer_id: dealer.dealer.id,
    balance: 0,
    bonus: 0,
    trackers_count: 0,
    // [MD]: the default MFA setting applies to newly created users.
    mfa_allowed: dealer.mfaSettings.type === 'allowed',
    creation_date: formatDateTime(Date.now()),
    comment: extras.comment,
  };
  store.putUser(dealer, recordOf(user, extras));
  return user.id;
}

/**
 * Reference §4.8 `user/update` and §5.6: the record is REPLACED — every optional field not sent
 * (`menu_preset_id`, `state_reg_num`, `discount`, `default_tariff_id`, `comment`...) is reset.
 * Only what the form cannot carry (money, counts, dates, MFA, block state) is kept.
 */
function updateUser(store: SimulatorStore, dealer: DealerData, form: UserForm, extras: Extras) {
  const old = findUser(dealer, defined(form.id));
  if (form.legal_type !== old.user.legal_type) {
    throw new PanelError(7, {
      errors: [{ parameter: 'user.legal_type', error: 'Cannot be changed' }],
    });
  }
  checkReferences(dealer, form, extras);
  if (store.loginInUse(form.login, old.user.id)) throw new PanelError(206);
  const { id: _id, ...fields } = form;
  const { id, dealer_id, balance, bonus, trackers_count, creation_date, mfa_allowed } = old.user;
  const kept = { id, dealer_id, balance, bonus, trackers_count, creation_date, mfa_allowed };
  const phoneVerified = old.user.phone_verified && old.user.phone === form.phone;
  const user = { ...fields, ...kept, phone_verified: phoneVerified, comment: extras.comment };
  store.putUser(dealer, recordOf(user, extras, old));
}

/** Reference §4.8: `user/create` and `user/update`. */
export const userEditActions: readonly ActionDefinition[] = [
  {
    name: 'user/create',
    permissions: [['users', 'create']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const formReader = reader.object('user', { required: true });
      const form = formReader === undefined ? undefined : readUserForm(formReader, false);
      const password = reader.string('password', { required: true });
      reader.string('locale', { required: true });
      reader.string('time_zone', { required: true });
      const extras = readExtras(reader);
      const problem = password && passwordProblem(dealer.dealer.password_policy, password);
      if (problem !== undefined && problem !== '') reader.fail('password', problem);
      reader.check();
      const id = createUser(store, dealer, defined(form), extras);
      dealer.passwords.set(id, [defined(password)]);
      return { id };
    },
  },
  {
    name: 'user/update',
    permissions: [['users', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const formReader = reader.object('user', { required: true });
      const form = formReader === undefined ? undefined : readUserForm(formReader, true);
      const extras = readExtras(reader);
      reader.check();
      updateUser(store, dealer, defined(form), extras);
      return {};
    },
  },
];
