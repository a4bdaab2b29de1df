import { randomBytes } from 'node:crypto';
import type { WritableAttributes } from './writable-attributes.js';

/**
 * Caller authentication and authorization settings, and what the AUTH_* values mean
 * together. The variables themselves (names, defaults, syntax) are read by
 * src/config.ts; this module receives their parsed values. Secrets are never echoed in problems.
 */

export type AuthMode = 'jwt' | 'off';

export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type JwtAlgorithm = HmacAlgorithm | AsymmetricAlgorithm;

// RFC 7518 section 3.2: an HMAC key at least as long as the hash output.
const MIN_SECRET_BYTES: Readonly<Record<HmacAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** Where the verification keys come from. */
export type TokenKeys = { kind: 'secret'; secret: Uint8Array } | { kind: 'jwks'; url: URL };

export interface JwtSettings {
  keys: TokenKeys;
  /** Never mixes HMAC with public-key algorithms, never `none`. */
  algorithms: readonly JwtAlgorithm[];
  issuer: string;
  audience: readonly string[];
  clockSkewSeconds: number;
  /** The longest a token may live: `iat` is required, and neither its age nor its lifetime (`exp - iat`) may exceed this. */
  maxTokenAgeSeconds: number;
  contactKeyClaim: string;
  adminScope: string;
}

export type AuthConfig = (
  | { mode: 'off'; selfServiceWritable: WritableAttributes }
  | { mode: 'jwt'; jwt: JwtSettings; selfServiceWritable: WritableAttributes }
) & {
  /** AUTH_SELF_SERVICE_DELETION: self-service callers may request their own contact's deletion (absent: off). */
  selfServiceDeletion?: boolean;
};

export interface AuthConfigResult {
  /** For use when `problems` is empty; with problems it is a jwt config that refuses every token. */
  config: AuthConfig;
  /** Reasons to refuse to start, by variable name. */
  problems: string[];
  /** Worth a log line at start-up: the service runs, but with anonymous callers. */
  warnings: string[];
}

/** The AUTH_* values, each already parsed by its own variable's rules (src/config.ts). */
export interface AuthVariables {
  /** AUTH_MODE: unset, a valid mode, or `invalid` (already reported). */
  mode: AuthMode | 'invalid' | undefined;
  /** Whether AUTH_JWT_SECRET or AUTH_JWKS_URL is set, valid or not: it decides the default mode. */
  keysSet: boolean;
  /** AUTH_SELF_SERVICE_WRITABLE. */
  selfServiceWritable: WritableAttributes;
  /** AUTH_SELF_SERVICE_DELETION (absent: off). */
  selfServiceDeletion?: boolean;
  /** The verification variables; read only with AUTH_MODE=jwt, so that the other modes ignore them. */
  jwt(): JwtVariables;
}

export interface JwtVariables {
  /** AUTH_JWT_SECRET, as given. */
  secret: string | undefined;
  /** Whether AUTH_JWKS_URL is set, even when its value was refused. */
  jwksUrlSet: boolean;
  /** AUTH_JWKS_URL when set and valid; read only when AUTH_JWT_SECRET is unset (both set is one problem). */
  jwksUrl(): URL | undefined;
  /** AUTH_JWT_ALGORITHMS: unset, or the known algorithms listed (unknown ones already reported). */
  algorithms: JwtAlgorithm[] | undefined;
  issuer: string | undefined;
  audience: string[];
  clockSkewSeconds: number;
  maxTokenAgeSeconds: number;
  contactKeyClaim: string;
  adminScope: string;
}

export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS];
export const MAX_CLOCK_SKEW_SECONDS = 120;
// RFC 6749 scope-token characters: printable ASCII without space, `"` and `\`.
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
export const CLAIM_NAME = /^[\x21-\x7e]{1,200}$/;

function chooseMode(variables: AuthVariables, sfmcMode: 'emulator' | 'tenant', problems: string[], warnings: string[]): AuthMode {
  const { mode, keysSet } = variables;
  if (mode === 'jwt' || (mode === undefined && keysSet)) return 'jwt';
  if (mode === 'off') {
    warnings.push('AUTH_MODE=off: anonymous callers may read and update any contact');
    if (keysSet) warnings.push('AUTH_MODE=off: AUTH_JWT_SECRET and AUTH_JWKS_URL are ignored');
    return 'off';
  }
  if (mode === undefined && sfmcMode === 'tenant') {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWKS_URL, or AUTH_MODE=off explicitly');
  } else if (mode === undefined) {
    warnings.push('anonymous callers allowed: the emulator quick start');
  }
  return 'off';
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function isHmac(algorithm: JwtAlgorithm): algorithm is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(algorithm);
}

/** The listed algorithms must suit the key material that is set, and never mix families. */
function checkAlgorithms(algorithms: readonly JwtAlgorithm[], keys: TokenKeys['kind'], problems: string[]): void {
  const hmac = algorithms.filter(isHmac);
  if (hmac.length > 0 && hmac.length < algorithms.length) {
    problems.push('AUTH_JWT_ALGORITHMS must not mix HS* with RS*, PS* or ES* algorithms');
  } else if (hmac.length > 0 && keys === 'jwks') {
    problems.push('AUTH_JWT_ALGORITHMS: HS* algorithms need AUTH_JWT_SECRET, not AUTH_JWKS_URL');
  } else if (algorithms.length > 0 && hmac.length === 0 && keys === 'secret') {
    problems.push('AUTH_JWT_ALGORITHMS: RS*, PS* and ES* algorithms need AUTH_JWKS_URL, not AUTH_JWT_SECRET');
  }
}

function tokenKeys(v: JwtVariables, problems: string[]): TokenKeys | undefined {
  if (v.secret !== undefined && v.jwksUrlSet) {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
    return undefined;
  }
  if (v.secret !== undefined) return { kind: 'secret', secret: new TextEncoder().encode(v.secret) };
  if (!v.jwksUrlSet) {
    problems.push('AUTH_MODE=jwt needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
    return undefined;
  }
  const url = v.jwksUrl();
  return url && { kind: 'jwks', url };
}

function checkSecretLength(keys: TokenKeys | undefined, algorithms: readonly JwtAlgorithm[], problems: string[]): void {
  if (keys?.kind !== 'secret') return;
  const needed = Math.max(0, ...algorithms.filter(isHmac).map((a) => MIN_SECRET_BYTES[a]));
  if (keys.secret.byteLength < needed) {
    problems.push(`AUTH_JWT_SECRET must be at least ${needed} bytes for ${algorithms.join(', ')}`);
  }
}

/** The verification settings; undefined when there are no usable keys (a problem says why). */
function jwtSettings(v: JwtVariables, problems: string[]): JwtSettings | undefined {
  const keys = tokenKeys(v, problems);
  // Judge the algorithms against the variable that is set, even when its value was refused.
  const keyKind = v.jwksUrlSet && v.secret === undefined ? 'jwks' : 'secret';
  const algorithms = v.algorithms ?? (keyKind === 'secret' ? ['HS256'] : ['RS256', 'ES256']);
  if (v.algorithms !== undefined) checkAlgorithms(algorithms, keyKind, problems);
  checkSecretLength(keys, algorithms, problems);
  if (v.issuer === undefined) problems.push('AUTH_ISSUER is required with AUTH_MODE=jwt');
  if (v.audience.length === 0) problems.push('AUTH_AUDIENCE is required with AUTH_MODE=jwt');
  const { clockSkewSeconds, maxTokenAgeSeconds, contactKeyClaim, adminScope, audience } = v;
  return (
    keys && {
      keys,
      algorithms,
      issuer: v.issuer ?? '',
      audience,
      clockSkewSeconds,
      maxTokenAgeSeconds,
      contactKeyClaim,
      adminScope,
    }
  );
}

/**
 * What a configuration with problems holds instead: start-up stops on problems, and
 * should the config be used anyway, no token verifies against a random secret nobody holds.
 */
function refuseEveryToken(): JwtSettings {
  return {
    keys: { kind: 'secret', secret: new Uint8Array(randomBytes(64)) },
    algorithms: ['HS256'],
    issuer: 'unconfigured',
    audience: ['unconfigured'],
    clockSkewSeconds: 0,
    maxTokenAgeSeconds: 0,
    contactKeyClaim: 'sub',
    adminScope: 'contacts:write',
  };
}

/**
 * The caller authentication the AUTH_* values describe. `sfmcMode` decides the default without
 * key material: anonymous callers are a warning against the emulator and a problem against a tenant.
 * `alreadyReported` says whether reading the variables found problems: then every token is refused.
 */
export function resolveAuthConfig(
  variables: AuthVariables,
  sfmcMode: 'emulator' | 'tenant',
  alreadyReported: () => boolean,
): AuthConfigResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { selfServiceWritable } = variables;
  const selfServiceDeletion = variables.selfServiceDeletion ?? false;
  const mode = chooseMode(variables, sfmcMode, problems, warnings);
  const jwt = mode === 'jwt' ? jwtSettings(variables.jwt(), problems) : undefined;
  const failed = problems.length > 0 || alreadyReported();
  let config: AuthConfig = { mode: 'off', selfServiceWritable, selfServiceDeletion };
  if (mode === 'jwt' || failed) {
    config = { mode: 'jwt', jwt: !failed && jwt ? jwt : refuseEveryToken(), selfServiceWritable, selfServiceDeletion };
  }
  return { config, problems, warnings };
}
