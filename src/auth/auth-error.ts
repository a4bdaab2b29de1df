/**
 * Why a caller was refused, with the HTTP status the GraphQL-over-HTTP response
 * should carry. Messages are written here and never hold the token or its claims.
 *
 * | code | status | when |
 * |---|---|---|
 * | `BAD_REQUEST` | 400 | the Authorization header is not `Bearer <token>` (RFC 6750 `invalid_request`) |
 * | `UNAUTHENTICATED` | 401 | no Authorization header, or the token does not verify (RFC 6750 `invalid_token`) |
 * | `FORBIDDEN` | 403 | a verified caller asks for a contact or attribute that is not theirs to touch |
 * | `UPSTREAM_UNAVAILABLE` | 503 | the identity provider's JWKS could not be fetched: retry later, do not re-login |
 */
export type AuthErrorCode = 'BAD_REQUEST' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'UPSTREAM_UNAVAILABLE';

export const AUTH_ERROR_STATUS: Readonly<Record<AuthErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UPSTREAM_UNAVAILABLE: 503,
};

export class AuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** Value for a `WWW-Authenticate` response header (RFC 6750 section 3), when one is due. */
    readonly wwwAuthenticate?: string,
  ) {
    super(message);
    this.name = 'AuthError';
    this.status = AUTH_ERROR_STATUS[code];
  }
}

/** The one refusal for "not your contact": identical whether or not the contact exists. */
export function forbidden(message: string): AuthError {
  return new AuthError('FORBIDDEN', message);
}
