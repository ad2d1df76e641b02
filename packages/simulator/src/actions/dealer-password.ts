import { PanelError } from '../errors.js';
import { ParamReader } from '../params.js';
import { PASSWORD_HISTORY, passwordProblem } from '../password-policy.js';
import type { SessionStore } from '../sessions.js';
import { extrasOf } from '../state/dealer-extras.js';
import type { DealerData } from '../store.js';
import type { ActionDefinition } from './types.js';

/** Reference §4.4: both passwords are trimmed and must hold printable characters only. */
const PRINTABLE = /^[\x20-\x7e]+$/;

function readPassword(reader: ParamReader, name: string): string {
  const value = reader.string(name, { required: true })?.trim();
  if (value !== undefined && !PRINTABLE.test(value)) {
    reader.fail(name, 'Should contain printable characters only');
  }
  return value ?? '';
}

/** Reference §1.7: success deletes every panel session of the dealer, the caller's included. */
function endDealerSessions(sessions: SessionStore, dealerId: number): void {
  for (const hash of sessions.hashes()) {
    try {
      if (sessions.resolve(hash).dealerId === dealerId) sessions.end(hash);
    } catch {
      // Already ended or expired.
    }
  }
}

/**
 * Reference §4.4 `dealer/password/update`, checked in this order: 248 wrong old password, 245 new
 * equals old, 7 password policy (not listed there; the code every other policy check uses), 294
 * one of the last 10 passwords.
 */
function changePassword(sessions: SessionStore, dealer: DealerData, reader: ParamReader): void {
  const oldPassword = readPassword(reader, 'old_password');
  const newPassword = readPassword(reader, 'new_password');
  reader.check();
  const account = sessions.accountOf(dealer.dealer.id);
  if (account === undefined || account.password !== oldPassword) throw new PanelError(248);
  if (newPassword === oldPassword) throw new PanelError(245);
  const problem = passwordProblem(dealer.dealer.password_policy, newPassword);
  if (problem !== undefined) reader.fail('new_password', problem);
  reader.check();
  const history = extrasOf(dealer).passwords;
  if (history.includes(newPassword)) throw new PanelError(294);
  history.unshift(oldPassword);
  history.splice(PASSWORD_HISTORY);
  sessions.upsertAccount({ ...account, password: newPassword });
  endDealerSessions(sessions, dealer.dealer.id);
}

/** Reference §4.4: the dealer's own password. */
export const dealerPasswordActions: readonly ActionDefinition[] = [
  {
    name: 'dealer/password/update',
    permissions: [['password', 'update']],
    handle({ params, sessions, dealer }) {
      changePassword(sessions, dealer, new ParamReader(params));
      return {};
    },
  },
];
