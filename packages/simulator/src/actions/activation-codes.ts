import { PanelError } from '../errors.js';
import { listBody, readListQuery, runList } from '../lists.js';
import type { ListSpec } from '../lists.js';
import type { Plan } from '../model.js';
import { ParamReader } from '../params.js';
import { extrasOf } from '../state/dealer-extras.js';
import type { ActivationCode } from '../state/extras-model.js';
import type { DealerData } from '../store.js';
import type { ActionDefinition } from './types.js';

/** A code with its creation rank, which breaks ties in ordering as IDs do elsewhere. */
interface CodeEntry {
  readonly rank: number;
  readonly code: ActivationCode;
}

/** Reference §4.4 `dealer/activation_code/list`: `order_by` values and the fields `filter` matches. */
const CODE_LIST: ListSpec<CodeEntry> = {
  orderBy: {
    code: (e) => e.code.code,
    activated: (e) => e.code.activated,
    tariff_id: (e) => e.code.tariff_id,
    tariff_name: (e) => e.code.tariff_name,
    device_type: (e) => e.code.device_type,
    money_amount: (e) => e.code.money_amount,
    bonus_amount: (e) => e.code.bonus_amount,
    free_days: (e) => e.code.free_days,
  },
  id: (e) => e.rank,
  searchFields: (e) => [e.code.code, e.code.tariff_id, e.code.device_id, e.code.device_type],
};

/** The reference sets no upper bound; one call creates or updates at most this many codes. */
const MAX_CODES_PER_CALL = 1000;

interface CodeTerms {
  readonly plan: Plan;
  readonly bonusAmount: number;
  readonly freeDays: number;
}

/** `tariff_id`, `bonus_amount`, `free_days` of create and update; 201 for a plan not the dealer's. */
function readTerms(reader: ParamReader, dealer: DealerData): CodeTerms {
  const planId = reader.int('tariff_id', { required: true });
  const bonusAmount = reader.int('bonus_amount', { required: true });
  const freeDays = reader.int('free_days', { required: true, min: 0 });
  reader.check();
  const plan = dealer.plans.get(planId ?? 0);
  if (plan === undefined) throw new PanelError(201);
  return { plan, bonusAmount: bonusAmount ?? 0, freeDays: freeDays ?? 0 };
}

function withTerms(code: ActivationCode, terms: CodeTerms): ActivationCode {
  return {
    ...code,
    tariff_id: terms.plan.id,
    tariff_name: terms.plan.name,
    bonus_amount: terms.bonusAmount,
    free_days: terms.freeDays,
  };
}

/** Ten digits, unused by the dealer; deterministic per dealer and number of codes. */
function newCode(codes: ReadonlyMap<string, ActivationCode>, dealerId: number): string {
  let seed = (dealerId * 7919 + codes.size * 104729) % 9_000_000_000;
  while (codes.has(String(1_000_000_000 + seed))) seed = (seed + 7) % 9_000_000_000;
  return String(1_000_000_000 + seed);
}

function createCodes(dealer: DealerData, count: number, terms: CodeTerms): number {
  const { codes } = extrasOf(dealer);
  const created = Math.min(count, MAX_CODES_PER_CALL);
  for (let i = 0; i < created; i += 1) {
    const code = newCode(codes, dealer.dealer.id);
    const blank: ActivationCode = {
      code,
      ...{ tariff_id: 0, tariff_name: '', bonus_amount: 0, free_days: 0 },
      money_amount: 0,
      device_type: terms.plan.device_type,
      activated: false,
      device_id: 0,
    };
    codes.set(code, withTerms(blank, terms));
  }
  return created;
}

/**
 * Reference §4.4 `dealer/activation_code/update`: only listed codes of the dealer that are not
 * activated and whose device type is the new plan's change; the answer counts them.
 */
function updateCodes(dealer: DealerData, wanted: readonly string[], terms: CodeTerms): number {
  const { codes } = extrasOf(dealer);
  let updated = 0;
  for (const value of new Set(wanted)) {
    const code = codes.get(value);
    if (code === undefined || code.activated) continue;
    if (code.device_type !== terms.plan.device_type) continue;
    codes.set(value, withTerms(code, terms));
    updated += 1;
  }
  return updated;
}

/** Reference §4.4: the activation code actions. */
export const activationCodeActions: readonly ActionDefinition[] = [
  {
    name: 'dealer/activation_code/create',
    permissions: [
      ['activation_code', 'read'],
      ['activation_code', 'create'],
    ],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const count = reader.int('count', { required: true, min: 1 });
      const terms = readTerms(reader, dealer);
      return { count: createCodes(dealer, count ?? 0, terms) };
    },
  },
  {
    name: 'dealer/activation_code/list',
    permissions: [['activation_code', 'read']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const query = readListQuery(reader, CODE_LIST, { unboundedPaging: true });
      reader.check();
      const entries = [...extrasOf(dealer).codes.values()].map((code, rank) => ({ rank, code }));
      const { page, count } = runList(entries, CODE_LIST, query);
      return listBody(
        page.map((entry) => entry.code),
        count,
      );
    },
  },
  {
    name: 'dealer/activation_code/update',
    permissions: [['activation_code', 'update']],
    handle({ params, dealer }) {
      const reader = new ParamReader(params);
      const codes = reader.stringList('codes', { required: true, min: 1, max: MAX_CODES_PER_CALL });
      const terms = readTerms(reader, dealer);
      return { count: updateCodes(dealer, codes ?? [], terms) };
    },
  },
];
