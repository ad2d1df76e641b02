import { parseSessionKeys } from '../../src/config/session-keys.js';
import { dealerKeys } from '../../src/panel/login-coordinator.js';
import { createSessionCipher } from '../../src/panel/session-cipher.js';
import { sessionCodec, type CachedSession } from '../../src/panel/session-records.js';
import { TEST_SESSION_KEYS } from './redis.js';

/** The cipher the test gateways seal session records with (`TEST_SESSION_KEYS`). */
export const testCipher = createSessionCipher(parseSessionKeys(TEST_SESSION_KEYS));

/** Opens a session record a test gateway stored for `dealerId`, as the gateway would. */
export function openStoredSession(dealerId: string, raw: string | null): CachedSession | undefined {
  return sessionCodec(dealerKeys(dealerId).session, testCipher).decode(raw);
}
