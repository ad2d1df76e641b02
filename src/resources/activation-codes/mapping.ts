import { z } from 'zod';
import type { codeUpstream } from '../../panel/schemas/dealer.js';
import { isoDateTime, orNull, out } from '../shared/common.js';

export const activationCodeSchema = z
  .object({
    code: z.string(),
    planId: out.int,
    planName: out.str,
    bonusAmount: out.num,
    moneyAmount: out.num,
    freeDays: out.int,
    deviceType: out.str,
    activated: out.bool,
    activationDate: out.dateTime,
    deviceId: out.int.meta({ description: 'The device activated with it; null while unused.' }),
  })
  .meta({ id: 'ActivationCode' });

export function toActivationCode(
  c: z.output<typeof codeUpstream>,
): z.output<typeof activationCodeSchema> {
  return {
    code: c.code,
    planId: orNull(c.tariff_id),
    planName: orNull(c.tariff_name),
    bonusAmount: orNull(c.bonus_amount),
    moneyAmount: orNull(c.money_amount),
    freeDays: orNull(c.free_days),
    deviceType: orNull(c.device_type),
    activated: orNull(c.activated),
    activationDate: isoDateTime(c.activation_date),
    // §4.2: `device_id` is 0 while the code is unused.
    deviceId: c.device_id ? c.device_id : null,
  };
}

/** The terms `create` and `update` set (§4.4). */
const terms = {
  planId: z.number().int().positive().meta({ description: 'A plan of the dealer.' }),
  bonusAmount: z.number().int().meta({ description: 'Bonus added to the balance on activation.' }),
  freeDays: z.number().int().min(0),
};

export const createCodesSchema = z
  .strictObject({ count: z.number().int().min(1).max(1000), ...terms })
  .meta({ id: 'ActivationCodesCreate' });

export const updateCodesSchema = z
  .strictObject({
    codes: z.array(z.string().min(1).max(64)).min(1).max(1000),
    ...terms,
  })
  .meta({ id: 'ActivationCodesUpdate' });

export const CODE_FIELD_NAMES: Readonly<Record<string, string>> = {
  count: 'count',
  codes: 'codes',
  tariff_id: 'planId',
  bonus_amount: 'bonusAmount',
  free_days: 'freeDays',
};

export const codeCountSchema = z
  .object({
    count: z.number().int().min(0).nullable().meta({
      description: 'null: Navixy ran the change but did not say how many codes it took.',
    }),
  })
  .meta({ id: 'ActivationCodeCount' });
