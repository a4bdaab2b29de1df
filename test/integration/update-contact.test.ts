import { setTimeout as sleep } from 'node:timers/promises';
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { standardCatalog, type CatalogAttribute, type CatalogGroup } from '../../src/catalog/index.js';
import type { SfmcDataType } from '../../src/catalog/types.js';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { PreviewUpdateContactDocument, UpdateContactDocument, type UpdateContactInput } from '../__generated__/graphql.js';
import { assertNoSecrets, startStack, type Stack } from '../support/stack.js';

const SAMPLE: Record<SfmcDataType, unknown> = {
  Text: 'sample',
  Phone: '555-0100',
  EmailAddress: 'sample@example.com',
  Date: '2024-02-29',
  LongNumber: '9007199254740993',
  Number: 7,
  Byte: 1,
  Decimal: -5.5,
  Boolean: true,
};

/** A sample value for an attribute, within its length. */
function sample(attribute: CatalogAttribute): unknown {
  const value = SAMPLE[attribute.dataType];
  return typeof value === 'string' && attribute.dataType === 'Text' && (attribute.length ?? 0) > 0
    ? value.slice(0, attribute.length)
    : value;
}

/** One row of `group` with every typed attribute set to a sample value. */
function sampleRow(group: CatalogGroup): Record<string, unknown> {
  return Object.fromEntries(group.attributes.map((a) => [a.graphqlName, sample(a)]));
}

const patches = (stack: Stack) => stack.emulator.calls.filter((c) => c.path === '/contacts/v1/contacts');
const tokenCalls = (stack: Stack) => stack.emulator.callCount('POST', '/v2/token');

describe('updateContact against the emulator', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.setOptions({ spelling: 'documented', unknownContact: 'fail' }));

  it('sends the seed mutation and maps the result into the payload', async () => {
    const before = stack.emulator.calls.length;
    const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const payload = res.data!.updateContact;
    expect(payload).toMatchObject({
      operationStatus: 'OK',
      retryable: false,
      rowsAffected: 1,
      contactKey: 'acruz@example.com',
      contactId: '12345678',
      contactTypeId: 0,
      isNewContactKey: false,
      hasErrors: false,
      messages: [],
      responseDateTime: null,
    });
    expect(payload.requestServiceMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.serviceMessageId).toMatch(/^[0-9a-f-]{36}$/);

    // The request id is ours: in the payload, the response header and the request's log line.
    expect(res.headers['x-request-id']).toBe(payload.requestId);
    const line = stack.logs.find((l) => l.requestId === payload.requestId);
    expect(line).toMatchObject({ event: 'graphql.request', operation: 'UpdateContact', outcome: 'OK', status: 200 });
    expect(line?.upstream).toEqual(expect.arrayContaining([expect.objectContaining({ endpoint: 'updateContact', status: 200 })]));

    // The emulator received exactly the previewed body and now holds the values.
    const preview = await stack.graphql(PreviewUpdateContactDocument, SEED_VARIABLES);
    const sent = stack.emulator.calls.slice(before).filter((c) => c.method === 'PATCH');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual(JSON.parse(preview.data!.updateContactPreview.json!));
    const contact = stack.emulator.getContact('acruz@example.com');
    expect(contact?.attributeSets['Email Addresses']).toEqual([{ 'Email Address': 'acruz@example.com', 'HTML Enabled': true }]);
    expect(contact?.attributeSets['Email Demographics']).toEqual([
      { 'Last Name': 'Cruz', 'First Name': 'Angela', 'Text Profile Attribute': 'value 1', 'Number Profile Attribute': 12345 },
    ]);
    expect(contact?.attributeSets['GroupConnect LINE Demographics']?.[0]).toMatchObject({ 'Display Name': 'display_name' });
  });

  it('a second update is an update: rows merge by their key, new keys add rows', async () => {
    const input = { contactKey: 'acruz@example.com' };
    await stack.graphql(UpdateContactDocument, {
      input: {
        ...input,
        emailAddresses: [{ emailAddress: 'acruz@example.com', htmlEnabled: false }, { emailAddress: 'angela@example.com' }],
      },
    });
    const res = await stack.graphql(UpdateContactDocument, {
      input: { ...input, emailAddresses: [{ emailAddress: 'angela@example.com', htmlEnabled: true }] },
    });
    expect(res.data?.updateContact.operationStatus).toBe('OK');
    expect(stack.emulator.getContact('acruz@example.com')?.attributeSets['Email Addresses']).toEqual([
      { 'Email Address': 'acruz@example.com', 'HTML Enabled': false },
      { 'Email Address': 'angela@example.com', 'HTML Enabled': true },
    ]);
  });

  it.each(standardCatalog.groups.map((g) => [g.graphqlName, g] as const))(
    'writes every typed attribute of %s',
    async (_name, group) => {
      const row = sampleRow(group);
      const input = { contactKey: 'acruz@example.com', [group.graphqlName]: group.cardinality === 'MANY' ? [row] : row };
      const res = await stack.graphql(UpdateContactDocument, { input: input as UpdateContactInput });
      expect(res.errors).toBeUndefined();
      expect(res.data?.updateContact.operationStatus).toBe('OK');
      const body = patches(stack).at(-1)!.body as { attributeSets: unknown };
      expect(body.attributeSets).toEqual([
        {
          name: group.sfmcName,
          items: [{ values: group.attributes.map((a) => ({ name: a.sfmcName, value: sample(a) })) }],
        },
      ]);
      const stored = stack.emulator.getContact('acruz@example.com')?.attributeSets[group.sfmcName] ?? [];
      expect(stored).toContainEqual(
        expect.objectContaining(Object.fromEntries(group.attributes.map((a) => [a.sfmcName, sample(a)]))),
      );
    },
  );

  it('sends extra (tenant) attributes of a typed group by name', async () => {
    const res = await stack.graphql(UpdateContactDocument, {
      input: {
        contactKey: 'acruz@example.com',
        emailDemographics: { extraAttributes: [{ name: 'Number Profile Attribute', value: '42' }] },
      },
    });
    expect(res.data?.updateContact.operationStatus).toBe('OK');
    expect(stack.emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']?.[0]).toMatchObject({
      'Number Profile Attribute': 42,
    });
  });

  it('sends other attribute groups through attributeSets', async () => {
    const res = await stack.graphql(UpdateContactDocument, {
      input: {
        contactKey: 'acruz@example.com',
        attributeSets: [
          {
            name: 'Preferences',
            items: [
              {
                values: [
                  { name: 'Newsletter Opt In', value: true },
                  { name: 'Preferred Language', value: 'pt-BR' },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(res.data?.updateContact.operationStatus).toBe('OK');
    expect(stack.emulator.getContact('acruz@example.com')?.attributeSets.Preferences).toEqual([
      { 'Newsletter Opt In': true, 'Preferred Language': 'pt-BR' },
    ]);
  });

  it("refuses a set or attribute the tenant's model lacks as INVALID, before sending (SFMC would FAIL it)", async () => {
    const before = stack.emulator.calls.length;
    const res = await stack.graphql(UpdateContactDocument, {
      input: {
        contactKey: 'acruz@example.com',
        emailDemographics: { extraAttributes: [{ name: 'Shoe Size', value: 44 }] },
        attributeSets: [{ name: 'Loyalty', items: [{ values: [{ name: 'Tier', value: 'gold' }] }] }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.data?.updateContact).toMatchObject({ operationStatus: 'INVALID', hasErrors: true, retryable: false });
    expect(res.data?.updateContact.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.emailDemographics.extraAttributes.0.name', 'UNKNOWN_ATTRIBUTE'],
      ['input.attributeSets.0.name', 'UNKNOWN_ATTRIBUTE_SET'],
    ]);
    expect(stack.emulator.calls.slice(before).filter((c) => c.method === 'PATCH')).toEqual([]);
  });

  it('reports an unknown contact key as FAIL by default, and as a new contact in create mode', async () => {
    const input = { contactKey: 'nobody@example.com', emailDemographics: { firstName: 'No' } };
    const fail = await stack.graphql(UpdateContactDocument, { input });
    expect(fail.data?.updateContact).toMatchObject({ operationStatus: 'FAIL', messages: [{ resultCode: 'ContactNotFound' }] });
    expect(stack.emulator.getContact('nobody@example.com')).toBeUndefined();

    stack.emulator.setOptions({ unknownContact: 'create' });
    const created = await stack.graphql(UpdateContactDocument, {
      input: { contactKey: 'new@example.com', emailAddresses: [{ emailAddress: 'new@example.com', htmlEnabled: true }] },
    });
    expect(created.data?.updateContact).toMatchObject({
      operationStatus: 'OK',
      isNewContactKey: true,
      contactKey: 'new@example.com',
    });
    expect(created.data?.updateContact.contactId).toMatch(/^\d+$/);
  });

  it('reads the live response spelling (rowsAffected, contactID, responseDateTime)', async () => {
    stack.emulator.setOptions({ spelling: 'live' });
    const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    expect(res.data?.updateContact).toMatchObject({ operationStatus: 'OK', rowsAffected: 1, contactId: '12345678' });
    expect(res.data?.updateContact.responseDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$/);
  });

  it('previews the PATCH body without calling SFMC', async () => {
    const before = stack.emulator.calls.length;
    const res = await stack.graphql(PreviewUpdateContactDocument, {
      input: { contactId: '12345678', emailAddresses: [{ emailAddress: 'a@example.com', htmlEnabled: true }] },
    });
    expect(res.data?.updateContactPreview).toEqual({
      method: 'PATCH',
      path: '/contacts/v1/contacts',
      userErrors: [],
      json: JSON.stringify({
        contactId: 12345678,
        attributeSets: [
          {
            name: 'Email Addresses',
            items: [
              {
                values: [
                  { name: 'Email Address', value: 'a@example.com' },
                  { name: 'HTML Enabled', value: true },
                ],
              },
            ],
          },
        ],
      }),
      body: {
        contactKey: null,
        contactId: '12345678',
        attributeSets: [
          {
            name: 'Email Addresses',
            items: [
              {
                values: [
                  { name: 'Email Address', value: 'a@example.com' },
                  { name: 'HTML Enabled', value: true },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(stack.emulator.calls.length).toBe(before);
  });

  it.each([
    ['neither contactKey nor contactId', { emailDemographics: { firstName: 'A' } }, [['input.contactKey', 'REQUIRED']]],
    [
      'an invalid email address',
      { contactKey: 'k', emailAddresses: [{ emailAddress: 'nope' }] },
      [['input.emailAddresses.0.emailAddress', 'INVALID_FORMAT']],
    ],
    [
      'an over-long value',
      { contactKey: 'k', emailDemographics: { lastName: 'x'.repeat(101) } },
      [['input.emailDemographics.lastName', 'TOO_LONG']],
    ],
    ['nothing to update', { contactKey: 'k' }, [['input', 'EMPTY']]],
    [
      'several problems at once',
      {
        contactKey: ' ',
        emailAddresses: [{ emailAddress: 'a@example.com' }, { emailAddress: 'nope' }],
        emailDemographics: { firstName: 'x'.repeat(101), extraAttributes: [{ name: 'first name', value: 'B' }] },
        mobileConnectDemographics: [{ mobileNumber: '555', status: 256 }],
      },
      [
        ['input.contactKey', 'BLANK'],
        ['input.emailAddresses.1.emailAddress', 'INVALID_FORMAT'],
        ['input.emailDemographics.firstName', 'TOO_LONG'],
        ['input.emailDemographics.extraAttributes.0.name', 'USE_TYPED_FIELD'],
        ['input.mobileConnectDemographics.0.status', 'OUT_OF_RANGE'],
      ],
    ],
  ])('refuses %s as INVALID with userErrors, over HTTP 200, and sends nothing', async (_what, input, expected) => {
    const before = stack.emulator.calls.length;
    const variables = { input: input as UpdateContactInput };
    const update = await stack.graphql(UpdateContactDocument, variables);
    const preview = await stack.graphql(PreviewUpdateContactDocument, variables);
    for (const res of [update, preview]) {
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
    const payload = update.data!.updateContact;
    expect(payload).toMatchObject({ operationStatus: 'INVALID', retryable: false, hasErrors: true, messages: [] });
    expect(payload.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual(expected);
    expect(payload.userErrors.every((e) => e.message !== '' && !e.message.startsWith('input'))).toBe(true);
    // The preview refuses the same input with the same userErrors, and shows no body.
    expect(preview.data!.updateContactPreview).toMatchObject({ body: null, json: null, userErrors: payload.userErrors });
    expect(stack.emulator.calls.length).toBe(before);
    expect(stack.logs.find((l) => l.requestId === payload.requestId)).toMatchObject({ outcome: 'INVALID', status: 200 });
  });

  it.each([
    ['a variable of the wrong type', { contactKey: 5, emailDemographics: { firstName: 'A' } }, 'String cannot represent'],
    [
      'an attribute value that is an object',
      { contactKey: 'k', emailDemographics: { extraAttributes: [{ name: 'X', value: { nested: true } }] } },
      'AttributeValue must be a string, a number or a boolean',
    ],
  ])('refuses %s in variables with BAD_USER_INPUT before executing', async (_what, input, text) => {
    const before = stack.emulator.calls.length;
    const res = await stack.post({ query: print(UpdateContactDocument), variables: { input } });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toContain(text);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('refuses an object literal as an attribute value at validation', async () => {
    const before = stack.emulator.calls.length;
    const res = await stack.post({
      query:
        'mutation { updateContact(input: { contactKey: "k", attributeSets: [{ name: "P", items: [{ values: [{ name: "a", value: { x: 1 } }] }] }] }) { operationStatus } }',
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(res.errors?.[0]?.message).toContain('AttributeValue must be a string, a number or a boolean');
    expect(stack.emulator.calls.length).toBe(before);
  });
});

describe('the OAuth2 token', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('is fetched once for many concurrent mutations', async () => {
    stack = await startStack();
    const results = await Promise.all(Array.from({ length: 20 }, () => stack.graphql(UpdateContactDocument, SEED_VARIABLES)));
    expect(results.map((r) => r.data?.updateContact.operationStatus)).toEqual(Array(20).fill('OK'));
    expect(tokenCalls(stack)).toBe(1);
    expect(patches(stack)).toHaveLength(20);
  });

  it('is refreshed before it expires, without a 401', async () => {
    stack = await startStack({ emulator: { tokenLifetimeSeconds: 2 } });
    await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    await sleep(1_100); // past the refresh point (half of a 2 s lifetime), before expiry
    const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    expect(res.data?.updateContact.operationStatus).toBe('OK');
    expect(tokenCalls(stack)).toBe(2);
    expect(patches(stack).map((c) => c.status)).toEqual([200, 200]);
  });

  it('is refreshed once and the call retried once on a 401', async () => {
    stack = await startStack();
    await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    stack.emulator.expireTokens();
    const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
    expect(res.data?.updateContact.operationStatus).toBe('OK');
    expect(stack.emulator.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'POST /v2/token 200',
      'PATCH /contacts/v1/contacts 200',
      'PATCH /contacts/v1/contacts 401',
      'POST /v2/token 200',
      'PATCH /contacts/v1/contacts 200',
    ]);
  });
});

describe('upstream failures', () => {
  it('reports refused client credentials as UPSTREAM_AUTH_FAILED without leaking them', async () => {
    const stack = await startStack({ clientSecret: 'not-the-secret-the-emulator-expects' });
    try {
      const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect(res.status).toBe(502);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', retryable: false });
      expect(res.errors?.[0]?.message).toContain('invalid_client');
      expect(stack.emulator.callCount('PATCH', '/contacts')).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('reports an unreachable SFMC as UPSTREAM_UNAVAILABLE', async () => {
    const stack = await startStack();
    const emulatorUrl = stack.emulator.url;
    await stack.emulator.close(); // nothing listens there any more
    try {
      const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect(res.status).toBe(503);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(JSON.stringify(res)).not.toContain(emulatorUrl);
    } finally {
      await stack.app.close();
      await stack.sfmc.close();
    }
  });
});

describe('secrets', () => {
  it("are looked for in every stack's responses and logs when it closes", () => {
    expect(() => assertNoSecrets(['{"ok":true}', 'log Bearer tok-123 line'], ['tok-123'])).toThrow(/leaked/);
    expect(() => assertNoSecrets(['{"ok":true}'], ['tok-123'])).not.toThrow();
  });

  it('never appear in responses or log lines', async () => {
    const stack = await startStack({
      emulator: { clientSecret: 'very-secret-value-123' },
      clientSecret: 'very-secret-value-123',
    });
    try {
      const bodies = [
        await stack.graphql(UpdateContactDocument, SEED_VARIABLES),
        await stack.graphql(UpdateContactDocument, { input: { contactKey: 'k' } }),
      ].map((r) => JSON.stringify(r));
      stack.emulator.expireTokens();
      bodies.push(JSON.stringify(await stack.graphql(UpdateContactDocument, SEED_VARIABLES)));
      const seen = [...bodies, stack.logText()].join('\n');
      expect(seen).not.toContain('very-secret-value-123');
      expect(seen).not.toMatch(/bearer/i);
      expect(seen).not.toContain('access_token');
    } finally {
      await stack.close();
    }
  });
});
