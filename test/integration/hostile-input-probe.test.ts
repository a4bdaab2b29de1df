import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery, print } from 'graphql';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { isTrustedInstanceUrl } from '../../src/sfmc/client.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, JWT_SECRET, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Findings of an outside probe of the production configuration (hostile input, trust
 * boundaries, schema leaks), one test per finding, over loopback. Each failed before
 * its fix; each refusal is checked for its status and code, and that SFMC saw nothing.
 */

const UPDATE = print(UpdateContactDocument);
const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

/** A token from the test identity provider with the claims given, `iat` and `exp` as given (seconds). */
function tokenWith(claims: Record<string, unknown>, times: { iat?: number; exp: number }): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(AUTH_ENV.AUTH_ISSUER)
    .setAudience(AUTH_ENV.AUTH_AUDIENCE);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  return jwt.setExpirationTime(times.exp).sign(new TextEncoder().encode(JWT_SECRET));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('tokens: identity and lifetime', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...AUTH_ENV, NODE_ENV: 'production', AUTH_MAX_TOKEN_AGE_SECONDS: '3600' } });
  });
  afterAll(() => stack.close());

  const updateAs = (token: string) =>
    stack.graphql(UpdateContactDocument, SEED_VARIABLES, { authorization: `Bearer ${token}` }).then((res) => {
      expect(stack.emulator.calls).toHaveLength(0);
      return res;
    });

  it.each([
    ['issued in the future', { iat: nowSeconds() + 3_600, exp: nowSeconds() + 7_200 }],
    ['expiring centuries ahead', { iat: nowSeconds(), exp: nowSeconds() + 100 * 365 * 86_400 }],
    ['living longer than AUTH_MAX_TOKEN_AGE_SECONDS', { iat: nowSeconds() - 60, exp: nowSeconds() + 2 * 3_600 }],
    ['issued longer ago than AUTH_MAX_TOKEN_AGE_SECONDS', { iat: nowSeconds() - 2 * 3_600, exp: nowSeconds() + 600 }],
    ['without iat', { exp: nowSeconds() + 600 }],
  ])('refuses a token %s: 401 UNAUTHENTICATED, nothing sent', async (_name, times) => {
    const res = await updateAs(await tokenWith({ sub: 'ops@example.com', scope: 'contacts:write' }, times));
    expect([res.status, codeOf(res)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('accepts a token within the maximum age', async () => {
    const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES, {
      authorization: `Bearer ${await tokenWith({ sub: 'ops@example.com', scope: 'contacts:write' }, { iat: nowSeconds(), exp: nowSeconds() + 600 })}`,
    });
    expect(res.status).toBe(200);
  });
});

describe('an email address as identity', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...AUTH_ENV, NODE_ENV: 'production', AUTH_CONTACT_KEY_CLAIM: 'email' },
      emulator: { unknownContact: 'create' },
    });
  });
  afterAll(() => stack.close());

  // What a self-service caller may write by default: its own first name.
  const ownFirstName = { input: { contactKey: 'acruz@example.com', emailDemographics: { firstName: 'Angela' } } };
  const update = async (claims: Record<string, unknown>) =>
    stack.post({ query: UPDATE, variables: ownFirstName }, { authorization: `Bearer ${await signToken(claims)}` });

  it.each([
    ['false', { email_verified: false }],
    ['absent', {}],
    ['a string', { email_verified: 'true' }],
  ])('is refused when email_verified is %s: 401, nothing sent', async (_name, verified) => {
    const res = await update({ sub: 'user-1', email: 'acruz@example.com', ...verified });
    expect([res.status, codeOf(res)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('is the caller’s contact key when the identity provider verified it', async () => {
    const res = await update({ sub: 'user-1', email: 'acruz@example.com', email_verified: true });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ updateContact: { operationStatus: 'OK' } });
  });
});

describe('CORS with two or more origins', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' } });
  });
  afterAll(() => stack.close());

  const preflight = (origin: string) =>
    request(`${stack.app.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }).then(async (res) => {
      await res.body.dump();
      return res.headers;
    });

  it.each(['null', 'https://evil.example.com', 'https://app.example.com.evil.example'])(
    'gives Origin: %s no CORS grant (no allowed origin, no credentials)',
    async (origin) => {
      const headers = await preflight(origin);
      expect(headers['access-control-allow-origin']).toBeUndefined();
      expect(headers['access-control-allow-credentials']).toBeUndefined();
    },
  );

  it('echoes each listed origin exactly, with credentials', async () => {
    for (const origin of ['https://app.example.com', 'https://admin.example.com']) {
      const headers = await preflight(origin);
      expect([headers['access-control-allow-origin'], headers['access-control-allow-credentials']]).toEqual([origin, 'true']);
    }
  });
});

describe('introspection where it is on (development)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('refuses a 60-level ofType chain: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const chain = `${'ofType { '.repeat(60)}name${' }'.repeat(60)}`;
    const res = await stack.post({ query: `{ __type(name: "Contact") { name ${chain} } }` });
    expect([res.status, codeOf(res)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers the standard introspection query, as GraphiQL and codegen send it', async () => {
    const res = await stack.post({ query: getIntrospectionQuery() });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });
});

describe('field suggestions in production', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...AUTH_ENV, NODE_ENV: 'production' } });
  });
  afterAll(() => stack.close());

  it('are left out of variable-coercion errors too', async () => {
    const admin = { authorization: `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}` };
    const res = await stack.post({ query: UPDATE, variables: { input: { contactKy: 'acruz@example.com' } } }, admin);
    expect([res.status, codeOf(res)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(/contactKy/);
    expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/);
  });
});

describe('deeply nested JSON', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it.each([
    ['the hot path', {}],
    ['Yoga', { origin: 'https://elsewhere.example.com' }],
  ])('30,000 levels with an escaped surrogate pair: 400 BAD_REQUEST through %s, no error logged', async (_door, headers) => {
    const deep = `${'['.repeat(30_000)}"\\ud83d\\ude00"${']'.repeat(30_000)}`;
    const res = await request(`${stack.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: `{"query":"{ attributeGroups { name } }","variables":{"deep":${deep}}}`,
    });
    const body = (await res.body.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect([res.statusCode, codeOf(body)]).toEqual([400, 'BAD_REQUEST']);
    expect(stack.logs.filter((line) => line.level === 'error')).toEqual([]);
  });
});

describe('the REST URL a token response names', () => {
  it.each([
    ['https://mc563885gzs27c5t9-63k636ttgm.rest.marketingcloudapis.com', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:8080/prefix', true],
    ['http://[::1]:8080', true],
    ['http://mc563885gzs27c5t9-63k636ttgm.rest.marketingcloudapis.com', false],
    ['https://mc563885gzs27c5t9-63k636ttgm.rest.marketingcloudapis.com:8443', false],
    ['https://evil.example.com', false],
    ['https://rest.marketingcloudapis.com.evil.example.com', false],
    ['http://10.0.0.5', false],
  ])('%s is trusted: %s', (url, trusted) => {
    expect(isTrustedInstanceUrl(url)).toBe(trusted);
  });

  /**
   * A token endpoint on loopback that relays the emulator's token with `rewrite` applied to its answer; the
   * emulator's URL is asked per request, so the relay can serve the stack whose own emulator it relays to.
   */
  async function relayingTokenEndpoint(
    emulatorUrl: () => string,
    rewrite: (body: Record<string, unknown>) => Record<string, unknown>,
  ) {
    let requests = 0;
    const server: Server = createServer((req, res) => {
      requests += 1;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const answer = await request(`${emulatorUrl()}/v2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        });
        const body = rewrite((await answer.body.json()) as Record<string, unknown>);
        res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('outside SFMC: the token is never sent there, the update refused as UPSTREAM_UNAVAILABLE', async () => {
    let viaRelay: Stack | undefined;
    const relay = await relayingTokenEndpoint(
      () => viaRelay!.emulator.url,
      (body) => ({ ...body, rest_instance_url: 'https://evil.example.com/' }),
    );
    viaRelay = await startStack({ authUrl: relay.url });
    try {
      const res = await viaRelay.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect([res.status, codeOf(res)]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
      expect(res.errors?.[0]?.message).toMatch(/SFMC_REST_URL/);
    } finally {
      await Promise.all([viaRelay.close(), relay.close()]);
    }
  });

  it('a zero expires_in does not cost a token request per call', async () => {
    let stack: Stack | undefined;
    const relay = await relayingTokenEndpoint(
      () => stack!.emulator.url,
      (body) => ({ ...body, expires_in: 0 }),
    );
    stack = await startStack({ authUrl: relay.url });
    try {
      for (let i = 0; i < 5; i += 1) {
        const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
        expect(res.data?.updateContact.operationStatus).toBe('OK');
      }
      expect(relay.requests()).toBe(1);
    } finally {
      await Promise.all([stack.close(), relay.close()]);
    }
  });
});

describe('the request log line', () => {
  it('names the token request the request waited for, beside its SFMC call', async () => {
    const stack = await startStack();
    try {
      await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      const upstream = stack.logs
        .filter((line) => line.event === 'graphql.request')
        .map((line) => (line.upstream as { endpoint: string }[]).map((call) => call.endpoint));
      expect(upstream).toEqual([['token', 'updateContact'], ['updateContact']]);
    } finally {
      await stack.close();
    }
  });
});
