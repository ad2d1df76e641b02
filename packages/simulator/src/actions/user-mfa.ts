import type { MfaSettings } from '../model-extras.js';
import { ParamReader } from '../params.js';
import { defined, findUser } from './lookups.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.2 "MFA settings": `allowed` needs 1+ `factor_types`, only `email` exists. */
export function readMfaSettings(reader: ParamReader): MfaSettings | undefined {
  const settings = reader.object('settings', { required: true });
  if (settings === undefined) return undefined;
  const type = settings.oneOf('type', ['allowed', 'disallowed'] as const, true);
  if (type !== 'allowed') return type === undefined ? undefined : { type };
  const factors = settings.stringList('factor_types', { required: true, min: 1 });
  if (factors?.some((factor) => factor !== 'email')) {
    settings.fail('factor_types', 'Should be one of [email]');
  }
  return factors === undefined ? undefined : { type, factor_types: factors };
}

/** Reference §4.2 MFA target: `{type:"all"}` or `{type:"selected", ids:[1..100]}`. */
function readTarget(reader: ParamReader): number[] | 'all' | undefined {
  const target = reader.object('target', { required: true });
  if (target === undefined) return undefined;
  const type = target.oneOf('type', ['all', 'selected'] as const, true);
  if (type !== 'selected') return type;
  return target.intList('ids', { required: true, min: 1, max: 100 });
}

/** Reference §4.8: the MFA settings of users and the dealer default. */
export const userMfaActions: readonly ActionDefinition[] = [
  {
    name: 'user/mfa/settings/update',
    permissions: [['users', 'update']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const target = readTarget(reader);
      const settings = readMfaSettings(reader);
      reader.check();
      const records =
        target === 'all' ? store.users(dealer) : defined(target).map((id) => findUser(dealer, id));
      // [DOCS]: "allowing MFA to a user automatically enables it for them".
      const allowed = defined(settings).type === 'allowed';
      for (const record of records) {
        store.putUser(dealer, { ...record, user: { ...record.user, mfa_allowed: allowed } });
      }
      return {};
    },
  },
  {
    name: 'user/mfa/settings/default/read',
    permissions: [['users', 'read']],
    handle: ({ dealer }) => ({ value: dealer.mfaSettings }),
  },
  {
    name: 'user/mfa/settings/default/update',
    permissions: [['users', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const settings = readMfaSettings(reader);
      reader.check();
      // §4.8: the default applies to users without their own setting and to new users.
      dealer.mfaSettings = defined(settings);
      return {};
    },
  },
];
