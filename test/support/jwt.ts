import { SignJWT } from 'jose';

/** The test identity provider: one HS256 secret, issuer and audience, as the AUTH_* variables name them. */
export const JWT_SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
export const AUTH_ENV = { AUTH_JWT_SECRET: JWT_SECRET, AUTH_ISSUER: 'https://idp.test', AUTH_AUDIENCE: 'contacts-graph' };

/** A token that provider signs (valid for 5 minutes unless told otherwise). */
export function signToken(claims: Record<string, unknown>, options: { expiresIn?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuer(AUTH_ENV.AUTH_ISSUER)
    .setAudience(AUTH_ENV.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
}
