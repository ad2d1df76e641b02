import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../../routing/route-spec.js';
import { pageSchema } from '../shared/common.js';
import { emailGatewaysSchema, timeZoneSchema, toEmailGateways, toTimeZone } from './mapping.js';

/** Navixy lists some 400 zones at once (§4.5); the page can hold them all. */
const MAX_ZONES = 1000;

const timeZoneQuery = z.strictObject({
  locale: z
    .string()
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'a locale such as en or en_US')
    .default('en')
    .meta({ description: 'Language of the descriptions.' }),
  limit: z.coerce.number().int().min(1).max(MAX_ZONES).default(MAX_ZONES).meta({ type: 'integer' }),
  offset: z.coerce.number().int().min(0).default(0).meta({ type: 'integer' }),
  q: z.string().trim().min(1).max(100).optional().meta({
    description: 'Only zones whose id or description contains this text (any case).',
  }),
});

export const referenceRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/v1/timezones',
    operationId: 'listTimeZones',
    summary: 'The time zones the platform supports',
    description:
      'Ordered by zone id. Navixy answers them all at once; paging and `q` are applied by the gateway.',
    tag: 'Reference',
    actions: ['timezone/list'],
    query: timeZoneQuery,
    response: {
      description: 'A page of time zones.',
      schema: pageSchema(timeZoneSchema, 'TimeZonePage'),
    },
    async handle({ query, panel }) {
      const { list } = await panel('timezone/list', { locale: query.locale });
      const zones = (list ?? []).map(toTimeZone);
      const text = query.q?.toLowerCase();
      const matching = text
        ? zones.filter((z) =>
            `${z.zoneId}\u0000${z.description ?? ''}`.toLowerCase().includes(text),
          )
        : zones;
      return {
        items: matching.slice(query.offset, query.offset + query.limit),
        total: matching.length,
        limit: query.limit,
        offset: query.offset,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/email-gateways',
    operationId: 'getEmailGateways',
    summary: 'The email gateways the dealer owns or may lease, and the one in use',
    description:
      'Credentials in an own gateway\u2019s `params` (the SMTP password and any parameter naming a ' +
      'password, secret, token or key) are redacted: the gateway never passes them on.',
    tag: 'Reference',
    actions: ['gateways/email/list'],
    response: { description: 'The email gateways.', schema: emailGatewaysSchema },
    async handle({ panel }) {
      return toEmailGateways(await panel('gateways/email/list'));
    },
  }),
];
