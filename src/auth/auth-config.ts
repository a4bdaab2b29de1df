import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SELF_SERVICE_WRITABLE,
  parseWritableAttributes,
  type WritableAttributes,
} from './writable-attributes.js';

/**
 * Caller authentication and authorization, from environment variables (values are
 * trimmed; an empty value counts as unset). Secrets are never echoed in problems.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `AUTH_MODE` | `jwt` when `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` is set; otherwise `off` against the emulator (with a warning) and a start-up problem against a real tenant | `jwt`: every request needs `Authorization: Bearer <JWT>`. `off`: every caller is anonymous and may do anything (a warning is logged). |
 * | `AUTH_JWT_SECRET` | unset | HS* shared secret, its UTF-8 bytes: at least 32 bytes for HS256 (48 for HS384, 64 for HS512). Not with `AUTH_JWKS_URL`. |
 * | `AUTH_JWKS_URL` | unset | The identity provider's JWKS (public keys, cached 10 min; a token with an unknown `kid` refetches at most once per 30 s; 3 s fetch timeout). `https`, or `http` for localhost, 127.x and [::1] only. Not with `AUTH_JWT_SECRET`. |
 * | `AUTH_JWT_ALGORITHMS` | `HS256` with a secret, `RS256,ES256` with a JWKS | Accepted `alg` values, comma-separated: HS256/384/512 with a secret; RS*, PS*, ES* (256/384/512) with a JWKS; never mixed; `none` is refused. |
 * | `AUTH_ISSUER` | — (required with `jwt`) | Expected `iss`, exactly. |
 * | `AUTH_AUDIENCE` | — (required with `jwt`) | Accepted `aud` values, comma-separated: the token must name one of them. |
 * | `AUTH_CLOCK_SKEW_SECONDS` | `30` | Tolerance for `exp` and `nbf`, 0 to 120. Tokens must carry `exp`. |
 * | `AUTH_CONTACT_KEY_CLAIM` | `sub` | The claim holding the caller's own SFMC contact key (a non-empty string; tokens without it are refused). |
 * | `AUTH_ADMIN_SCOPE` | `contacts:write` | A token whose `scope` (space-separated) or `scp` (array or string) holds it may read and update any contact. |
 * | `AUTH_SELF_SERVICE_WRITABLE` | `Email Demographics.First Name, Email Demographics.Last Name` | What other callers may write on their own contact: comma-separated `Set Name` (the whole set, tenant attributes included) or `Set Name.Attribute Name`, SFMC names, any case. A many-rows set is written by its row key (e.g. "Mobile Number"), so the key must be listed too. |
 */

export type AuthMode = 'jwt' | 'off';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512',
] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type JwtAlgorithm = HmacAlgorithm | AsymmetricAlgorithm;

// RFC 7518 section 3.2: an HMAC key at least as long as the hash output.
const MIN_SECRET_BYTES: Readonly<Record<HmacAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const MAX_CLOCK_SKEW_SECONDS = 120;
// RFC 6749 scope-token characters: printable ASCII without space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const CLAIM_NAME = /^[\x21-\x7e]{1,200}$/;

/** Where the verification keys come from. */
export type TokenKeys = { kind: 'secret'; secret: Uint8Array } | { kind: 'jwks'; url: URL };

export interface JwtSettings {
  keys: TokenKeys;
  /** Never mixes HMAC with public-key algorithms, never `none`. */
  algorithms: readonly JwtAlgorithm[];
  issuer: string;
  audience: readonly string[];
  clockSkewSeconds: number;
  contactKeyClaim: string;
  adminScope: string;
}

export type AuthConfig =
  | { mode: 'off'; selfServiceWritable: WritableAttributes }
  | { mode: 'jwt'; jwt: JwtSettings; selfServiceWritable: WritableAttributes };

export interface AuthConfigResult {
  /** For use when `problems` is empty; with problems it is a jwt config that refuses every token. */
  config: AuthConfig;
  /** Reasons to refuse to start, by variable name. */
  problems: string[];
  /** Worth a log line at start-up: the service runs, but with anonymous callers. */
  warnings: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function readMode(
  env: Env,
  hasKeys: boolean,
  sfmcMode: 'emulator' | 'tenant',
  problems: string[],
  warnings: string[],
): AuthMode {
  const raw = read(env, 'AUTH_MODE')?.toLowerCase();
  if (raw === 'jwt' || (raw === undefined && hasKeys)) return 'jwt';
  if (raw === 'off') {
    warnings.push('AUTH_MODE=off: anonymous callers may read and update any contact');
    if (hasKeys) warnings.push('AUTH_MODE=off: AUTH_JWT_SECRET and AUTH_JWKS_URL are ignored');
    return 'off';
  }
  if (raw !== undefined) {
    problems.push('AUTH_MODE must be jwt or off');
  } else if (sfmcMode === 'tenant') {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWKS_URL, or AUTH_MODE=off explicitly');
  } else {
    warnings.push('anonymous callers allowed: the emulator quick start');
  }
  return 'off';
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function readJwksUrl(raw: string, problems: string[]): URL | undefined {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const transportOk = url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!url || !transportOk || url.username !== '' || url.password !== '' || url.hash !== '') {
    problems.push('AUTH_JWKS_URL must be an https URL (http only for localhost, 127.x or [::1]) without credentials');
    return undefined;
  }
  return url;
}

function readAlgorithms(env: Env, keys: TokenKeys['kind'], problems: string[]): JwtAlgorithm[] {
  const raw = read(env, 'AUTH_JWT_ALGORITHMS');
  if (raw === undefined) return keys === 'secret' ? ['HS256'] : ['RS256', 'ES256'];
  const known: readonly JwtAlgorithm[] = [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS];
  const algorithms: JwtAlgorithm[] = [];
  for (const name of commaList(raw)) {
    const algorithm = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (name.toLowerCase() === 'none') {
      problems.push('AUTH_JWT_ALGORITHMS must not hold "none": unsigned tokens are never accepted');
    } else if (!algorithm) {
      problems.push(`AUTH_JWT_ALGORITHMS: "${name}" is not one of ${known.join(', ')}`);
    } else if (!algorithms.includes(algorithm)) {
      algorithms.push(algorithm);
    }
  }
  const hmac = algorithms.filter(isHmac);
  if (commaList(raw).length === 0) {
    problems.push('AUTH_JWT_ALGORITHMS must name at least one algorithm');
  } else if (hmac.length > 0 && hmac.length < algorithms.length) {
    problems.push('AUTH_JWT_ALGORITHMS must not mix HS* with RS*, PS* or ES* algorithms');
  } else if (hmac.length > 0 && keys === 'jwks') {
    problems.push('AUTH_JWT_ALGORITHMS: HS* algorithms need AUTH_JWT_SECRET, not AUTH_JWKS_URL');
  } else if (algorithms.length > 0 && hmac.length === 0 && keys === 'secret') {
    problems.push('AUTH_JWT_ALGORITHMS: RS*, PS* and ES* algorithms need AUTH_JWKS_URL, not AUTH_JWT_SECRET');
  }
  return algorithms;
}

function isHmac(algorithm: JwtAlgorithm): algorithm is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(algorithm);
}

function readKeys(env: Env, problems: string[]): TokenKeys | undefined {
  const secret = read(env, 'AUTH_JWT_SECRET');
  const jwksUrl = read(env, 'AUTH_JWKS_URL');
  if (secret !== undefined && jwksUrl !== undefined) {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
    return undefined;
  }
  if (secret !== undefined) return { kind: 'secret', secret: new TextEncoder().encode(secret) };
  if (jwksUrl === undefined) {
    problems.push('AUTH_MODE=jwt needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
    return undefined;
  }
  const url = readJwksUrl(jwksUrl, problems);
  return url && { kind: 'jwks', url };
}

function checkSecretLength(keys: TokenKeys | undefined, algorithms: readonly JwtAlgorithm[], problems: string[]): void {
  if (keys?.kind !== 'secret') return;
  const needed = Math.max(0, ...algorithms.filter(isHmac).map((a) => MIN_SECRET_BYTES[a]));
  if (keys.secret.byteLength < needed) {
    problems.push(`AUTH_JWT_SECRET must be at least ${needed} bytes for ${algorithms.join(', ')}`);
  }
}

function readSkew(env: Env, problems: string[]): number {
  const raw = read(env, 'AUTH_CLOCK_SKEW_SECONDS');
  if (raw === undefined) return 30;
  const seconds = Number(raw);
  if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CLOCK_SKEW_SECONDS) return seconds;
  problems.push(`AUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to ${MAX_CLOCK_SKEW_SECONDS}`);
  return 30;
}

function readRequired(env: Env, name: string, problems: string[]): string {
  const value = read(env, name);
  if (value === undefined) problems.push(`${name} is required with AUTH_MODE=jwt`);
  return value ?? '';
}

function readMatching(env: Env, name: string, fallback: string, pattern: RegExp, problems: string[]): string {
  const value = read(env, name) ?? fallback;
  if (!pattern.test(value)) problems.push(`${name} must be printable ASCII without spaces`);
  return value;
}

/** The verification settings; undefined when there are no usable keys (a problem says why). */
function readJwtSettings(env: Env, problems: string[]): JwtSettings | undefined {
  const keys = readKeys(env, problems);
  // Judge the algorithms against the variable that is set, even when its value was refused.
  const jwksOnly = read(env, 'AUTH_JWKS_URL') !== undefined && read(env, 'AUTH_JWT_SECRET') === undefined;
  const keyKind = jwksOnly ? 'jwks' : 'secret';
  const algorithms = readAlgorithms(env, keyKind, problems);
  checkSecretLength(keys, algorithms, problems);
  const issuer = readRequired(env, 'AUTH_ISSUER', problems);
  const audience = commaList(read(env, 'AUTH_AUDIENCE') ?? '');
  if (audience.length === 0) problems.push('AUTH_AUDIENCE is required with AUTH_MODE=jwt');
  const clockSkewSeconds = readSkew(env, problems);
  const contactKeyClaim = readMatching(env, 'AUTH_CONTACT_KEY_CLAIM', 'sub', CLAIM_NAME, problems);
  const adminScope = readMatching(env, 'AUTH_ADMIN_SCOPE', 'contacts:write', SCOPE_TOKEN, problems);
  return keys && { keys, algorithms, issuer, audience, clockSkewSeconds, contactKeyClaim, adminScope };
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
    contactKeyClaim: 'sub',
    adminScope: 'contacts:write',
  };
}

/**
 * Reads the AUTH_* variables. `sfmcMode` decides the default without key material:
 * anonymous callers are a warning against the emulator and a problem against a tenant.
 */
export function readAuthConfig(env: Env, sfmcMode: 'emulator' | 'tenant'): AuthConfigResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const listed = parseWritableAttributes(
    read(env, 'AUTH_SELF_SERVICE_WRITABLE') ?? DEFAULT_SELF_SERVICE_WRITABLE,
    'AUTH_SELF_SERVICE_WRITABLE',
  );
  problems.push(...listed.problems);
  const selfServiceWritable = listed.writable;
  const hasKeys = read(env, 'AUTH_JWT_SECRET') !== undefined || read(env, 'AUTH_JWKS_URL') !== undefined;
  const mode = readMode(env, hasKeys, sfmcMode, problems, warnings);
  const jwt = mode === 'jwt' ? readJwtSettings(env, problems) : undefined;
  let config: AuthConfig = { mode: 'off', selfServiceWritable };
  if (mode === 'jwt' || problems.length > 0) {
    config = { mode: 'jwt', jwt: problems.length === 0 && jwt ? jwt : refuseEveryToken(), selfServiceWritable };
  }
  return { config, problems, warnings };
}
