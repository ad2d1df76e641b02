import { randomBytes } from 'node:crypto';
import { PanelError } from '../errors.js';
import { ParamReader } from '../params.js';
import { PASSWORD_HISTORY, passwordProblem } from '../password-policy.js';
import { corrupt, planCorruption } from './corruption.js';
import { defined, findUser } from './lookups.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.8: password, corruption and "log in as user" actions. */
export const userAccountActions: readonly ActionDefinition[] = [
  {
    name: 'user/change_password',
    permissions: [['users', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      // §4.8: the parameter is `password`, not `new_password`; no old password is needed.
      const password = reader.string('password', { required: true });
      const problem = password && passwordProblem(dealer.dealer.password_policy, password);
      if (problem !== undefined && problem !== '') reader.fail('password', problem);
      reader.check();
      findUser(dealer, defined(userId));
      const history = dealer.passwords.get(defined(userId)) ?? [];
      // §2 code 294 "Password was recently used": the last 10 passwords are remembered.
      if (history.includes(defined(password))) throw new PanelError(294);
      dealer.passwords.set(
        defined(userId),
        [defined(password), ...history].slice(0, PASSWORD_HISTORY),
      );
      return {};
    },
  },
  {
    name: 'user/corrupt',
    permissions: [['users', 'corrupt']],
    handle({ params, store, dealer }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      const login = reader.string('login', { required: true });
      const corruptClones = reader.bool('corrupt_clones') ?? true;
      reader.check();
      const record = findUser(dealer, defined(userId));
      // §4.8: `login` is a confirmation and must equal the user's login.
      if (login !== record.user.login) {
        throw new PanelError(7, { errors: [{ parameter: 'login', error: 'Does not match' }] });
      }
      const owned = store.trackers(dealer).filter((t) => t.user_id === record.user.id);
      const plans = owned.map((tracker) => planCorruption(store, dealer, tracker, corruptClones));
      for (const plan of plans) corrupt(store, plan);
      store.removeUser(dealer, record.user.id);
      return {};
    },
  },
  {
    name: 'user/session/create',
    permissions: [
      ['users', 'read'],
      ['user_sessions', 'create'],
    ],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const userId = reader.int('user_id', { required: true, min: 1 });
      reader.check();
      findUser(dealer, defined(userId));
      // §1.7: a user-API session hash; the panel itself does not accept it.
      return { hash: randomBytes(16).toString('hex') };
    },
  },
];
