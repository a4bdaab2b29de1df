import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import { print } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startApp } from '../../src/server/app.js';
import { createCallerAuth } from '../../src/auth/caller-auth.js';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { createLogger } from '../../src/observability/logger.js';
import { loadTrustedDocuments } from '../../src/server/use-trusted-documents.js';
import { SfmcClient } from '../../src/sfmc/client.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, JWT_SECRET, signToken } from '../support/jwt.js';
import { demoTenantCatalog, startStack, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * The hostile-input catalogue (every kind of malicious or malformed request a caller can send),
 * one test per row, over loopback. Every refusal is asserted for its HTTP status, its
 * `extensions.code`, and that SFMC (the emulator, token endpoint included) saw nothing.
 */

const UPDATE = print(UpdateContactDocument);

const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });

/** Sends raw bytes to /graphql. */
async function raw(stack: Stack, body: string | Buffer | Readable, headers: Record<string, string> = {}) {
  const res = await request(`${stack.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
    // The server drops a connection whose body it refused; keep that socket out of the shared pool.
    reset: true,
  });
  const text = await res.body.text();
  let json: GraphqlResponse<unknown> | undefined;
  try {
    json = JSON.parse(text) as GraphqlResponse<unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] } | undefined) => res?.errors?.[0]?.extensions?.code;

type Refused = GraphqlResponse<{ updateContact?: { operationStatus: string; userErrors: { field: string[]; code: string }[] } }>;

/** An input refused before sending: HTTP 200, operationStatus INVALID; its userErrors' codes (and paths). */
function userErrorsOf(res: GraphqlResponse<unknown>): string[] {
  const payload = (res as Refused).data?.updateContact;
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  expect(payload?.operationStatus).toBe('INVALID');
  return (payload?.userErrors ?? []).map((e) => e.code);
}

const pathsOf = (res: GraphqlResponse<unknown>) =>
  ((res as Refused).data?.updateContact?.userErrors ?? []).map((e) => `${e.field.join('.')} ${e.code}`);

describe('hostile input, with authentication on', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...AUTH_ENV, NODE_ENV: 'production', MAX_DEPTH: '4' },
      emulator: { unknownContact: 'create' },
    });
    admin = await bearer({ sub: 'ops@example.com', scope: 'contacts:write' });
  });
  afterAll(async () => {
    const seen = stack.logText();
    expect(seen).not.toContain(stack.emulator.clientSecret);
    expect(seen).not.toContain(JWT_SECRET);
    await stack.close();
  });

  /** Runs `send`, then asserts that SFMC saw nothing at all. */
  async function nothingSent<T>(send: () => Promise<T>): Promise<T> {
    const before = stack.emulator.calls.length;
    const result = await send();
    expect(stack.emulator.calls.length).toBe(before);
    return result;
  }

  const post = (body: unknown, headers: Record<string, string> = admin) => nothingSent(() => stack.post(body, headers));

  it('1. a 1.1 MB body is refused with 413', async () => {
    const res = await nothingSent(() =>
      raw(stack, JSON.stringify({ query: UPDATE, variables: { input: { contactKey: 'x'.repeat(1_100_000) } } }), admin),
    );
    expect(res.status).toBe(413);
  });

  it('2. the same, chunked without Content-Length, is cut off while streaming', async () => {
    async function* chunks() {
      for (let i = 0; i < 40; i += 1) yield Buffer.alloc(32 * 1024, 0x20);
    }
    const res = await nothingSent(() => raw(stack, Readable.from(chunks()), admin));
    expect(res.status).toBe(413);
  });

  it('3. a 300 KB comment-padded document is refused by the body limit', async () => {
    const res = await nothingSent(() =>
      raw(stack, JSON.stringify({ query: `#${'x'.repeat(300_000)}\n{ attributeGroups { name } }` }), admin),
    );
    expect(res.status).toBe(413);
  });

  it('4. a selection deeper than the limit is a 400 validation error', async () => {
    const res = await post({
      query: `{ contact(contactKey: "k") { ...Rows } }
        fragment Rows on Contact { emailAddresses { ...Row } }
        fragment Row on EmailAddresses { emailAddress }`,
    });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('5. too many aliases, or updateContact twice in one operation, is a 400 and nothing is sent', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: attributeGroups { name }`).join(' ');
    const many = await post({ query: `{ ${aliases} }` });
    expect(many.status).toBe(400);
    expect(codeOf(many)).toBe('GRAPHQL_VALIDATION_FAILED');

    const twice = await post({
      query: `mutation Two($input: UpdateContactInput!) {
        a: updateContact(input: $input) { operationStatus }
        ...More
      }
      fragment More on Mutation { b: updateContact(input: $input) { operationStatus } }`,
      variables: SEED_VARIABLES,
    });
    expect(twice.status).toBe(400);
    expect(twice.errors?.[0]?.message).toContain('at most one updateContact');
  });

  it('6. a document of more than 2000 tokens is a 400 parse error', async () => {
    const res = await post({ query: `{ ${Array.from({ length: 1100 }, () => 'a: __typename').join(' ')} }` });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('7. too many directives is a 400 with a bounded error list', async () => {
    const directives = Array.from({ length: 25 }, () => '@include(if: true)').join(' ');
    const res = await post({ query: `{ attributeGroups ${directives} { name } }` });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.length).toBeLessThanOrEqual(100);
  });

  it('8. a batched array of operations is refused', async () => {
    const res = await nothingSent(() =>
      raw(stack, JSON.stringify([{ query: '{ attributeGroups { name } }' }, { query: '{ attributeGroups { key } }' }]), admin),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Batching is not supported');
  });

  it('9. two operations without an operationName is a 400', async () => {
    const res = await post({ query: 'query A { attributeGroups { name } } query B { attributeGroups { key } }' });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBeDefined();
  });

  it('10. more attribute sets, rows or values than the caps is INVALID (TOO_MANY), nothing looked at inside', async () => {
    const set = (name: string, values = 1) => ({
      name,
      items: [{ values: Array.from({ length: values }, (_, i) => ({ name: `A${i}`, value: 1 })) }],
    });
    for (const input of [
      { contactKey: 'k', attributeSets: Array.from({ length: 21 }, (_, i) => set(`Set ${i}`)) },
      { contactKey: 'k', attributeSets: [set('Preferences', 101)] },
      { contactKey: 'k', emailAddresses: Array.from({ length: 21 }, (_, i) => ({ emailAddress: `a${i}@example.com` })) },
    ]) {
      const res = await post({ query: UPDATE, variables: { input } });
      expect(userErrorsOf(res)).toEqual(['TOO_MANY']);
    }
  });

  it('11. an over-long contactKey or value is INVALID (TOO_LONG)', async () => {
    for (const input of [
      { contactKey: 'k'.repeat(10_000), emailDemographics: { firstName: 'A' } },
      {
        contactKey: 'k',
        attributeSets: [{ name: 'Preferences', items: [{ values: [{ name: 'Preferred Language', value: 'x'.repeat(4_001) }] }] }],
      },
    ]) {
      const res = await post({ query: UPDATE, variables: { input } });
      expect(userErrorsOf(res)).toEqual(['TOO_LONG']);
    }
  });

  it('12. empty or blank strings are INVALID (BLANK)', async () => {
    for (const input of [
      { contactKey: '', emailDemographics: { firstName: 'A' } },
      { contactKey: 'k', emailDemographics: { firstName: '   ' } },
      { contactKey: 'k', attributeSets: [{ name: ' ', items: [{ values: [{ name: 'A', value: 1 }] }] }] },
    ]) {
      const res = await post({ query: UPDATE, variables: { input } });
      expect(userErrorsOf(res)).toEqual(['BLANK']);
    }
  });

  it('13. invalid UTF-8 bytes are a 400, not decoded to U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from(`{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"contactKey":"k","emailDemographics":{"firstName":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}}}'),
    ]);
    const res = await nothingSent(() => raw(stack, body, admin));
    expect(res.status).toBe(400);
    expect(codeOf(res.json)).toBe('BAD_REQUEST');
  });

  it('14. a lone surrogate is a 400', async () => {
    const body = `{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"contactKey":"k","emailDemographics":{"firstName":"\\ud800"}}}}`;
    const res = await nothingSent(() => raw(stack, body, admin));
    expect(res.status).toBe(400);
    expect(codeOf(res.json)).toBe('BAD_REQUEST');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a C1 control', 'a\u0085b'],
    ['a bidi override', 'evil\u202Egnp.exe'],
    ['a zero-width space', 'Ann\u200B'],
  ])('15. %s in a value is INVALID (INVALID_CHARACTERS)', async (_what, firstName) => {
    const res = await post({ query: UPDATE, variables: { input: { contactKey: 'k', emailDemographics: { firstName } } } });
    expect(userErrorsOf(res)).toEqual(['INVALID_CHARACTERS']);
  });

  it('16. CR/LF in a header never passes, and an unsafe x-request-id is replaced', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(stack.app.url).port), '127.0.0.1', () => {
        socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nx-request-id: a\rinjected: 1\r\ncontent-length: 0\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);

    const res = await stack.post(
      { query: '{ attributeGroups { name } }' },
      { ...admin, 'x-request-id': '<script>alert(1)</script>' },
    );
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('17. __proto__ as an input field is "not defined", and nothing is polluted', async () => {
    const res = await nothingSent(() =>
      raw(
        stack,
        `{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"contactKey":"k","__proto__":{"polluted":true},"emailDemographics":{"firstName":"A"}}}}`,
        admin,
      ),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('is not defined');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString'])('18. the attribute name %j is INVALID (INVALID_NAME)', async (name) => {
    const res = await post({
      query: UPDATE,
      variables: { input: { contactKey: 'k', emailDemographics: { extraAttributes: [{ name, value: 1 }] } } },
    });
    expect(userErrorsOf(res)).toEqual(['INVALID_NAME']);
  });

  it('19-21. 1e400 for a Float, 2^31 for an Int, a number for a String, "true" for a Boolean are 400s', async () => {
    const cases = [
      `{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"contactKey":"k","mobileConnectDemographics":[{"mobileNumber":"555","utcOffset":1e400}]}}}`,
      JSON.stringify({
        query: UPDATE,
        variables: { input: { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '555', status: 2147483648 }] } },
      }),
      JSON.stringify({ query: UPDATE, variables: { input: { contactKey: 5, emailDemographics: { firstName: 'A' } } } }),
      JSON.stringify({
        query: UPDATE,
        variables: { input: { contactKey: 'k', emailAddresses: [{ emailAddress: 'a@b.co', htmlEnabled: 'true' }] } },
      }),
      `{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"contactKey":"k","mobileConnectDemographics":[{"mobileNumber":"555","utcOffset":NaN}]}}}`,
    ];
    for (const body of cases) {
      const res = await nothingSent(() => raw(stack, body, admin));
      expect(res.status).toBe(400);
      expect(codeOf(res.json)).toMatch(/^(BAD_USER_INPUT|BAD_REQUEST)$/);
    }
  });

  it('22. a single object where a list is expected is coerced, then validated like a list', async () => {
    const res = await post({
      query: UPDATE,
      variables: { input: { contactKey: 'k', emailAddresses: { emailAddress: 'not an email' } } },
    });
    expect(userErrorsOf(res)).toEqual(['INVALID_FORMAT']);
    expect(pathsOf(res)).toEqual(['input.emailAddresses.0.emailAddress INVALID_FORMAT']);
  });

  it('23-24. neither key nor id is INVALID (REQUIRED); a self-service caller may not send contactId', async () => {
    const neither = await post({ query: UPDATE, variables: { input: { emailDemographics: { firstName: 'A' } } } });
    expect(userErrorsOf(neither)).toEqual(['REQUIRED']);
    const self = await bearer({ sub: 'acruz@example.com' });
    const withId = await post(
      {
        query: UPDATE,
        variables: { input: { contactKey: 'acruz@example.com', contactId: '12345678', emailDemographics: { firstName: 'A' } } },
      },
      self,
    );
    expect(pathsOf(withId)).toEqual(['input.contactId NOT_ALLOWED']);
  });

  it("25. someone else's contact is NOT_ALLOWED, with the same answer whether it exists or not", async () => {
    const self = await bearer({ sub: 'mallory@example.com' });
    const attempt = (contactKey: string) =>
      post({ query: UPDATE, variables: { input: { contactKey, emailDemographics: { firstName: 'Eve' } } } }, self);
    const existing = await attempt('acruz@example.com');
    const missing = await attempt('nobody-at-all@example.com');
    expect(userErrorsOf(existing)).toEqual(['NOT_ALLOWED']);
    const strip = (r: GraphqlResponse<unknown>) =>
      JSON.stringify({ status: r.status, errors: r.errors, data: r.data }).replace(/"requestId":"[^"]*"/, '');
    expect(strip(existing)).toBe(strip(missing));
  });

  it('26-27. a self-service caller may write only allow-listed sets and attributes', async () => {
    const self = await bearer({ sub: 'acruz@example.com' });
    for (const input of [
      {
        contactKey: 'acruz@example.com',
        attributeSets: [{ name: 'Unknown Set', items: [{ values: [{ name: 'A', value: 1 }] }] }],
      },
      { contactKey: 'acruz@example.com', emailAddresses: [{ emailAddress: 'attacker@example.com' }] },
      { contactKey: 'acruz@example.com', mobileConnectDemographics: [{ mobileNumber: '555', status: 1 }] },
      {
        contactKey: 'acruz@example.com',
        emailDemographics: { extraAttributes: [{ name: 'Number Profile Attribute', value: 1 }] },
      },
    ]) {
      const res = await post({ query: UPDATE, variables: { input } }, self);
      expect(userErrorsOf(res)).toEqual(expect.arrayContaining(['NOT_ALLOWED']));
    }
    // What the allow-list does hold goes through, to the caller's own contact.
    const own = await stack.post(
      { query: UPDATE, variables: { input: { contactKey: 'acruz@example.com', emailDemographics: { firstName: 'Angie' } } } },
      self,
    );
    expect((own.data as { updateContact: { operationStatus: string } }).updateContact.operationStatus).toBe('OK');
  });

  it('28. duplicate set or attribute names are INVALID', async () => {
    const res = await post({
      query: UPDATE,
      variables: {
        input: { contactKey: 'k', emailDemographics: { firstName: 'A', extraAttributes: [{ name: 'First Name', value: 'B' }] } },
      },
    });
    expect(userErrorsOf(res)).toEqual(['USE_TYPED_FIELD']);
  });

  it('29. a missing, expired, wrongly-audienced or unsigned token is a 401; a bad prefix is a 400', async () => {
    const expired = await signToken({ sub: 'a' }, { expiresIn: '-5m' });
    const wrongAudience = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.test')
      .setAudience('someone-else')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"a","iss":"https://idp.test","aud":"contacts-graph","exp":9999999999}').toString('base64url')}.`;
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${wrongAudience}` },
      { authorization: `Bearer ${unsigned}` },
    ]) {
      const res = await post({ query: '{ attributeGroups { name } }' }, headers);
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const prefix = await post({ query: '{ attributeGroups { name } }' }, { authorization: `Token ${expired}` });
    expect(prefix.status).toBe(400);
  });

  it('30. a mutation over GET is a 405 with Allow: POST', async () => {
    const res = await nothingSent(() =>
      request(
        `${stack.app.url}/graphql?query=${encodeURIComponent('mutation { updateContact(input: { contactKey: "k" }) { operationStatus } }')}`,
        {
          headers: { ...admin, accept: 'application/graphql-response+json', 'x-graphql-yoga-csrf': '1' },
        },
      ),
    );
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toContain('POST');
    await res.body.dump();
  });

  it('31-32. text/plain, form, multipart and application/graphql posts are refused, CSRF header or not', async () => {
    const contentTypes = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/graphql',
    ];
    for (const contentType of contentTypes) {
      const csrfHeaders: Record<string, string>[] = [{}, { 'x-graphql-yoga-csrf': '1' }];
      for (const csrf of csrfHeaders) {
        const res = await nothingSent(() =>
          raw(stack, JSON.stringify({ query: UPDATE, variables: SEED_VARIABLES }), {
            ...admin,
            ...csrf,
            'content-type': contentType,
          }),
        );
        expect([res.status, codeOf(res.json)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      }
    }
    const none = await nothingSent(() =>
      request(`${stack.app.url}/graphql`, { method: 'POST', headers: { ...admin, 'x-graphql-yoga-csrf': '1' }, body: '{}' }),
    );
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    await none.body.dump();
  });

  it('33. Accept without a JSON type is a 406 before anything runs: a mutation is not applied', async () => {
    for (const accept of ['application/xml', 'text/html', 'image/png', 'application/json;q=0']) {
      const res = await nothingSent(() =>
        raw(stack, JSON.stringify({ query: UPDATE, variables: SEED_VARIABLES }), { ...admin, accept }),
      );
      expect([res.status, codeOf(res.json)]).toEqual([406, 'NOT_ACCEPTABLE']);
    }
  });

  it('34. invalid JSON, variables as an array, a numeric query are 400 BAD_REQUEST', async () => {
    for (const body of ['{"query": ', JSON.stringify({ query: UPDATE, variables: [1] }), JSON.stringify({ query: 42 })]) {
      const res = await nothingSent(() => raw(stack, body, admin));
      expect(res.status).toBe(400);
      expect(codeOf(res.json)).toBe('BAD_REQUEST');
    }
  });

  it('35-36. in production, no "did you mean" and no introspection', async () => {
    const typo = await post({ query: '{ atributeGroups { name } }' });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.errors)).not.toContain('Did you mean');
    const schema = await post({ query: '{ __schema { types { name } } }' });
    expect(schema.status).toBe(400);
    expect(codeOf(schema)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('38. headers larger than 16 KiB are a 431', async () => {
    const res = await nothingSent(() => raw(stack, '{}', { ...admin, 'x-padding': 'x'.repeat(17 * 1024) }));
    expect(res.status).toBe(431);
  });
});

describe('hostile input: an unexpected failure', () => {
  it('41. is masked: no upstream text, token or stack reaches the caller', async () => {
    /** A client whose call fails in a way nobody planned for, with upstream text in the message. */
    class BrokenClient extends SfmcClient {
      override updateContact(): Promise<unknown> {
        return Promise.reject(new Error('upstream said: token=abc123 at https://mc.rest.marketingcloudapis.com/x'));
      }
    }
    const config = loadConfig({});
    const sfmc = new BrokenClient({ authUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'secret', ...config.upstream });
    const lines: string[] = [];
    const app = await startApp({
      ...config,
      catalog: demoTenantCatalog,
      sfmc,
      logger: createLogger('debug', (line) => lines.push(line)),
      auth: createCallerAuth(config.auth),
      port: 0,
    });
    try {
      const res = await request(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: UPDATE, variables: SEED_VARIABLES }),
      });
      const text = await res.body.text();
      expect(JSON.parse(text)).toMatchObject({
        errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      expect(text).not.toContain('abc123');
      expect(text).not.toContain('marketingcloudapis');
      expect(text).not.toMatch(/\.ts:\d+/);
      // The log keeps the error for operators, with the credential-looking part redacted.
      expect(lines.join('\n')).toContain('upstream said');
      expect(lines.join('\n')).not.toContain('abc123');
    } finally {
      await app.close();
      await sfmc.close();
    }
  });
});

describe('hostile input: limits that need their own settings', () => {
  it('37. a trusted-documents manifest whose entry does not match its hash is refused at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    const file = join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify({ [`sha256:${'0'.repeat(64)}`]: '{ attributeGroups { name } }' }));
    expect(() => loadTrustedDocuments(file)).toThrow(/does not match its document/);
  });

  it('37. with trusted documents on, only their operations run', async () => {
    const stack = await startStack({
      http: { trustedDocuments: new URL('../__generated__/persisted-documents.json', import.meta.url).pathname },
    });
    try {
      const arbitrary = await stack.post({ query: '{ attributeGroups { name } }' });
      expect(arbitrary.status).toBe(400);
      expect(codeOf(arbitrary)).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const unknown = await stack.post({ documentId: `sha256:${'0'.repeat(64)}`, variables: SEED_VARIABLES });
      expect(codeOf(unknown)).toBe('TRUSTED_DOCUMENT_REQUIRED');
      expect(stack.emulator.calls).toEqual([]);

      const documentId = (UpdateContactDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
      const trusted = await stack.post({ documentId, variables: SEED_VARIABLES });
      expect((trusted.data as { updateContact: { operationStatus: string } }).updateContact.operationStatus).toBe('OK');
      const apqStyle = await stack.post({
        extensions: { persistedQuery: { version: 1, sha256Hash: documentId.replace('sha256:', '') } },
        variables: SEED_VARIABLES,
      });
      expect((apqStyle.data as { updateContact: { operationStatus: string } }).updateContact.operationStatus).toBe('OK');
      // Validated once, the trusted document runs prepared (without Yoga's pipeline); its text sent as a query still does not.
      expect(stack.app.preparedRequests()).toBe(1);
      const asText = await stack.post({ query: print(UpdateContactDocument), variables: SEED_VARIABLES });
      expect(codeOf(asText)).toBe('TRUSTED_DOCUMENT_REQUIRED');
      expect(stack.app.preparedRequests()).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it('39. a slow-loris request is closed by the request timeout', async () => {
    const stack = await startStack({ http: { requestTimeoutMs: 1_000 } });
    try {
      const answer = await new Promise<string>((resolve) => {
        const chunks: Buffer[] = [];
        const socket = connect(Number(new URL(stack.app.url).port), '127.0.0.1', () => {
          socket.write(
            'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":',
          );
        });
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.on('error', () => undefined);
      });
      // Closed by the request timeout (Node answers 408 for it), not by any other limit or by the test's end.
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(stack.emulator.calls).toEqual([]);
    } finally {
      await stack.close();
    }
  });

  it('40. a caller over its rate limit gets 429 with Retry-After, and SFMC sees no more than the limit', async () => {
    const stack = await startStack({ env: AUTH_ENV, http: { rateLimit: { requests: 5, adminRequests: 20, windowSeconds: 60 } } });
    try {
      const self = await bearer({ sub: 'acruz@example.com' });
      const input = { contactKey: 'acruz@example.com', emailDemographics: { firstName: 'Ann' } };
      const results = [];
      for (let i = 0; i < 8; i += 1) results.push(await stack.post({ query: UPDATE, variables: { input } }, self));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expect(results[5]?.headers['retry-after']).toMatch(/^\d+$/);
      expect(results[5]?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(5);
      // Another caller has a budget of its own.
      const other = await stack.post(
        { query: UPDATE, variables: { input: { ...input, contactKey: 'b@example.com' } } },
        await bearer({ sub: 'b@example.com' }),
      );
      expect(other.status).toBe(200);
      // An admin (service) caller has a budget of its own size: past a person's 5, it is still answered.
      const service = await bearer({ sub: 'gateway', scope: 'contacts:write' });
      const byService = [];
      for (let i = 0; i < 8; i += 1) byService.push(await stack.post({ query: UPDATE, variables: { input } }, service));
      expect(byService.map((r) => r.status)).toEqual(Array(8).fill(200));
    } finally {
      await stack.close();
    }
  });
});

describe('CORS', () => {
  const preflight = (stack: Stack, origin: string) =>
    request(`${stack.app.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });

  it('allows no browser origin by default', async () => {
    const stack = await startStack();
    try {
      const res = await preflight(stack, 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      await res.body.dump();
    } finally {
      await stack.close();
    }
  });

  it('allows exactly the configured origins', async () => {
    const stack = await startStack({ env: { CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' } });
    try {
      const ok = await preflight(stack, 'https://app.example.com');
      expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(String(ok.headers['access-control-allow-headers'])).toContain('authorization');
      await ok.body.dump();
      const evil = await preflight(stack, 'https://evil.example');
      expect(evil.headers['access-control-allow-origin']).not.toBe('https://evil.example');
      await evil.body.dump();
    } finally {
      await stack.close();
    }
  });
});
