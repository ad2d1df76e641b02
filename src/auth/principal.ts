/** Who is calling: resolved from an API key or a JWT. */
export interface Principal {
  name: string;
  /** Navixy permissions written `category:operation`; `category:*` grants every operation. */
  scopes: ReadonlySet<string>;
  /**
   * The Navixy user a mobile app's JWT is bound to. A bound principal acts only as that user:
   * `/v1/me*` and `/v1/users/{its id}…`, nothing else (see `user-binding.ts`).
   */
  userId?: number;
  /**
   * The Panel accounts it may use, by id; `*` names every account. Absent: the default account
   * only, so a credential made before a second account existed never reaches it by accident.
   */
  accounts?: readonly string[];
}

/** The required scopes the principal lacks (empty when it may proceed). */
export function missingScopes(principal: Principal, required: readonly string[]): string[] {
  return required.filter((scope) => {
    if (principal.scopes.has(scope)) return false;
    const category = scope.slice(0, scope.indexOf(':'));
    return !principal.scopes.has(`${category}:*`);
  });
}
