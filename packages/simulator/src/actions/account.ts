import { ParamReader } from '../params.js';
import { copyPermissions } from '../permissions.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.3: the session actions. */
export const accountActions: readonly ActionDefinition[] = [
  {
    name: 'account/auth',
    public: true,
    permissions: [],
    handle({ params, sessions }) {
      const reader = new ParamReader(params);
      const login = reader.string('login', { required: true });
      const password = reader.string('password', { required: true });
      reader.check();
      const session = sessions.authenticate(login ?? '', password ?? '');
      return { hash: session.hash, permissions: copyPermissions(session.permissions) };
    },
  },
  {
    name: 'account/get_permissions',
    permissions: [],
    handle: ({ session }) => ({ permissions: copyPermissions(session.permissions) }),
  },
  {
    name: 'account/logout',
    permissions: [],
    handle({ session, sessions }) {
      sessions.end(session.hash);
      return {};
    },
  },
];
