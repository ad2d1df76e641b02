import { z } from 'zod';
import type { gatewaysUpstream, zoneUpstream } from '../../panel/schemas/misc.js';
import { orNull, out } from '../shared/common.js';

export const timeZoneSchema = z
  .object({
    zoneId: z.string().meta({ description: 'IANA zone id, used wherever a time zone is taken.' }),
    description: out.str.meta({ description: 'In the requested locale.' }),
    baseOffset: out.num.meta({ description: 'Standard offset from UTC in hours.' }),
    dstOffset: out.num.meta({ description: 'Extra hours while DST is in effect.' }),
    countryCode: out.str,
    altIds: z.array(z.string()),
  })
  .meta({ id: 'TimeZone' });

export function toTimeZone(z: z.output<typeof zoneUpstream>): z.output<typeof timeZoneSchema> {
  return {
    zoneId: z.zone_id,
    description: orNull(z.description),
    baseOffset: orNull(z.base_offset),
    dstOffset: orNull(z.dst_offset),
    countryCode: orNull(z.country_code),
    altIds: z.alt_ids ?? [],
  };
}

export const REDACTED = '[redacted]';

/** Provider parameters that hold credentials (`mail.smtp.password`, API keys, tokens). */
const SECRET_PARAM = /pass|secret|token|key|credential/i;

export const emailGatewaysSchema = z
  .object({
    boundGatewayId: out.int.meta({ description: 'The gateway in use; null when none is bound.' }),
    own: z.array(
      z.object({
        id: z.number().int(),
        leasable: out.bool.meta({ description: 'Offered for lease to sub-dealers.' }),
        label: out.str,
        provider: out.str,
        params: z.record(z.string(), z.unknown()).meta({
          description: `Provider settings as Navixy names them (\`mail.smtp.host\`…). Credentials (\`mail.smtp.password\` and any parameter naming a password, secret, token or key) are replaced by "${REDACTED}": the gateway never passes them on.`,
        }),
      }),
    ),
    leasable: z.array(
      z.object({
        id: z.number().int(),
        label: out.str,
        provider: out.str,
        defaultFromAddress: out.str,
      }),
    ),
  })
  .meta({ id: 'EmailGateways' });

function redact(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      SECRET_PARAM.test(name) ? REDACTED : value,
    ]),
  );
}

export function toEmailGateways(
  g: z.output<typeof gatewaysUpstream>,
): z.output<typeof emailGatewaysSchema> {
  return {
    boundGatewayId: orNull(g.bound_gateway),
    own: (g.own ?? []).map((o) => ({
      id: o.id,
      leasable: orNull(o.leasable),
      label: orNull(o.label),
      provider: orNull(o.provider),
      params: redact(o.params ?? {}),
    })),
    leasable: (g.leasable ?? []).map((l) => ({
      id: l.id,
      label: orNull(l.label),
      provider: orNull(l.provider),
      defaultFromAddress: orNull(l.default_from_address),
    })),
  };
}
