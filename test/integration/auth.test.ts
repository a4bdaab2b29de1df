import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  authorizeRead,
  authorizeUpdate,
  canReadContact,
  createCallerAuthenticator,
  type AuthConfig,
  type Caller,
} from '../../src/auth/index.js';
import { readAuthConfig } from '../../src/config.js';
import type { BodyPlace, PatchBody } from '../../src/translate/patch-body.js';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'contacts-graph';
const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const BASE = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

const now = (): number => Math.floor(Date.now() / 1000);

/** A config read from the environment, which must have no problems. */
function authConfig(env: Record<string, string>): AuthConfig {
  const { config, problems } = readAuthConfig({ ...BASE, ...env }, 'tenant');
  expect(problems).toEqual([]);
  return config;
}

function problemsOf(env: Record<string, string>, mode: 'emulator' | 'tenant' = 'tenant'): string[] {
  return readAuthConfig(env, mode).problems;
}

/** Valid claims for the HS256 setup, overridable; `undefined` leaves a claim out. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const all: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'acruz@example.com',
    iat: now(),
    exp: now() + 300,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

function sign(payload: JWTPayload, key: CryptoKey | Uint8Array, alg: string, kid?: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

const secretBytes = new TextEncoder().encode(SECRET);
const hsToken = (overrides: Record<string, unknown> = {}): Promise<string> => sign(claims(overrides), secretBytes, 'HS256');

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

function thrown(fn: () => void): AuthError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return error as AuthError;
  }
  throw new Error('expected an AuthError');
}

describe('readAuthConfig', () => {
  it('lets anonymous callers in against the emulator, with a warning', () => {
    const result = readAuthConfig({}, 'emulator');
    expect(result.config.mode).toBe('off');
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual(['anonymous callers allowed: the emulator quick start']);
  });

  it('refuses to start against a tenant without caller authentication, unless AUTH_MODE=off', () => {
    expect(problemsOf({})).toEqual(['set AUTH_JWT_SECRET or AUTH_JWKS_URL, or AUTH_MODE=off explicitly']);
    const off = readAuthConfig({ AUTH_MODE: 'off' }, 'tenant');
    expect(off.config.mode).toBe('off');
    expect(off.problems).toEqual([]);
    expect(off.warnings).toEqual(['AUTH_MODE=off: anonymous callers may read and update any contact']);
  });

  it('turns jwt on when key material is set, with the documented defaults', () => {
    const config = authConfig({ AUTH_JWT_SECRET: SECRET });
    expect(config.mode).toBe('jwt');
    if (config.mode !== 'jwt') return;
    expect(config.jwt).toMatchObject({
      keys: { kind: 'secret' },
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: [AUDIENCE],
      clockSkewSeconds: 30,
      contactKeyClaim: 'sub',
      adminScope: 'contacts:write',
    });
    expect(config.selfServiceWritable.entries).toEqual(['Email Demographics.First Name', 'Email Demographics.Last Name']);
  });

  it('defaults to RS256 and ES256 with a JWKS, and reads audience lists and overrides', () => {
    const jwksUrl = 'https://idp.example.com/.well-known/jwks.json';
    const overrides = { AUTH_CLOCK_SKEW_SECONDS: '120', AUTH_CONTACT_KEY_CLAIM: 'https://example.com/contact_key' };
    const config = authConfig({
      AUTH_JWKS_URL: jwksUrl,
      AUTH_AUDIENCE: 'contacts-graph, api://contacts ,',
      ...overrides,
      AUTH_ADMIN_SCOPE: 'contacts:write:any',
    });
    expect(config).toMatchObject({
      mode: 'jwt',
      jwt: {
        keys: { kind: 'jwks', url: new URL(jwksUrl) },
        algorithms: ['RS256', 'ES256'],
        audience: ['contacts-graph', 'api://contacts'],
        clockSkewSeconds: 120,
        contactKeyClaim: 'https://example.com/contact_key',
        adminScope: 'contacts:write:any',
      },
    });
  });

  it('accepts http for a loopback JWKS only', () => {
    expect(problemsOf({ ...BASE, AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).toEqual([]);
    expect(problemsOf({ ...BASE, AUTH_JWKS_URL: 'http://localhost/jwks' })).toEqual([]);
    expect(problemsOf({ ...BASE, AUTH_JWKS_URL: 'http://[::1]/jwks' })).toEqual([]);
    for (const url of ['http://idp.example.com/jwks', 'https://user:pw@idp.example.com/jwks', 'ftp://x', 'not a url']) {
      expect(problemsOf({ ...BASE, AUTH_JWKS_URL: url })).toEqual([
        'AUTH_JWKS_URL must be an https URL (http only for localhost, 127.x or [::1]) without credentials',
      ]);
    }
  });

  it.each([
    [{ AUTH_JWT_SECRET: 'too-short' }, 'AUTH_JWT_SECRET must be at least 32 bytes for HS256'],
    [{ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'HS512' }, 'AUTH_JWT_SECRET must be at least 64 bytes for HS512'],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://idp.example.com/jwks' },
      'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both',
    ],
    [{ AUTH_MODE: 'jwt' }, 'AUTH_MODE=jwt needs AUTH_JWT_SECRET or AUTH_JWKS_URL'],
    [{ AUTH_MODE: 'maybe', AUTH_JWT_SECRET: SECRET }, 'AUTH_MODE must be jwt or off'],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'none' },
      'AUTH_JWT_ALGORITHMS must not hold "none": unsigned tokens are never accepted',
    ],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'HS256,RS256' },
      'AUTH_JWT_ALGORITHMS must not mix HS* with RS*, PS* or ES* algorithms',
    ],
    [
      { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_JWT_ALGORITHMS: 'HS256' },
      'AUTH_JWT_ALGORITHMS: HS* algorithms need AUTH_JWT_SECRET, not AUTH_JWKS_URL',
    ],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'ES256' },
      'AUTH_JWT_ALGORITHMS: RS*, PS* and ES* algorithms need AUTH_JWKS_URL, not AUTH_JWT_SECRET',
    ],
    [{ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: ' , ' }, 'AUTH_JWT_ALGORITHMS must name at least one algorithm'],
    [{ AUTH_JWT_SECRET: SECRET, AUTH_CLOCK_SKEW_SECONDS: '300' }, 'AUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to 120'],
    [{ AUTH_JWT_SECRET: SECRET, AUTH_ADMIN_SCOPE: 'contacts write' }, 'AUTH_ADMIN_SCOPE must be printable ASCII without spaces'],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_SELF_SERVICE_WRITABLE: 'Preferences,.First Name' },
      'AUTH_SELF_SERVICE_WRITABLE: ".First Name" must be "Set Name" or "Set Name.Attribute Name"',
    ],
    [
      { AUTH_JWT_SECRET: SECRET, AUTH_SELF_SERVICE_WRITABLE: 'Preferences.' },
      'AUTH_SELF_SERVICE_WRITABLE: "Preferences." must be "Set Name" or "Set Name.Attribute Name"',
    ],
  ])('reports a problem for %j', (env, problem) => {
    expect(problemsOf({ ...BASE, ...env })).toEqual([problem]);
  });

  it('requires issuer and audience with jwt, and names unknown algorithms', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'HS256,XS1' })).toEqual([
      'AUTH_JWT_ALGORITHMS: "XS1" is not one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512',
      'AUTH_ISSUER is required with AUTH_MODE=jwt',
      'AUTH_AUDIENCE is required with AUTH_MODE=jwt',
    ]);
  });

  it('never echoes the secret, and fails closed when there are problems', async () => {
    const short = 'short-secret-value';
    const result = readAuthConfig({ AUTH_JWT_SECRET: short }, 'tenant');
    expect(result.problems.join()).not.toContain(short);
    expect(result.config.mode).toBe('jwt');
    const token = await sign(claims(), new TextEncoder().encode(short), 'HS256');
    const error = await refusal(createCallerAuthenticator(result.config).authenticate(`Bearer ${token}`));
    expect(error.status).toBe(401);
  });

  it('warns that key material is ignored with AUTH_MODE=off', () => {
    const result = readAuthConfig({ AUTH_MODE: 'off', AUTH_JWT_SECRET: SECRET }, 'emulator');
    expect(result.config.mode).toBe('off');
    expect(result.warnings).toContain('AUTH_MODE=off: AUTH_JWT_SECRET and AUTH_JWKS_URL are ignored');
  });
});

describe('bearer verification with a shared secret (HS256)', () => {
  const config = authConfig({ AUTH_JWT_SECRET: SECRET, AUTH_CONTACT_KEY_CLAIM: 'contact_key' });
  const authenticator = createCallerAuthenticator(config);
  const authenticate = (header: string | null): Promise<Caller> => authenticator.authenticate(header);

  it('lets everyone in as anonymous with AUTH_MODE=off', async () => {
    const off = createCallerAuthenticator(readAuthConfig({}, 'emulator').config);
    expect(await off.authenticate(null)).toEqual({ kind: 'anonymous' });
    expect(await off.authenticate('Bearer whatever')).toEqual({ kind: 'anonymous' });
  });

  it('turns verified claims into a caller: own contact key, scopes from scope and scp', async () => {
    const token = await hsToken({ sub: 'user-1', contact_key: 'acruz@example.com', scope: 'openid profile' });
    expect(await authenticate(`Bearer ${token}`)).toEqual({
      kind: 'user',
      subject: 'user-1',
      contactKey: 'acruz@example.com',
      admin: false,
      scopes: ['openid', 'profile'],
    });
    const admin = await hsToken({ contact_key: 'ops', scp: ['contacts:read', 'contacts:write'] });
    expect(await authenticate(`bearer ${admin}`)).toMatchObject({ admin: true, scopes: ['contacts:read', 'contacts:write'] });
    const scopeString = await hsToken({ contact_key: 'ops', scope: 'openid contacts:write' });
    expect(await authenticate(`Bearer ${scopeString}`)).toMatchObject({ admin: true });
  });

  it('answers 401 UNAUTHENTICATED without an Authorization header', async () => {
    const error = await refusal(authenticate(null));
    expect([error.code, error.status, error.wwwAuthenticate]).toEqual(['UNAUTHENTICATED', 401, 'Bearer']);
  });

  it.each([
    '',
    'Basic dXNlcjpwdw==',
    'Bearer',
    'Bearer ',
    'Bearer  abc.def.ghi',
    'Bearer abc def',
    'Token abc.def.ghi',
    'Bearer\tabc',
  ])('answers 400 BAD_REQUEST for the Authorization header %j', async (header) => {
    const error = await refusal(authenticate(header));
    expect([error.code, error.status, error.wwwAuthenticate]).toEqual(['BAD_REQUEST', 400, 'Bearer error="invalid_request"']);
  });

  const unsigned = (payload: JWTPayload): string =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

  it.each<[string, () => Promise<string>, string]>([
    [
      'a wrong signature',
      () => sign(claims({ contact_key: 'k' }), new TextEncoder().encode(`${SECRET}-other`), 'HS256'),
      'its signature does not verify',
    ],
    ['an expired token', () => hsToken({ contact_key: 'k', exp: now() - 3600 }), 'it has expired'],
    [
      'nbf in the future beyond the skew',
      () => hsToken({ contact_key: 'k', nbf: now() + 60 }),
      'its "nbf" claim is not accepted',
    ],
    ['a wrong issuer', () => hsToken({ contact_key: 'k', iss: 'https://evil.example.com/' }), 'its "iss" claim is not accepted'],
    ['a wrong audience', () => hsToken({ contact_key: 'k', aud: 'another-api' }), 'its "aud" claim is not accepted'],
    ['no exp', () => hsToken({ contact_key: 'k', exp: undefined }), 'it has no "exp" claim'],
    ['alg none', () => Promise.resolve(unsigned(claims({ contact_key: 'k' }))), 'its algorithm is not accepted'],
    [
      'an algorithm that is not pinned (HS512)',
      () => sign(claims({ contact_key: 'k' }), new TextEncoder().encode(SECRET.repeat(2)), 'HS512'),
      'its algorithm is not accepted',
    ],
    ['no contact-key claim', () => hsToken(), 'it has no "contact_key" claim'],
    ['a numeric contact-key claim', () => hsToken({ contact_key: 42 }), 'it has no "contact_key" claim'],
    ['no sub', () => hsToken({ contact_key: 'k', sub: undefined }), 'it has no "sub" claim'],
    ['garbage', () => Promise.resolve('not.a.jwt'), 'it is not a valid signed JWT'],
  ])('answers 401 UNAUTHENTICATED for %s, without the token in the error', async (_case, makeToken, reason) => {
    const token = await makeToken();
    const error = await refusal(authenticate(`Bearer ${token}`));
    expect([error.code, error.status, error.wwwAuthenticate]).toEqual(['UNAUTHENTICATED', 401, 'Bearer error="invalid_token"']);
    expect(error.message).toBe(`invalid bearer token: ${reason}`);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(token);
    expect(error.cause).toBeUndefined();
  });

  it('allows 30 s of clock skew by default', async () => {
    await expect(authenticate(`Bearer ${await hsToken({ contact_key: 'k', exp: now() - 10 })}`)).resolves.toMatchObject({
      kind: 'user',
    });
    await expect(authenticate(`Bearer ${await hsToken({ contact_key: 'k', nbf: now() + 10 })}`)).resolves.toMatchObject({
      kind: 'user',
    });
    const late = await refusal(authenticate(`Bearer ${await hsToken({ contact_key: 'k', exp: now() - 60 })}`));
    expect(late.message).toBe('invalid bearer token: it has expired');
  });

  it('accepts any audience of the list, in a string or array aud', async () => {
    const listed = createCallerAuthenticator(authConfig({ AUTH_JWT_SECRET: SECRET, AUTH_AUDIENCE: 'first-api,contacts-graph' }));
    await expect(listed.authenticate(`Bearer ${await hsToken({ aud: 'contacts-graph' })}`)).resolves.toMatchObject({
      kind: 'user',
    });
    await expect(listed.authenticate(`Bearer ${await hsToken({ aud: ['other', 'first-api'] })}`)).resolves.toMatchObject({
      kind: 'user',
    });
    expect((await refusal(listed.authenticate(`Bearer ${await hsToken({ aud: ['other'] })}`))).status).toBe(401);
  });
});

/** A JWKS endpoint on loopback whose keys can be rotated and whose requests are counted. */
interface JwksServer {
  url: string;
  requests: number;
  keys: JWK[];
  /** Answer with this status instead of the key set. */
  failWith?: number;
  close(): Promise<void>;
}

async function startJwksServer(): Promise<JwksServer> {
  const state: JwksServer = { url: '', requests: 0, keys: [], close: () => Promise.resolve() };
  const server: Server = createServer((_req, res) => {
    state.requests += 1;
    res.statusCode = state.failWith ?? 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  state.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return state;
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

describe('bearer verification with a JWKS (RS256, ES256)', () => {
  let jwks: JwksServer;
  let rsa: SigningKey;
  let ec: SigningKey;
  const tokenFrom = (key: SigningKey, overrides: Record<string, unknown> = {}): Promise<string> =>
    sign(claims(overrides), key.privateKey, key.alg, key.kid);
  const fresh = (): ReturnType<typeof createCallerAuthenticator> =>
    createCallerAuthenticator(authConfig({ AUTH_JWKS_URL: jwks.url }), { timeoutMs: 500 });

  beforeAll(async () => {
    jwks = await startJwksServer();
    [rsa, ec] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1')]);
  });
  afterAll(() => jwks.close());
  afterEach(() => {
    vi.useRealTimers();
    jwks.keys = [rsa.jwk, ec.jwk];
    jwks.requests = 0;
    delete jwks.failWith;
  });

  it('verifies RS256 and ES256 tokens with one JWKS fetch for many verifications', async () => {
    jwks.keys = [rsa.jwk, ec.jwk];
    const authenticator = fresh();
    for (let i = 0; i < 10; i += 1) {
      const key = i % 2 === 0 ? rsa : ec;
      await expect(authenticator.authenticate(`Bearer ${await tokenFrom(key)}`)).resolves.toMatchObject({
        kind: 'user',
        contactKey: 'acruz@example.com',
      });
    }
    expect(jwks.requests).toBe(1);
  });

  it('follows a key rotation with exactly one refetch, and refuses a kid that is still unknown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    jwks.keys = [rsa.jwk];
    const authenticator = fresh();
    await authenticator.authenticate(`Bearer ${await tokenFrom(rsa)}`);
    expect(jwks.requests).toBe(1);

    const rotated = await signingKey('RS256', 'rsa-2');
    jwks.keys = [rsa.jwk, rotated.jwk];
    // Within the 30 s cooldown an unknown kid does not refetch: keys cannot be fetched on demand.
    const early = await refusal(authenticator.authenticate(`Bearer ${await tokenFrom(rotated)}`));
    expect([early.status, early.message]).toEqual([401, 'invalid bearer token: no published key matches it']);
    expect(jwks.requests).toBe(1);

    vi.setSystemTime(Date.now() + 31_000);
    await expect(authenticator.authenticate(`Bearer ${await tokenFrom(rotated)}`)).resolves.toMatchObject({ kind: 'user' });
    expect(jwks.requests).toBe(2);
    await authenticator.authenticate(`Bearer ${await tokenFrom(rotated)}`);
    expect(jwks.requests).toBe(2);

    vi.setSystemTime(Date.now() + 31_000);
    const stranger = await signingKey('RS256', 'rsa-unknown');
    const unknown = await refusal(authenticator.authenticate(`Bearer ${await tokenFrom(stranger)}`));
    expect([unknown.code, unknown.status]).toEqual(['UNAUTHENTICATED', 401]);
    expect(jwks.requests).toBe(3);
  });

  it('refuses HS256 signed with the RSA public key as secret, and algorithms that are not pinned', async () => {
    const authenticator = fresh();
    const publicPem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    const confused = await sign(claims(), publicPem, 'HS256', rsa.kid);
    expect((await refusal(authenticator.authenticate(`Bearer ${confused}`))).message).toBe(
      'invalid bearer token: its algorithm is not accepted',
    );
    const esOnly = createCallerAuthenticator(authConfig({ AUTH_JWKS_URL: jwks.url, AUTH_JWT_ALGORITHMS: 'ES256' }));
    expect((await refusal(esOnly.authenticate(`Bearer ${await tokenFrom(rsa)}`))).status).toBe(401);
    await expect(esOnly.authenticate(`Bearer ${await tokenFrom(ec)}`)).resolves.toMatchObject({ kind: 'user' });
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const impostor = await signingKey('ES256', ec.kid);
    const error = await refusal(fresh().authenticate(`Bearer ${await tokenFrom(impostor)}`));
    expect(error.message).toBe('invalid bearer token: its signature does not verify');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when the JWKS cannot be fetched, not 401', async () => {
    jwks.failWith = 500;
    const error = await refusal(fresh().authenticate(`Bearer ${await tokenFrom(rsa)}`));
    expect([error.code, error.status]).toEqual(['UPSTREAM_UNAVAILABLE', 503]);

    const closed = await startJwksServer();
    await closed.close();
    const unreachable = createCallerAuthenticator(authConfig({ AUTH_JWKS_URL: closed.url }), { timeoutMs: 500 });
    expect((await refusal(unreachable.authenticate(`Bearer ${await tokenFrom(rsa)}`))).status).toBe(503);
  });

  it('gives up on a JWKS that does not answer within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jwks`;
    const bearer = `Bearer ${await tokenFrom(rsa)}`;
    const waitFor = (timeoutMs: number) =>
      createCallerAuthenticator(authConfig({ AUTH_JWKS_URL: url }), { timeoutMs }).authenticate(bearer);
    // A second caller of the same silent JWKS with a 10 s timeout: the 200 ms one gives up while it still
    // waits, so what ended the wait was its own timeout.
    let patientEnded = false;
    const patient = refusal(waitFor(10_000).finally(() => (patientEnded = true)));
    try {
      expect((await refusal(waitFor(200))).code).toBe('UPSTREAM_UNAVAILABLE');
      expect(patientEnded).toBe(false);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await patient;
    }
  });
});

describe('authorizeUpdate', () => {
  const policy = authConfig({
    AUTH_JWT_SECRET: SECRET,
    AUTH_SELF_SERVICE_WRITABLE: 'email demographics, Preferences.Newsletter',
  });
  const self: Caller = { kind: 'user', subject: 'u1', contactKey: 'acruz@example.com', admin: false, scopes: [] };
  const admin: Caller = { ...self, contactKey: 'ops', admin: true, scopes: ['contacts:write'] };
  const names = (contactKey: string, extra: Partial<PatchBody> = {}): PatchBody => ({
    contactKey,
    attributeSets: [{ name: 'Email Demographics', items: [{ values: [{ name: 'First Name', value: 'Angela' }] }] }],
    ...extra,
  });
  const set = (name: string, ...attributes: string[]): PatchBody['attributeSets'][number] => ({
    name,
    items: [{ values: attributes.map((attribute) => ({ name: attribute, value: 'x' })) }],
  });
  /** Paths as the translation would give them, spelled out by place. */
  const pathOf = (place: BodyPlace) =>
    typeof place === 'string' ? ['input', place] : Object.entries(place).flatMap(([k, v]) => [k, String(v)]);
  const refusals = (caller: Caller, body: PatchBody, config = policy) => authorizeUpdate(caller, { body, pathOf }, config);
  const NOT_YOURS = 'you may update only your own contact: send your own contactKey and no contactId';

  it('lets a self-service caller update their own contact', () => {
    expect(refusals(self, names('acruz@example.com'))).toEqual([]);
  });

  it('refuses another contact key with one user error, whatever the key', () => {
    for (const key of ['someone@example.com', 'nobody-has-this-key', 'ACRUZ@example.com', '']) {
      expect(refusals(self, names(key))).toEqual([{ field: ['input', 'contactKey'], code: 'NOT_ALLOWED', message: NOT_YOURS }]);
    }
  });

  it('refuses contactId from a self-service caller, with or without their key', () => {
    expect(refusals(self, names('acruz@example.com', { contactId: 12345678 }))).toEqual([
      { field: ['input', 'contactId'], code: 'NOT_ALLOWED', message: NOT_YOURS },
    ]);
    const idOnly = { ...names('x'), contactKey: undefined, contactId: 1 } as PatchBody;
    expect(refusals(self, idOnly).map((e) => e.field)).toEqual([['input', 'contactId']]);
  });

  it('lets an admin update any contact and write anything', () => {
    const body = names('someone@example.com', { contactId: 1, attributeSets: [set('Email Addresses', 'Email Address')] });
    expect(refusals(admin, body)).toEqual([]);
  });

  it('lets anonymous callers through only with AUTH_MODE=off; otherwise UNAUTHENTICATED is thrown, not a user error', () => {
    const off = readAuthConfig({}, 'emulator').config;
    expect(refusals({ kind: 'anonymous' }, names('anyone'), off)).toEqual([]);
    expect(thrown(() => refusals({ kind: 'anonymous' }, names('anyone'))).status).toBe(401);
  });

  it('refuses every set and attribute that is not on the allow-list, by SFMC name, at its place', () => {
    const emails = names('acruz@example.com', {
      attributeSets: [set('Email Demographics', 'Last Name'), set('Email Addresses', 'Email Address')],
    });
    expect(refusals(self, emails)).toEqual([
      {
        field: ['set', '1'],
        code: 'NOT_ALLOWED',
        message: 'attribute set "Email Addresses" is not writable by self-service callers',
      },
    ]);
    const status = names('acruz@example.com', { attributeSets: [set('Preferences', 'Newsletter', 'Status', 'Tier')] });
    expect(refusals(self, status)).toEqual([
      {
        field: ['set', '0', 'item', '0', 'value', '1'],
        code: 'NOT_ALLOWED',
        message: 'attribute "Preferences.Status" is not writable by self-service callers',
      },
      {
        field: ['set', '0', 'item', '0', 'value', '2'],
        code: 'NOT_ALLOWED',
        message: 'attribute "Preferences.Tier" is not writable by self-service callers',
      },
    ]);
  });

  it('compares names without case, and a whole set covers tenant attributes', () => {
    const body = names('acruz@example.com', {
      attributeSets: [set('EMAIL DEMOGRAPHICS', 'First Name', 'Text Profile Attribute'), set('preferences', 'NEWSLETTER')],
    });
    expect(refusals(self, body)).toEqual([]);
  });

  it('by default lets self-service callers write their names only', () => {
    const defaults = authConfig({ AUTH_JWT_SECRET: SECRET });
    expect(refusals(self, names('acruz@example.com'), defaults)).toEqual([]);
    for (const refused of [
      set('Email Demographics', 'Text Profile Attribute'),
      set('Email Addresses', 'Email Address', 'HTML Enabled'),
      set('MobileConnect Demographics', 'Mobile Number', 'First Name'),
      set('MobilePush Demographics', 'Device ID', 'Application', 'Status'),
      set('GroupConnect LINE Demographics', 'Address ID', 'Display Name'),
      set('Preferences', 'Newsletter'),
    ]) {
      const errors = refusals(self, names('acruz@example.com', { attributeSets: [refused] }), defaults);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.code === 'NOT_ALLOWED')).toBe(true);
    }
  });
});

describe('authorizeRead', () => {
  const self: Caller = { kind: 'user', subject: 'u1', contactKey: 'acruz@example.com', admin: false, scopes: [] };

  it('lets callers read their own contact, admins and anonymous (AUTH_MODE=off) any', () => {
    expect(() => authorizeRead(self, 'acruz@example.com')).not.toThrow();
    expect(() => authorizeRead({ ...self, admin: true }, 'someone@example.com')).not.toThrow();
    expect(() => authorizeRead({ kind: 'anonymous' }, 'someone@example.com')).not.toThrow();
    const error = thrown(() => authorizeRead(self, 'someone@example.com'));
    expect([error.code, error.status, error.message]).toEqual(['FORBIDDEN', 403, 'you may read only your own contact']);
  });

  it('filters reads by email to the caller own contact', () => {
    const found = ['someone@example.com', 'acruz@example.com'].filter((key) => canReadContact(self, key));
    expect(found).toEqual(['acruz@example.com']);
  });
});
