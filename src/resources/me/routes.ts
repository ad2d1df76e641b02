import { boundUserId } from '../../auth/user-binding.js';
import type { RouteSpec } from '../../routing/route-spec.js';
import { userRoutes } from '../users/routes.js';
import { userWriteRoutes } from '../users/write.routes.js';

/** One of the user operations; a renamed one fails at start-up, not at request time. */
function userOperation(operationId: string): RouteSpec {
  const route = [...userRoutes, ...userWriteRoutes].find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no user operation ${operationId}`);
  return route;
}

/**
 * A `/v1/users/{id}…` operation offered at `/v1/me…` for the user the caller's token is bound to:
 * same actions (so same scopes), same answer, same mapping — only the id comes from the token.
 */
function forBoundUser(
  operationId: string,
  spec: Pick<RouteSpec, 'path' | 'operationId' | 'summary' | 'description'>,
): RouteSpec {
  const operation = userOperation(operationId);
  const { params: _params, ...route } = operation;
  return {
    ...route,
    ...spec,
    tag: 'Me',
    self: true,
    handle: (input) => operation.handle({ ...input, params: { id: boundUserId(input.principal) } }),
  };
}

/** What a mobile app's signed-in user may do through the gateway without any Panel credential. */
export const meRoutes = [
  forBoundUser('getUser', {
    path: '/v1/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    description:
      'The Navixy user the caller\u2019s JWT is bound to (its user id claim), answered as ' +
      '`GET /v1/users/{id}`. Only for such tokens: an API key gets 403 `USER_BINDING`.',
  }),
  forBoundUser('createUserSession', {
    path: '/v1/me/sessions',
    operationId: 'createMySession',
    summary: 'Start a user-API session for the signed-in user',
    description:
      '**Returns a secret.** `hash` is a session of the user the caller\u2019s JWT is bound to, in ' +
      'Navixy\u2019s user API: the app then talks to that API as its user, holding no Panel ' +
      'credential. Treat it like a password; the gateway does not log it. Only for user-bound ' +
      'tokens: an API key gets 403 `USER_BINDING`.',
  }),
];
