import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import type { AuthConfig, JwtSettings, TokenKeys } from './auth-config.js';
import { AuthError } from './auth-error.js';
import { ANONYMOUS_CALLER, type Caller } from './caller.js';

export interface CallerAuthenticator {
  /**
   * The caller behind a request's `Authorization` header (`null` when absent).
   * Throws AuthError: BAD_REQUEST 400 for a header that is not `Bearer <token>`,
   * UNAUTHENTICATED 401 for a missing header or a token that does not verify,
   * UPSTREAM_UNAVAILABLE 503 when the JWKS cannot be fetched.
   */
  authenticate(authorizationHeader: string | null): Promise<Caller>;
  /**
   * The caller behind a header already verified (and not expired), without waiting: the common
   * case of a browser sending the same token again. Undefined: ask `authenticate`.
   */
  known(authorizationHeader: string | null): Caller | undefined;
}

/** How the remote JWKS is fetched and cached; the defaults suit production. */
export interface JwksFetchOptions {
  /** Abort a JWKS fetch after this long. Default 3000. */
  timeoutMs?: number;
  /** After a fetch, a token with an unknown `kid` refetches only once this has passed. Default 30000. */
  cooldownMs?: number;
  /** Refetch keys older than this before verifying. Default 600000 (10 minutes). */
  cacheMaxAgeMs?: number;
}

// RFC 6750 section 2.1: one space, then a b64token. The scheme is case-insensitive (RFC 9110).
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

const CHALLENGE = {
  missing: 'Bearer',
  malformed: 'Bearer error="invalid_request"',
  invalid: 'Bearer error="invalid_token"',
} as const;

// jose errors about fetching the key set, as opposed to about the token.
const KEY_SOURCE_FAILURES: ReadonlySet<string> = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

function invalidToken(reason: string): AuthError {
  return new AuthError('UNAUTHENTICATED', `invalid bearer token: ${reason}`, CHALLENGE.invalid);
}

function bearerToken(header: string | null): string {
  if (header === null) {
    const message = 'authentication required: send Authorization: Bearer <token>';
    throw new AuthError('UNAUTHENTICATED', message, CHALLENGE.missing);
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) {
    throw new AuthError('BAD_REQUEST', 'the Authorization header must be "Bearer <token>"', CHALLENGE.malformed);
  }
  return token;
}

/**
 * The JWKS with jose's cache and cooldown. A fetch failure becomes a 503 here, so
 * that an identity-provider outage is not reported to callers as a bad token.
 */
function remoteKeys(url: URL, options: JwksFetchOptions): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(url, {
    timeoutDuration: options.timeoutMs ?? 3_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) throw error;
      const message = 'the signing keys of the identity provider cannot be fetched; retry later';
      throw new AuthError('UPSTREAM_UNAVAILABLE', message);
    }
  };
}

function keyResolver(keys: TokenKeys, options: JwksFetchOptions): JWTVerifyGetKey {
  if (keys.kind === 'jwks') return remoteKeys(keys.url, options);
  const { secret } = keys;
  return () => secret;
}

function reasonFor(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = `"${error.claim}" claim`;
    return error.reason === 'missing' ? `it has no ${claim}` : `its ${claim} is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no published key matches it';
  return 'it is not a valid signed JWT';
}

async function verifiedClaims(token: string, key: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, key, options)).payload;
  } catch (error) {
    if (error instanceof AuthError) throw error;
    // The jose error is not chained: JWTClaimValidationFailed carries the whole payload.
    if (error instanceof errors.JOSEError) throw invalidToken(reasonFor(error));
    throw error;
  }
}

/** `scope` (RFC 8693, space-separated) and `scp` (an array, or a string in Entra ID), merged. */
function scopesOf(payload: JWTPayload): string[] {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
    for (const value of values) if (typeof value === 'string' && value !== '') scopes.add(value);
  }
  return [...scopes];
}

function stringClaim(payload: JWTPayload, name: string): string {
  // Own properties only: a claim named like "constructor" must not reach Object.prototype.
  const value = Object.hasOwn(payload, name) ? payload[name] : undefined;
  if (typeof value !== 'string' || value === '') throw invalidToken(`it has no "${name}" claim`);
  return value;
}

/**
 * What the claims must say besides what jose checks: a lifetime within the maximum token age
 * (jose bounds the age since `iat`, not how far ahead `exp` lies), and, when the contact key is
 * the caller's email address, that the identity provider verified it.
 */
function checkClaims(payload: JWTPayload, settings: JwtSettings): void {
  const { iat, exp } = payload;
  if (typeof iat === 'number' && typeof exp === 'number' && exp - iat > settings.maxTokenAgeSeconds) {
    throw invalidToken('it lives longer than this service accepts');
  }
  if (settings.contactKeyClaim === 'email' && payload.email_verified !== true) {
    throw invalidToken('its "email" claim is not verified');
  }
}

function callerFrom(payload: JWTPayload, settings: JwtSettings): Caller {
  checkClaims(payload, settings);
  const scopes = scopesOf(payload);
  return {
    kind: 'user',
    subject: stringClaim(payload, 'sub'),
    contactKey: stringClaim(payload, settings.contactKeyClaim),
    admin: scopes.includes(settings.adminScope),
    scopes,
  };
}

/**
 * Verifies bearer JWTs as AuthConfig says: pinned algorithms, exact issuer, one of
 * the audiences, `exp` required and checked (with `nbf`) within the clock skew.
 * With AUTH_MODE=off every caller is anonymous, whatever header it sends.
 */
export function createCallerAuthenticator(config: AuthConfig, options: JwksFetchOptions = {}): CallerAuthenticator {
  if (config.mode === 'off') return { authenticate: () => Promise.resolve(ANONYMOUS_CALLER), known: () => ANONYMOUS_CALLER };
  const settings = config.jwt;
  const key = keyResolver(settings.keys, options);
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [...settings.algorithms],
    issuer: settings.issuer,
    audience: [...settings.audience],
    clockTolerance: settings.clockSkewSeconds,
    requiredClaims: ['exp', 'iat'],
    maxTokenAge: settings.maxTokenAgeSeconds,
  };
  const verified = new VerifiedTokens();
  const known = (header: string | null) => (header === null ? undefined : verified.get(header));
  return {
    async authenticate(authorizationHeader) {
      const caller = known(authorizationHeader);
      if (caller) return caller;
      const token = bearerToken(authorizationHeader);
      const payload = await verifiedClaims(token, key, verifyOptions);
      const verifiedCaller = callerFrom(payload, settings);
      // Keyed by the whole header (`bearerToken` refused a missing one): a known one is answered without parsing it again.
      verified.set(authorizationHeader as string, verifiedCaller, (payload.exp as number) * 1000);
      return verifiedCaller;
    },
    known,
  };
}

/**
 * Tokens already verified, until they expire: a browser sends the same token with
 * every request, and verifying its signature again each time was the largest single
 * cost of a request. JWTs are not revocable by verification anyway. Bounded: when
 * full, the oldest entry goes.
 */
class VerifiedTokens {
  private static readonly MAX = 10_000;
  /** By the `Authorization` header that carried the token. */
  private readonly entries = new Map<string, { caller: Caller; expiresAt: number }>();

  get(header: string): Caller | undefined {
    const entry = this.entries.get(header);
    if (entry === undefined) return undefined;
    if (Date.now() < entry.expiresAt) return entry.caller;
    this.entries.delete(header);
    return undefined;
  }

  set(header: string, caller: Caller, expiresAt: number): void {
    if (this.entries.size >= VerifiedTokens.MAX) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(header, { caller, expiresAt });
  }
}
