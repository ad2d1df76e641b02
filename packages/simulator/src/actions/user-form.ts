import type { Discount, LegalType, User } from '../model.js';
import type { ParamReader } from '../params.js';
import { NO_LEGAL_FIELDS, type LegalFields } from '../legal-fields.js';

const LEGAL_TYPES: readonly LegalType[] = ['individual', 'legal_entity', 'sole_trader'];
const STRATEGIES = ['no_summing', 'sum_with_progressive'] as const;
/** Reference §4.2: "letters, digits, `- ' \" . , : /`" (spaces too: names have them). */
const NAME_PATTERN = /^[\p{L}\p{N}\s\-'".,:/]*$/u;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The editable fields of a user, as `user/create` and `user/update` take them (§4.2). */
export type UserForm = Omit<
  User,
  'id' | 'dealer_id' | 'balance' | 'bonus' | 'trackers_count' | 'creation_date' | 'comment'
> & { id: number | undefined };

type Text = (name: string, max: number, blank?: 'may-be-empty' | 'non-blank') => string;

function textReader(form: ParamReader): Text {
  return (name, max, blank = 'may-be-empty') => {
    const value = form.string(name, { required: true, maxLength: max });
    if (value !== undefined && blank === 'non-blank' && value.trim() === '') {
      form.fail(name, 'Should not be blank');
    }
    return value ?? '';
  };
}

function readName(form: ParamReader, name: string, required: boolean): string {
  const value = form.string(name, { required, maxLength: 100 }) ?? '';
  if (!NAME_PATTERN.test(value)) form.fail(name, 'Should match the platform name pattern');
  else if (required && value.trim() === '') form.fail(name, 'Should not be blank');
  return value;
}

function readDigits(form: ParamReader, name: string, pattern: RegExp): string {
  const value = form.string(name) ?? '';
  if (value !== '' && !pattern.test(value)) form.fail(name, 'Invalid format');
  return value;
}

/** Reference §4.2 "User edit form": the per-`legal_type` fields; `''` where they do not apply. */
function legalFields(form: ParamReader, type: LegalType, text: Text): LegalFields {
  if (type === 'individual') return NO_LEGAL_FIELDS;
  const entity = type === 'legal_entity';
  return {
    registered_country: text('registered_country', 100, 'non-blank'),
    registered_region: text('registered_region', 100, 'non-blank'),
    registered_city: text('registered_city', 100, 'non-blank'),
    registered_street_address: text('registered_street_address', 200, 'non-blank'),
    registered_index: text('registered_index', 32, 'non-blank'),
    tin: text('tin', 255, 'non-blank'),
    state_reg_num: readDigits(form, 'state_reg_num', /^\d{1,15}$/),
    okpo_code: readDigits(form, 'okpo_code', /^\d{8,10}$/),
    legal_name: entity ? text('legal_name', 255, 'non-blank') : '',
    iec: entity ? text('iec', 255) : '',
  };
}

/**
 * Reads the `user` object of `user/create` (`update` false) or `user/update` (`update` true:
 * `id` and `activated` mandatory). Problems are reported with dotted names (`user.login`, §1.5).
 */
export function readUserForm(form: ParamReader, update: boolean): UserForm | undefined {
  const id = update ? form.int('id', { required: true }) : undefined;
  const legalType = form.oneOf('legal_type', LEGAL_TYPES, true);
  const login = form.string('login', { required: true, maxLength: 255 });
  if (login !== undefined && !EMAIL_PATTERN.test(login)) form.fail('login', 'E-mail must be valid');
  const activated = form.bool('activated', { required: update }) ?? true;
  const phone = form.string('phone', { required: true, maxLength: 15 }) ?? '';
  if (!/^\d*$/.test(phone)) form.fail('phone', 'Should contain digits only');
  const menuPresetId = form.int('menu_preset_id', { nullable: true });
  // [SPEC]: accepted, never returned by reads.
  const birthDate = form.string('birth_date', { nullable: true });
  if (birthDate !== undefined && !DATE_PATTERN.test(birthDate)) {
    form.fail('birth_date', 'Should be a date YYYY-MM-DD');
  }
  form.string('passport', { nullable: true });
  if (legalType === undefined || login === undefined) return undefined;
  const text = textReader(form);
  const blank = legalType === 'individual' ? 'may-be-empty' : 'non-blank';
  return {
    id,
    login,
    activated,
    verified: form.bool('verified') ?? activated,
    phone_verified: false,
    legal_type: legalType,
    first_name: readName(form, 'first_name', true),
    middle_name: readName(form, 'middle_name', false),
    last_name: readName(form, 'last_name', true),
    phone,
    post_country: text('post_country', 100, blank),
    post_index: text('post_index', 32, blank),
    post_region: text('post_region', 100, blank),
    post_city: text('post_city', 100, blank),
    post_street_address: text('post_street_address', 200, blank),
    ...legalFields(form, legalType, text),
    ...(menuPresetId === undefined ? {} : { menu_preset_id: menuPresetId }),
    mfa_allowed: false,
  };
}

function readEndDate(discount: ParamReader): string | undefined {
  const endDate = discount.string('end_date', { nullable: true });
  if (endDate !== undefined && !DATE_PATTERN.test(endDate)) {
    discount.fail('end_date', 'Should be a date YYYY-MM-DD');
  }
  return endDate;
}

/**
 * Reference §4.2 "Discount" and §7: accepted in either shape whatever the answers use. An object
 * with `value` is the [MD]/[UI] one (`{value, min_trackers, end_date, strategy}`), any other the
 * [SPEC] UserDiscount (`{percent, end_date, device_limit}`, no field required).
 */
export function readDiscount(discount: ParamReader): Discount | undefined {
  if (discount.has('value')) return readOlderDiscount(discount);
  const percent = discount.number('percent') ?? 0;
  const endDate = readEndDate(discount);
  const limit = discount.int('device_limit', { nullable: true });
  return {
    percent,
    ...(limit === undefined ? {} : { min_devices: limit }),
    ...(endDate === undefined ? {} : { end_date: endDate }),
  };
}

function readOlderDiscount(discount: ParamReader): Discount | undefined {
  const value = discount.number('value', { required: true, min: 0, max: 100 });
  const minTrackers = discount.int('min_trackers', { required: true, min: 0 });
  const endDate = readEndDate(discount);
  // [UI] create always sends `no_summing`; absent, the simulator assumes it too.
  const strategy = discount.oneOf('strategy', STRATEGIES) ?? 'no_summing';
  if (value === undefined || minTrackers === undefined) return undefined;
  return {
    percent: value,
    min_devices: minTrackers,
    ...(endDate === undefined ? {} : { end_date: endDate }),
    strategy,
  };
}

/** Reference §4.8: `comment` is top-level, ≤255 printable characters. */
export function readComment(reader: ParamReader): string {
  const comment = reader.string('comment', { maxLength: 255 }) ?? '';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(comment)) reader.fail('comment', 'Should be printable');
  return comment;
}
