import { parseSessionKeys } from '../../src/config.js';
import { accountKeys } from '../../src/panel/login-coordinator.js';
import { createSessionCipher } from '../../src/panel/session-cipher.js';
import { sessionCodec, type CachedSession } from '../../src/panel/session-records.js';
import { TEST_SESSION_KEYS } from './redis.js';

/** The cipher the test gateways seal session records with (`TEST_SESSION_KEYS`). */
export const testCipher = createSessionCipher(parseSessionKeys(TEST_SESSION_KEYS));

/** Opens a session record a test gateway stored for `accountId`, as the gateway would. */
export function openStoredSession(
  accountId: string,
  raw: string | null,
): CachedSession | undefined {
  return sessionCodec(accountKeys(accountId).session, testCipher).decode(raw);
}
