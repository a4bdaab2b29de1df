/**
 * Who is calling, as established by the authenticator. `anonymous` exists only
 * with AUTH_MODE=off; with AUTH_MODE=jwt every caller is a verified `user`.
 */
export type Caller =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user';
      /** The token's `sub`. */
      readonly subject: string;
      /** The caller's own SFMC contact key, from the AUTH_CONTACT_KEY_CLAIM claim. */
      readonly contactKey: string;
      /** The token grants AUTH_ADMIN_SCOPE: may read and update any contact. */
      readonly admin: boolean;
      /** From `scope` and `scp`, whether a space-separated string or an array. */
      readonly scopes: readonly string[];
    };

export const ANONYMOUS_CALLER: Caller = Object.freeze({ kind: 'anonymous' });
