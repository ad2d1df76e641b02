import { z } from 'zod';
import { ValidationError } from '../../problems/gateway-error.js';
import type { DiscountParam, discountUpstream } from '../../panel/schemas/users.js';
import { isoDate, orNull, out } from '../shared/common.js';
import { asRecord, type Raw } from '../shared/raw-write.js';

/**
 * A user's discount. Navixy describes it two ways (reference §7): [SPEC] `{percent, end_date,
 * device_limit}`, [MD]/[UI] `{value, min_trackers, end_date, strategy}`. Clients see one shape
 * named by meaning: `percent` whichever key Navixy used, `minTrackers` for `device_limit` or
 * `min_trackers` (the active devices the user needs for the discount to apply). `value` is the
 * former name of `percent`, kept while clients move.
 */
const STRATEGIES = ['no_summing', 'sum_with_progressive'] as const;

const percent = z.number().min(0).max(100).meta({ description: 'Percent, 0 to 100.' });
const deprecatedValue = percent.meta({
  deprecated: true,
  description: 'Former name of `percent`; send one of the two.',
});

export const discountSchema = z
  .object({
    percent: out.num.meta({ description: 'Percent, 0 to 100.' }),
    value: out.num.meta({ deprecated: true, description: 'The same as `percent` (former name).' }),
    minTrackers: out.int.meta({
      description: 'Active devices the user needs for the discount to apply.',
    }),
    endDate: out.date.meta({ description: 'null: no end.' }),
    strategy: out.str.meta({ description: 'How it combines with others; older Navixy only.' }),
  })
  .nullable()
  .meta({ id: 'Discount' });

const inputFields = {
  percent: percent.optional(),
  value: deprecatedValue.optional(),
  minTrackers: z.number().int().min(0).optional(),
  endDate: z.iso.date().nullable().optional().meta({ description: 'null: no end.' }),
  strategy: z.enum(STRATEGIES).optional(),
};

const onePercent = (d: { percent?: number; value?: number }, ctx: z.RefinementCtx) => {
  if (d.percent !== undefined && d.value !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'send percent or value, not both' });
  }
};

/** A whole discount: `percent` (or its former name `value`) is needed. */
export const discountInputSchema = z
  .strictObject(inputFields)
  .superRefine((d, ctx) => {
    onePercent(d, ctx);
    if (d.percent === undefined && d.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'is required' });
    }
  })
  .meta({ id: 'DiscountInput' });

/** PATCH: any subset, merged into the user's discount (a user without one needs `percent`). */
export const discountPatchSchema = z
  .strictObject(inputFields)
  .superRefine(onePercent)
  .meta({ id: 'DiscountPatch' });

export type DiscountInput = z.output<typeof discountPatchSchema>;

export function toDiscount(
  d: z.output<typeof discountUpstream> | null | undefined,
): z.output<typeof discountSchema> {
  if (!d) return null;
  const pct = d.percent ?? d.value ?? null;
  return {
    percent: pct,
    value: pct,
    minTrackers: d.device_limit ?? d.min_trackers ?? null,
    endDate: isoDate(d.end_date),
    strategy: orNull(d.strategy),
  };
}

/** Which source's keys a discount was read with; `both` when none can be told. */
function shapeOf(read: Raw | undefined): 'official' | 'older' | 'both' {
  if (!read) return 'both';
  const official = 'percent' in read || 'device_limit' in read;
  const older = 'value' in read || 'min_trackers' in read || 'strategy' in read;
  if (official === older) return 'both';
  return official ? 'official' : 'older';
}

/**
 * The discount to write: `change` merged into the discount as read, in the keys it was read
 * with (§7: a record goes back in its own shape). A user without one gets a discount in both
 * shapes' keys, each source reading its own; the older one needs a strategy and a minimum
 * ([UI] sends `no_summing` and 0).
 */
export function writeDiscount(read: unknown, change: DiscountInput): DiscountParam {
  const current = read === null || read === undefined ? undefined : asRecord(read);
  const shape = shapeOf(current);
  const official = shape !== 'older';
  const older = shape !== 'official';
  const pct = change.percent ?? change.value;
  const write: Raw = { ...current };
  if (!current) {
    if (pct === undefined) {
      throw new ValidationError([
        { in: 'body', name: 'discount.percent', message: 'is required: the user has no discount' },
      ]);
    }
    Object.assign(write, {
      end_date: null,
      ...(official ? { device_limit: change.minTrackers ?? null } : {}),
      ...(older ? { min_trackers: 0, strategy: 'no_summing' } : {}),
    });
  }
  if (pct !== undefined)
    Object.assign(write, official ? { percent: pct } : {}, older ? { value: pct } : {});
  if (change.minTrackers !== undefined) {
    Object.assign(
      write,
      official ? { device_limit: change.minTrackers } : {},
      older ? { min_trackers: change.minTrackers } : {},
    );
  }
  if (change.endDate !== undefined) write.end_date = change.endDate;
  if (change.strategy !== undefined) write.strategy = change.strategy;
  return write;
}
