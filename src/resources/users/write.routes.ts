import { z } from 'zod';
import { defineRoute, type PanelCall } from '../../routing/route-spec.js';
import { byIdParams } from '../shared/common.js';
import {
  USER_FIELD_NAMES,
  createUserSchema,
  toNavixyUser,
  toNavixyUserUpdate,
  userInputSchema,
  userPatchSchema,
} from './forms.js';
import { toUserDetail, userDetailSchema } from './mapping.js';
import { userUpdateFromRead } from './patch.js';

async function readUser(panel: PanelCall, id: number) {
  return toUserDetail(await panel('user/read', { user_id: id }));
}

export const userWriteRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/users',
    operationId: 'createUser',
    summary: 'Create a user',
    description: 'Answers the new user as read back from Navixy.',
    tag: 'Users',
    actions: ['user/create', 'user/read'],
    body: createUserSchema,
    status: 201,
    response: { description: 'The new user.', schema: userDetailSchema },
    errors: [409],
    fieldNames: USER_FIELD_NAMES,
    async handle({ body, panel }) {
      const { password, locale, timeZone, ...input } = body;
      const { id } = await panel('user/create', {
        ...toNavixyUser(input),
        password,
        locale,
        time_zone: timeZone,
      });
      return readUser(panel, id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/users/{id}',
    operationId: 'replaceUser',
    summary: 'Replace a user',
    description:
      'Navixy\u2019s update replaces the whole record: fields left out are reset. Use PATCH to change some.',
    tag: 'Users',
    actions: ['user/update', 'user/read'],
    params: byIdParams,
    body: userInputSchema,
    response: { description: 'The user as stored.', schema: userDetailSchema },
    errors: [404, 409],
    fieldNames: USER_FIELD_NAMES,
    // Under the PATCH lock too: a PATCH that read before this write must not write over it.
    handle: ({ params, body, panel, lock }) =>
      lock(`user:${params.id}`, async () => {
        await panel('user/update', toNavixyUserUpdate(body, params.id));
        return readUser(panel, params.id);
      }),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/users/{id}',
    operationId: 'updateUser',
    summary: 'Change some fields of a user',
    description:
      'A JSON merge patch (RFC 7396). The gateway reads the user, merges the patch into the ' +
      'record as Navixy returned it and writes it back while holding a lock on the user shared ' +
      'by all gateway instances: fields the patch does not name go back exactly as read (those ' +
      'the gateway does not show included; see docs/panel-fields.md), the discount in the shape ' +
      'Navixy gave it, and concurrent patches never lose each other.',
    tag: 'Users',
    actions: ['user/read', 'user/update'],
    params: byIdParams,
    body: userPatchSchema,
    response: { description: 'The user as stored.', schema: userDetailSchema },
    errors: [404, 409],
    fieldNames: USER_FIELD_NAMES,
    async handle({ params, body, panel, lock }) {
      return lock(`user:${params.id}`, async () => {
        const { raw } = await panel.withRaw('user/read', { user_id: params.id });
        await panel('user/update', userUpdateFromRead(raw, body, params.id));
        return readUser(panel, params.id);
      });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/v1/users/{id}/password',
    operationId: 'setUserPassword',
    summary: 'Set a user\u2019s password',
    tag: 'Users',
    actions: ['user/change_password'],
    params: byIdParams,
    body: z.strictObject({ password: z.string().min(6).max(64) }),
    status: 204,
    response: { description: 'The password is set.' },
    errors: [404],
    fieldNames: { password: 'password' },
    async handle({ params, body, panel }) {
      await panel('user/change_password', { user_id: params.id, password: body.password });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/users/{id}/corruption',
    operationId: 'corruptUser',
    summary: 'Irreversibly delete a user, its sub-users and trackers',
    description:
      'Navixy\u2019s user/corrupt: marks the user, its sub-users and trackers deleted and corrupts ' +
      'the trackers. It cannot be undone, so the body must repeat the user\u2019s login.',
    tag: 'Users',
    actions: ['user/corrupt'],
    params: byIdParams,
    body: z.strictObject({
      confirmLogin: z
        .string()
        .min(1)
        .meta({ description: 'The user\u2019s login, as a confirmation.' }),
      corruptClones: z.boolean().optional().meta({
        description:
          'Also remove other users\u2019 clones of its trackers (Navixy\u2019s default: true).',
      }),
    }),
    status: 204,
    response: { description: 'The user is deleted.' },
    errors: [404, 409],
    fieldNames: { login: 'confirmLogin', corrupt_clones: 'corruptClones' },
    async handle({ params, body, panel }) {
      await panel('user/corrupt', {
        user_id: params.id,
        login: body.confirmLogin,
        ...(body.corruptClones === undefined ? {} : { corrupt_clones: body.corruptClones }),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/users/{id}/sessions',
    operationId: 'createUserSession',
    summary: 'Start a session of the user in the user-facing API',
    description:
      '**Returns a secret.** `hash` is a session of the *user* in Navixy\u2019s user API (not the Panel ' +
      'API), which is the point of this call: an app can then act as that user there, e.g. for ' +
      '"log in as user". Treat it like a password; the gateway does not log it.',
    tag: 'Users',
    actions: ['user/session/create'],
    params: byIdParams,
    status: 201,
    response: {
      description: 'The user-API session.',
      schema: z.object({ userId: z.number().int(), hash: z.string() }).meta({ id: 'UserSession' }),
    },
    errors: [404],
    async handle({ params, panel }) {
      const { hash } = await panel('user/session/create', { user_id: params.id });
      return { userId: params.id, hash };
    },
  }),
];
