import { GatewayError } from '../problems/gateway-error.js';
import { credentialName, type Principal } from './principal.js';

/** A path about one user: `/v1/users/{id}` and everything under it. */
const USER_PATH = /^\/v1\/users\/\{(\w+)\}(\/|$)/;

/** What the binding check needs of a route. */
export interface BindingRoute {
  path: string;
  /** The route acts on the caller's own user (`/v1/me…`). */
  self?: boolean;
}

/**
 * The check of one route for principals bound to a Navixy user (a mobile app's JWT):
 * - `self` routes (`/v1/me…`) need a bound principal;
 * - routes about one user (`/v1/users/{id}…`) take a bound principal only for its own id;
 * - every other route is refused to a bound principal, because a signed-in user must not list
 *   the dealer's users or trackers, act as a sub-dealer, or touch another user's records.
 * Unbound principals (API keys, JWTs without the user claim) pass, except on `self` routes.
 * Called once per request after input validation and before any upstream call.
 */
export function userBindingCheck(route: BindingRoute) {
  const userParam = USER_PATH.exec(route.path)?.[1];
  return (principal: Principal, params: Record<string, unknown>, subdealer: unknown): void => {
    if (route.self) boundUserId(principal);
    if (principal.userId === undefined) return;
    if (subdealer !== undefined) {
      throw bindingError('A token bound to a Navixy user cannot act as a sub-dealer.');
    }
    if (route.self || (userParam !== undefined && params[userParam] === principal.userId)) return;
    throw bindingError(
      `This token is bound to Navixy user ${principal.userId}: it may call /v1/me and ` +
        `/v1/users/${principal.userId} routes only.`,
    );
  };
}

/** The user a principal is bound to; 403 `USER_BINDING` for an unbound one. */
export function boundUserId(principal: Principal): number {
  if (principal.userId === undefined) {
    throw bindingError(
      'This operation is for a mobile app token bound to a Navixy user; the ' +
        `${credentialName(principal)} sent is not bound to one.`,
    );
  }
  return principal.userId;
}

function bindingError(detail: string): GatewayError {
  return new GatewayError('USER_BINDING', { detail });
}
