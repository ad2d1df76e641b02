import { subdealerRecord } from '../dealer-data.js';
import { PanelError } from '../errors.js';
import type { BlockType, SubpaasProfile } from '../model-extras.js';
import type { ParamReader } from '../params.js';
import { passwordProblem } from '../password-policy.js';
import type { SessionStore } from '../sessions.js';
import type { DealerData, SimulatorStore } from '../store.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A (possibly internationalised) domain name: labels of letters, digits and hyphens. */
const DOMAIN = /^(?=.{1,255}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/u;

/** Reference §4.1 plus `DELETED`, which `subpaas/update` rejects with 13 (§4.6). */
export const BLOCK_TYPES = [
  'NOT_BLOCKED',
  'INITIAL_BLOCK',
  'BLOCK_LOGIN',
  'CLIENTS_BLOCKED',
  'DELETED',
] as const;

export type SubpaasFields = Omit<
  SubpaasProfile,
  'subpaas_id' | 'block_type' | 'creation_date' | 'login'
>;

/**
 * Reference §4.6 `subpaas/create|update` fields. `email` and `link_monitoring` must be unique
 * across dealers; a clash is 7 naming the parameter ([DOCS], not 409).
 */
export function readSubpaasFields(
  reader: ParamReader,
  others: readonly DealerData[],
  selfId?: number,
): SubpaasFields {
  const email = reader.string('email', { required: true, maxLength: 255 }) ?? '';
  if (email !== '' && !EMAIL.test(email)) reader.fail('email', 'E-mail must be valid');
  const link =
    reader.string('link_monitoring', { required: true, minLength: 1, maxLength: 255 }) ?? '';
  if (link !== '' && !DOMAIN.test(link)) reader.fail('link_monitoring', 'Should be a valid domain');
  const profiles = others
    .flatMap((data) => [...data.subpaas.values()])
    .filter((p) => p.subpaas_id !== selfId);
  if (profiles.some((p) => p.email.toLowerCase() === email.toLowerCase()))
    reader.fail('email', 'Already in use');
  if (profiles.some((p) => p.link_monitoring === link))
    reader.fail('link_monitoring', 'Already in use');
  const optional = (name: 'contact_fio' | 'contact_post' | 'contact_phone', max: number) => {
    const value = reader.string(name, { maxLength: max });
    return value === undefined ? {} : { [name]: value };
  };
  return {
    title: reader.string('title', { required: true, minLength: 1, maxLength: 50 }) ?? '',
    jur_name: reader.string('jur_name', { required: true, maxLength: 100 }) ?? '',
    email,
    jur_country: reader.string('jur_country', { required: true, maxLength: 255 }) ?? '',
    link_monitoring: link,
    ...optional('contact_fio', 100),
    ...optional('contact_post', 50),
    ...optional('contact_phone', 255),
  };
}

/**
 * Reference §4.6 `subpaas/update`: 13 when `block_type` is `DELETED`, or when it would move a
 * sub-dealer into or out of `INITIAL_BLOCK`.
 */
export function blockChangeAllowed(
  current: BlockType,
  next: (typeof BLOCK_TYPES)[number],
): boolean {
  if (next === 'DELETED') return false;
  return (current === 'INITIAL_BLOCK') === (next === 'INITIAL_BLOCK');
}

/**
 * Reference §4.6: every sub-dealer action needs a PaaS dealer, `NOT_BLOCKED`, whose plan allows
 * sub-PaaS accounts — else 13. In the simulator a sub-dealer's own plan does not (no nesting).
 */
export function assertSubpaasAllowed(dealer: DealerData): void {
  const { contract_type, block_status, subpaas } = dealer.dealer;
  if (contract_type !== 'PAAS' || block_status !== 'NOT_BLOCKED' || subpaas)
    throw new PanelError(13);
}

/** A sub-dealer of this dealer, else 201 (§5.5). */
export function findSubpaas(dealer: DealerData, subpaasId: number): SubpaasProfile {
  const profile = dealer.subpaas.get(subpaasId);
  if (profile === undefined) throw new PanelError(201);
  return profile;
}

/** Keeps the sub-dealer's dealer record and panel login in step with its profile. */
export function syncSubdealer(
  store: SimulatorStore,
  sessions: SessionStore,
  parent: DealerData,
  profile: SubpaasProfile,
  password?: string,
): void {
  const data = store.dealer(profile.subpaas_id);
  if (data !== undefined) {
    const active = store.trackers(data).filter((t) => !t.deleted).length;
    store.putDealer(data, subdealerRecord(parent.dealer, profile, active));
  }
  const account = sessions.accountOf(profile.subpaas_id);
  sessions.upsertAccount({
    login: profile.login,
    password: password ?? account?.password ?? '',
    dealerId: profile.subpaas_id,
    blocked: profile.block_type === 'BLOCK_LOGIN',
  });
}

export function readNewPassword(
  reader: ParamReader,
  dealer: DealerData,
  name: string,
): string | undefined {
  const password = reader.string(name, { required: true })?.trim();
  const problem =
    password === undefined ? undefined : passwordProblem(dealer.dealer.password_policy, password);
  if (problem !== undefined) reader.fail(name, problem);
  return password;
}
