import { z } from 'zod';
import { defineRoute } from '../../routing/route-spec.js';

const tag = 'Users';

/** Reference §4.2 "MFA settings". */
const settings = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('allowed'), factorTypes: z.array(z.enum(['email'])).min(1) }),
    z.object({ type: z.literal('disallowed') }),
  ])
  .meta({ id: 'MfaSettings' });

/** As Navixy answers them: a type or factor it adds later is passed on as it comes. */
const settingsOut = z
  .union([
    z.object({ type: z.literal('allowed'), factorTypes: z.array(z.string()) }),
    z.object({ type: z.literal('disallowed') }),
    z.object({ type: z.string().meta({ description: 'A setting Navixy may add later.' }) }),
  ])
  .meta({ id: 'MfaSettingsRead' });

const toNavixy = (s: z.output<typeof settings>) =>
  s.type === 'allowed'
    ? { type: 'allowed' as const, factor_types: s.factorTypes }
    : { type: 'disallowed' as const };

export const mfaRoutes = [
  defineRoute({
    method: 'put',
    path: '/v1/mfa-settings',
    operationId: 'setMfaSettings',
    summary: 'Allow or disallow multi-factor login for all users or some',
    description: 'Allowing MFA to a user currently also enables it for them (Navixy).',
    tag,
    actions: ['user/mfa/settings/update'],
    body: z.strictObject({
      target: z.discriminatedUnion('type', [
        z.object({ type: z.literal('all') }),
        z.object({
          type: z.literal('selected'),
          userIds: z.array(z.number().int().positive()).min(1).max(100),
        }),
      ]),
      settings,
    }),
    status: 204,
    response: { description: 'Set.' },
    errors: [404],
    async handle({ body, panel }) {
      const target =
        body.target.type === 'all'
          ? { type: 'all' as const }
          : { type: 'selected' as const, ids: body.target.userIds };
      await panel('user/mfa/settings/update', { target, settings: toNavixy(body.settings) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/mfa-settings/default',
    operationId: 'getDefaultMfaSettings',
    summary: 'The MFA setting of users without their own',
    tag,
    actions: ['user/mfa/settings/default/read'],
    response: {
      description: 'The default, or null.',
      schema: z.object({ settings: settingsOut.nullable() }),
    },
    async handle({ panel }) {
      const { value } = await panel('user/mfa/settings/default/read');
      if (!value?.type) return { settings: null };
      if (value.type === 'allowed') {
        return { settings: { type: 'allowed', factorTypes: value.factor_types ?? [] } };
      }
      return { settings: { type: value.type } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/mfa-settings/default',
    operationId: 'setDefaultMfaSettings',
    summary: 'Set the MFA setting of users without their own (and of new users)',
    tag,
    actions: ['user/mfa/settings/default/update'],
    body: z.strictObject({ settings }),
    status: 204,
    response: { description: 'Set.' },
    async handle({ body, panel }) {
      await panel('user/mfa/settings/default/update', { settings: toNavixy(body.settings) });
    },
  }),
];
