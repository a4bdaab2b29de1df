import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request, type Dispatcher } from 'undici';
import { startEmulator, type Emulator, type FaultKind } from '../../src/emulator/index.js';

/** The body of SFMC's documented example request (shared/seeds/patch-contacts-v1-contacts.txt). */
const SEED_BODY: unknown = JSON.parse(readFileSync(new URL('../fixtures/seed-patch-body.json', import.meta.url), 'utf8'));

const DOCUMENTATION = 'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';
const NOT_AUTHORIZED = { documentation: DOCUMENTATION, errorcode: 0, message: 'Not Authorized' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const DOCUMENTED_KEYS = [
  'operationStatus',
  'rowsAffetcted',
  'contactKey',
  'contactId',
  'contactTypeID',
  'isNewContactKey',
  'requestServiceMessageID',
  'hasErrors',
  'resultMessages',
  'serviceMessageID',
];
const LIVE_KEYS = [
  'operationStatus',
  'rowsAffected',
  'contactKey',
  'contactID',
  'contactTypeID',
  'isNewContactKey',
  'requestServiceMessageID',
  'responseDateTime',
  'hasErrors',
  'resultMessages',
  'serviceMessageID',
];

interface SetDefinition {
  id: string;
  key: string;
  name: { value: string };
  relationships: { relationshipType: string }[];
  attributes: { id: string; key: string }[];
}

/** The fields of the emulator's answers that tests read one by one; the rest is compared whole. */
interface AnswerBody {
  access_token?: string;
  expires_in?: number;
  token_type?: string;
  rest_instance_url?: string;
  scope?: string;
  error?: string;
  error_description?: string;
  errorcode?: number;
  operationStatus?: string;
  contactId?: number;
  requestServiceMessageID?: string;
  serviceMessageID?: string;
  responseDateTime?: string;
  resultMessages?: { resultCode: string; message: string }[];
  items?: SetDefinition[];
}

interface Reply<B = AnswerBody> {
  status: number;
  body: B;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

async function call<B = AnswerBody>(
  emulator: Emulator,
  method: Dispatcher.HttpMethod,
  path: string,
  options: CallOptions = {},
): Promise<Reply<B>> {
  const json = options.body !== undefined;
  const response = await request(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: json ? JSON.stringify(options.body) : options.rawBody,
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: (text === '' ? {} : JSON.parse(text)) as B };
}

const credentials = (emulator: Emulator) => ({
  grant_type: 'client_credentials',
  client_id: emulator.clientId,
  client_secret: emulator.clientSecret,
});

async function tokenFor(emulator: Emulator): Promise<string> {
  const reply = await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) });
  expect(reply.status).toBe(200);
  return String(reply.body.access_token);
}

const patch = (emulator: Emulator, token: string, body: unknown) =>
  call(emulator, 'PATCH', '/contacts/v1/contacts', { body, token });

type Row = Record<string, unknown>;

const values = (row: Row) => Object.entries(row).map(([name, value]) => ({ name, value }));

/** A PATCH body for `contactKey` with one attribute set, one item per row. */
const patchBody = (contactKey: string, setName: string, ...rows: Row[]) => ({
  contactKey,
  attributeSets: [{ name: setName, items: rows.map((row) => ({ values: values(row) })) }],
});

const oneSet = (setName: string, ...rows: Row[]) => patchBody('acruz@example.com', setName, ...rows);

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('POST /v2/token', () => {
  it('issues a bearer token in the documented spelling', async () => {
    const body = { ...credentials(emulator), account_id: '12345' };
    const reply = await call(emulator, 'POST', '/v2/token', { body });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual([
      'access_token',
      'expires_in',
      'token_type',
      'rest_instance_url',
      'soap_instance_url',
      'scope',
    ]);
    expect(reply.body.access_token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(reply.body.expires_in).toBe(1080);
    expect(reply.body.token_type).toBe('Bearer');
    expect(reply.body.rest_instance_url).toBe(new URL(emulator.url).host);
    expect(reply.body.scope).toBe('list_and_subscribers_read list_and_subscribers_write');
  });

  it('echoes the requested scope and gives the full instance URL in the live spelling', async () => {
    emulator.setOptions({ spelling: 'live' });
    try {
      const body = { ...credentials(emulator), scope: 'email_read' };
      const reply = await call(emulator, 'POST', '/v2/token', { body });
      expect(reply.body.rest_instance_url).toBe(`${emulator.url}/`);
      expect(reply.body.scope).toBe('email_read');
    } finally {
      emulator.setOptions({ spelling: 'documented' });
    }
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const reply = await call(emulator, 'POST', '/v2/token', {
      body: { ...credentials(emulator), client_secret: 'wrong' },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      error: 'invalid_client',
      error_description:
        'Client authentication failed. Make sure that the client ID and client secret are valid ' +
        'and that the package is installed and enabled.',
      error_uri: 'https://developer.salesforce.com/docs',
    });
  });

  it('refuses another grant type and a body that is not JSON', async () => {
    const body = { ...credentials(emulator), grant_type: 'password' };
    const grant = await call(emulator, 'POST', '/v2/token', { body });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({
      error: 'unsupported_grant_type',
      error_uri: 'https://developer.salesforce.com/docs',
    });
    expect(grant.body.error_description).toEqual(expect.any(String));

    const notJson = await call(emulator, 'POST', '/v2/token', { rawBody: 'grant_type=client_credentials' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_request');
  });
});

describe('bearer tokens on /contacts routes', () => {
  const definitions = (e: Emulator, bearer?: string) =>
    call(e, 'GET', '/contacts/v1/attributeSetDefinitions', bearer === undefined ? {} : { token: bearer });

  it('answers 401 without a token and with a token it never issued', async () => {
    for (const reply of [await definitions(emulator), await definitions(emulator, 'bogus')]) {
      expect(reply.status).toBe(401);
      expect(Object.keys(reply.body)).toEqual(['documentation', 'errorcode', 'message']);
      expect(reply.body).toEqual(NOT_AUTHORIZED);
    }
    expect((await patch(emulator, 'bogus', SEED_BODY)).status).toBe(401);
  });

  it('answers 401 once tokens are expired, by the API or the admin route', async () => {
    const first = await tokenFor(emulator);
    expect((await definitions(emulator, first)).status).toBe(200);
    emulator.expireTokens();
    expect((await definitions(emulator, first)).body).toEqual(NOT_AUTHORIZED);

    const second = await tokenFor(emulator);
    expect((await call(emulator, 'POST', '/__emulator/expire-tokens')).status).toBe(204);
    expect((await definitions(emulator, second)).status).toBe(401);
  });

  it('answers 401 when the token lifetime has passed', async () => {
    const shortLived = await startEmulator({ tokenLifetimeSeconds: 1 });
    try {
      const reply = await call(shortLived, 'POST', '/v2/token', { body: credentials(shortLived) });
      expect(reply.body.expires_in).toBe(1);
      const shortToken = String(reply.body.access_token);
      expect((await definitions(shortLived, shortToken)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await definitions(shortLived, shortToken)).status).toBe(401);
    } finally {
      await shortLived.close();
    }
  });
});

describe('PATCH /contacts/v1/contacts', () => {
  beforeEach(async () => {
    emulator.reset();
    emulator.setOptions({ spelling: 'documented', unknownContact: 'fail' });
    token = await tokenFor(emulator);
  });

  it('accepts the seed request with exactly the documented keys', async () => {
    const reply = await patch(emulator, token, SEED_BODY);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(DOCUMENTED_KEYS);
    expect(reply.body).toMatchObject({
      operationStatus: 'OK',
      rowsAffetcted: 1,
      contactKey: 'acruz@example.com',
      contactId: 12345678,
      contactTypeID: 0,
      isNewContactKey: false,
      hasErrors: false,
      resultMessages: [],
    });
    expect(reply.body.requestServiceMessageID).toMatch(UUID);
    expect(reply.body.serviceMessageID).toMatch(UUID);
  });

  it('answers in the live spelling when asked to', async () => {
    emulator.setOptions({ spelling: 'live' });
    const reply = await patch(emulator, token, SEED_BODY);
    expect(Object.keys(reply.body)).toEqual(LIVE_KEYS);
    expect(reply.body).toMatchObject({ operationStatus: 'OK', rowsAffected: 1, contactID: 12345678 });
    expect(reply.body.responseDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}[+-]\d{2}:\d{2}$/);
  });

  it('stores the values normalised by their data types', async () => {
    await patch(emulator, token, SEED_BODY);
    const sets = emulator.getContact('acruz@example.com')?.attributeSets;
    expect(sets?.['Email Addresses']).toEqual([{ 'Email Address': 'acruz@example.com', 'HTML Enabled': true }]);
    expect(sets?.['Email Demographics']).toEqual([
      {
        'Last Name': 'Cruz',
        'First Name': 'Angela',
        'Text Profile Attribute': 'value 1',
        'Number Profile Attribute': 12345,
      },
    ]);
    expect(sets?.['MobilePush Demographics']).toEqual([{ 'Device ID': '958405948', Application: '958405948' }]);
    expect(sets?.['GroupConnect LINE Subscriptions']).toEqual([
      { 'Address ID': 'addressId_from_api', 'Channel ID': '1234567890' },
    ]);
  });

  it('merges a row with the same primary key and adds a row for a new one', async () => {
    const reply = await patch(
      emulator,
      token,
      oneSet(
        'Email Addresses',
        { 'Email Address': 'acruz@example.com', 'HTML Enabled': '1' },
        { 'Email Address': 'angela@example.com', 'HTML Enabled': false },
      ),
    );
    expect(reply.body.operationStatus).toBe('OK');
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Addresses']).toEqual([
      { 'Email Address': 'acruz@example.com', 'HTML Enabled': true },
      { 'Email Address': 'angela@example.com', 'HTML Enabled': false },
    ]);
  });

  it('merges a one-per-contact set attribute by attribute, and null clears a nullable attribute', async () => {
    await patch(emulator, token, oneSet('Email Demographics', { 'First Name': 'Angela', 'Last Name': 'Cruz' }));
    await patch(emulator, token, oneSet('Email Demographics', { 'Last Name': null, 'Text Profile Attribute': 'x' }));
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']).toEqual([
      { 'First Name': 'Angela', 'Text Profile Attribute': 'x' },
    ]);
  });

  it('matches names without regard to case and accepts contactID as a numeric string', async () => {
    const reply = await patch(emulator, token, {
      contactID: '12345678',
      attributeSets: [{ name: 'preferences', items: [{ values: [{ name: 'NEWSLETTER OPT IN', value: 'false' }] }] }],
    });
    expect(reply.body).toMatchObject({ operationStatus: 'OK', contactKey: 'acruz@example.com', contactId: 12345678 });
    const preferences = emulator.getContact('acruz@example.com')?.attributeSets.Preferences;
    expect(preferences).toEqual([{ 'Newsletter Opt In': false }]);
  });

  const email = (address: unknown, htmlEnabled: unknown) => ({ 'Email Address': address, 'HTML Enabled': htmlEnabled });
  const failures: [string, unknown, string][] = [
    ['neither key nor id', { attributeSets: [] }, 'ContactKeyOrIdRequired'],
    ['an unknown key', { contactKey: 'nobody@example.com', attributeSets: [] }, 'ContactNotFound'],
    ['an unknown id', { contactId: 999, attributeSets: [] }, 'ContactNotFound'],
    ['the key and id of different contacts', { ...oneSet('Preferences'), contactId: 1 }, 'ContactKeyIdMismatch'],
    ['an unknown set', oneSet('Loyalty', { Tier: 'gold' }), 'AttributeSetNotFound'],
    [
      'the same set twice',
      {
        ...oneSet('Preferences'),
        attributeSets: [
          { name: 'Preferences', items: [] },
          { name: 'PREFERENCES', items: [] },
        ],
      },
      'DuplicateAttributeSet',
    ],
    ['an unknown attribute', oneSet('Email Demographics', { Nickname: 'Angie' }), 'AttributeNotFound'],
    [
      'the same attribute twice in a row',
      {
        ...oneSet('Email Demographics'),
        attributeSets: [
          {
            name: 'Email Demographics',
            items: [{ values: [...values({ 'First Name': 'A' }), ...values({ 'first name': 'B' })] }],
          },
        ],
      },
      'DuplicateAttribute',
    ],
    ['a value of the wrong type', oneSet('Email Addresses', email('a@example.com', 'maybe')), 'InvalidAttributeValue'],
    ['an over-long text', oneSet('Email Demographics', { 'First Name': 'x'.repeat(101) }), 'InvalidAttributeValue'],
    ['null for a non-nullable attribute', oneSet('Email Addresses', email('a@example.com', null)), 'InvalidAttributeValue'],
    [
      'two items for a one-per-contact set',
      oneSet('Email Demographics', { 'First Name': 'A' }, { 'First Name': 'B' }),
      'TooManyItems',
    ],
    ['a row without its primary key', oneSet('MobilePush Demographics', { 'Device ID': 'd1' }), 'PrimaryKeyRequired'],
    ['a null primary key', oneSet('Email Addresses', email(null, true)), 'PrimaryKeyRequired'],
  ];

  it.each(failures)('fails with 200 and FAIL for %s', async (_, body, code) => {
    const reply = await patch(emulator, token, body);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(DOCUMENTED_KEYS);
    expect(reply.body).toMatchObject({ operationStatus: 'FAIL', rowsAffetcted: 0, isNewContactKey: false });
    expect(reply.body).toMatchObject({ hasErrors: true });
    expect(reply.body.resultMessages).toEqual([
      { resultType: 'Validation', resultClass: 'Error', resultCode: code, message: expect.any(String) },
    ]);
  });

  it('explains an invalid value with the attribute and the reason', async () => {
    const reply = await patch(emulator, token, oneSet('Email Demographics', { 'First Name': 'x'.repeat(101) }));
    const message = reply.body.resultMessages?.[0]?.message;
    expect(message).toContain("'First Name'");
    expect(message).toContain('must be at most 100 characters');
  });

  it('reports every problem at once and applies nothing', async () => {
    const reply = await patch(emulator, token, {
      contactKey: 'acruz@example.com',
      attributeSets: [
        { name: 'Email Demographics', items: [{ values: [{ name: 'First Name', value: 'Angela' }] }] },
        { name: 'Email Addresses', items: [{ values: [{ name: 'HTML Enabled', value: 'nope' }] }] },
        { name: 'Loyalty', items: [] },
      ],
    });
    expect(reply.body).toMatchObject({ operationStatus: 'FAIL', contactKey: 'acruz@example.com', contactId: 12345678 });
    expect(reply.body.resultMessages?.map((m) => m.resultCode)).toEqual([
      'InvalidAttributeValue',
      'PrimaryKeyRequired',
      'AttributeSetNotFound',
    ]);
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']).toBeUndefined();
  });

  it('reports an unknown contact with contactId 0', async () => {
    const reply = await patch(emulator, token, oneSet('Preferences', { 'Favorite Store': 7 }));
    expect(reply.body.contactId).toBe(12345678);
    const unknown = await patch(emulator, token, patchBody('new@example.com', 'Preferences', { 'Favorite Store': 7 }));
    expect(unknown.body).toMatchObject({ operationStatus: 'FAIL', contactKey: 'new@example.com', contactId: 0 });
    expect(emulator.getContact('new@example.com')).toBeUndefined();
  });

  it("creates an unknown contact in 'create' mode", async () => {
    emulator.setOptions({ unknownContact: 'create' });
    const row = { 'Email Address': 'new@example.com', 'HTML Enabled': true };
    const body = patchBody('new@example.com', 'Email Addresses', row);
    const created = await patch(emulator, token, body);
    expect(created.body).toMatchObject({
      operationStatus: 'OK',
      contactKey: 'new@example.com',
      contactId: 10000001,
      isNewContactKey: true,
    });
    expect(emulator.getContact('new@example.com')).toEqual({
      contactKey: 'new@example.com',
      contactId: 10000001,
      attributeSets: { 'Email Addresses': [row] },
    });
    const again = await patch(emulator, token, body);
    expect(again.body).toMatchObject({ operationStatus: 'OK', contactId: 10000001, isNewContactKey: false });
  });

  it("does not create a contact in 'create' mode when the request fails", async () => {
    const creating = await startEmulator({ unknownContact: 'create', seedContacts: false });
    try {
      const bearer = await tokenFor(creating);
      const reply = await patch(creating, bearer, patchBody('new@example.com', 'Loyalty', {}));
      expect(reply.body).toMatchObject({ operationStatus: 'FAIL', contactId: 0, isNewContactKey: false });
      expect(creating.getContact('new@example.com')).toBeUndefined();
      expect(creating.getContact('acruz@example.com')).toBeUndefined();
    } finally {
      await creating.close();
    }
  });

  it('refuses a body that is not JSON by its content type or its text', async () => {
    const unsupported = { message: 'Unsupported Media Type', errorcode: 0, documentation: DOCUMENTATION };
    const plain = await call(emulator, 'PATCH', '/contacts/v1/contacts', {
      token,
      rawBody: JSON.stringify(SEED_BODY),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect(plain.body).toEqual(unsupported);
    const none = await call(emulator, 'PATCH', '/contacts/v1/contacts', { token, rawBody: JSON.stringify(SEED_BODY) });
    expect(none.status).toBe(415);

    const broken = await call(emulator, 'PATCH', '/contacts/v1/contacts', {
      token,
      rawBody: '{"contactKey": "acruz@example.com",',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ message: 'Invalid Message Format', errorcode: 10004, documentation: DOCUMENTATION });
  });

  it.each([
    ['an array body', []],
    ['no attributeSets', { contactKey: 'acruz@example.com' }],
    ['attributeSets not an array', { contactKey: 'acruz@example.com', attributeSets: {} }],
  ])('answers 400 Missing Required Field for %s', async (_, body) => {
    const reply = await patch(emulator, token, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: 'Missing Required Field', errorcode: 10002, documentation: DOCUMENTATION });
  });

  it.each([
    ['a set without a name', [{ items: [] }]],
    ['a set without items', [{ name: 'Preferences' }]],
    ['an item without values', [{ name: 'Preferences', items: [{}] }]],
    ['a value without a name', [{ name: 'Preferences', items: [{ values: [{ value: 1 }] }] }]],
    ['an object value', [{ name: 'Preferences', items: [{ values: [{ name: 'Favorite Store', value: { n: 1 } }] }] }]],
    ['a missing value', [{ name: 'Preferences', items: [{ values: [{ name: 'Favorite Store' }] }] }]],
  ])('answers 400 Invalid Data Type for %s', async (_, attributeSets) => {
    const reply = await patch(emulator, token, { contactKey: 'acruz@example.com', attributeSets });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: 'Invalid Data Type', errorcode: 10001, documentation: DOCUMENTATION });
  });

  it('answers 400 Invalid Data Type for a contact id that is not a number', async () => {
    const reply = await patch(emulator, token, { contactId: 'abc', attributeSets: [] });
    expect(reply.body.errorcode).toBe(10001);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const reply = await call(emulator, 'PATCH', '/contacts/v1/contacts', {
      token,
      rawBody: JSON.stringify({ contactKey: 'x'.repeat(1024 * 1024), attributeSets: [] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(413);
  });
});

describe('routing', () => {
  beforeAll(async () => {
    token = await tokenFor(emulator);
  });

  it('answers 404 Object Not Found for an unknown route', async () => {
    for (const path of ['/contacts/v1/nothing', '/v3/anything']) {
      const reply = await call(emulator, 'GET', path, { token });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ message: 'Object Not Found', errorcode: 30003, documentation: DOCUMENTATION });
    }
  });

  it('answers 400 Invalid Operation for a wrong method on a known route', async () => {
    const wrong = [
      ['GET', '/contacts/v1/contacts'],
      ['GET', '/v2/token'],
      ['DELETE', '/contacts/v1/attributeSetDefinitions'],
    ] as const;
    for (const [method, path] of wrong) {
      const reply = await call(emulator, method, path, { token });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ message: 'Invalid Operation', errorcode: 30001, documentation: DOCUMENTATION });
    }
  });
});

describe('GET /contacts/v1/attributeSetDefinitions', () => {
  const pull = async (e: Emulator, query: string) =>
    call(e, 'GET', `/contacts/v1/attributeSetDefinitions${query}`, { token: await tokenFor(e) });

  it('pages through every attribute set', async () => {
    const names: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const reply = await pull(emulator, `?$page=${page}&$pageSize=2`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        page,
        pageSize: 2,
        count: 8,
        links: { self: { href: '/v1/attributeSetDefinitions' }, schema: { href: '/v1/schema' } },
        resultMessages: [],
      });
      expect(reply.body.items).toHaveLength(page <= 4 ? 2 : 0);
      names.push(...(reply.body.items ?? []).map((item) => item.name.value));
    }
    expect(names).toEqual([
      'Email Addresses',
      'Email Demographics',
      'MobileConnect Demographics',
      'MobilePush Demographics',
      'GroupConnect LINE Addresses',
      'GroupConnect LINE Subscriptions',
      'GroupConnect LINE Demographics',
      'Preferences',
    ]);
  });

  it('defaults to page 1 of 50 and accepts the plain parameter names', async () => {
    const all = await pull(emulator, '');
    expect(all.body).toMatchObject({ page: 1, pageSize: 50, count: 8 });
    expect(all.body.items).toHaveLength(8);
    const plain = await pull(emulator, '?page=2&pageSize=3');
    expect(plain.body.items?.map((item) => item.key)).toEqual([
      'PushDemographics',
      'GroupConnectLineAddress',
      'GroupConnectLineSubscriptions',
    ]);
    expect((await pull(emulator, '?$page=0')).status).toBe(400);
  });

  it('describes sets and attributes in SFMC list shape, with cardinality as a relationship', async () => {
    const items = (await pull(emulator, '')).body.items ?? [];
    const byKey = new Map(items.map((item) => [item.key, item]));
    const emails = byKey.get('EmailAddresses');
    expect(emails).toMatchObject({
      name: { value: 'Email Addresses' },
      fullyQualifiedName: 'Email Addresses',
      isSendable: true,
      isSystemDefined: true,
      relationships: [
        {
          relationshipType: 'OneToMany',
          leftItem: { relationshipType: 'Set', identifier: 'Contact' },
          rightItem: { relationshipType: 'Set', identifier: 'EmailAddresses' },
        },
      ],
    });
    expect(emails?.id).toMatch(UUID);
    expect(emails?.attributes[0]).toMatchObject({
      key: 'EmailAddress',
      name: { value: 'Email Address' },
      dataType: 'EmailAddress',
      isPrimaryKey: true,
      isNullable: false,
      displayOrder: 1,
      length: 254,
      fullyQualifiedName: 'Email Addresses.Email Address',
      parentId: emails?.id,
      isSystemDefined: true,
      parentType: 'Set',
      objectState: 'Created',
    });
    expect(emails?.attributes[1]).not.toHaveProperty('length');

    const demographics = byKey.get('EmailDemographics');
    expect(demographics?.relationships[0]?.relationshipType).toBe('OneToOne');
    const custom = demographics?.attributes.find((a) => a.key === 'NumberProfileAttribute');
    expect(custom).toMatchObject({ dataType: 'Number', isSystemDefined: false });
    expect(byKey.get('Preferences')).toMatchObject({ isSystemDefined: false, canRemove: true });
  });

  it('gives the same ids on every emulator', async () => {
    const other = await startEmulator();
    try {
      const items = async (e: Emulator) => JSON.stringify((await pull(e, '?$pageSize=100')).body.items);
      expect(await items(other)).toBe(await items(emulator));
    } finally {
      await other.close();
    }
  });
});

interface SearchValue {
  id: string;
  key: string;
  name: string;
  value: string | null;
}

interface AttributeSearchBody {
  page: number;
  pageSize: number;
  count: number;
  items: { values: SearchValue[] }[];
  responseDateTime: string;
}

interface EmailSearchBody {
  channelAddressResponseEntities: { contactKeyDetails: { contactKey: string; createDate: string }[] }[];
}

const ATTRIBUTE_SEARCH_KEYS = [
  'page',
  'pageSize',
  'count',
  'items',
  'links',
  'requestServiceMessageID',
  'responseDateTime',
  'resultMessages',
  'serviceMessageID',
];
const EMAIL_SEARCH_KEYS = ['channelAddressResponseEntities', 'requestServiceMessageID', 'resultMessages', 'serviceMessageID'];

const GATEWAY_400 = {
  10001: { message: 'Invalid Data Type', errorcode: 10001, documentation: DOCUMENTATION },
  10002: { message: 'Missing Required Field', errorcode: 10002, documentation: DOCUMENTATION },
  10004: { message: 'Invalid Message Format', errorcode: 10004, documentation: DOCUMENTATION },
  10005: { message: 'Invalid Value', errorcode: 10005, documentation: DOCUMENTATION },
} as const;

const LOCAL_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * Contacts for the search tests, made by PATCH in 'create' mode in this order (ids
 * 10000001-10000003) next to the seeded acruz@example.com (id 12345678).
 */
async function seedSearchContacts(bearer: string): Promise<void> {
  emulator.setOptions({ unknownContact: 'create' });
  const email = (address: string, htmlEnabled: boolean) => ({ 'Email Address': address, 'HTML Enabled': htmlEnabled });
  const bodies = [
    {
      contactKey: 'k1',
      attributeSets: [
        { name: 'Email Addresses', items: [email('k1a@example.com', true), email('k1b@example.com', false)] },
        { name: 'Email Demographics', items: [{ 'First Name': 'Kim' }] },
      ].map(({ name, items }) => ({ name, items: items.map((row) => ({ values: values(row) })) })),
    },
    patchBody('k2', 'Email Addresses', email('k2@example.com', true)),
    patchBody('k3', 'Email Demographics', { 'First Name': 'Lee' }),
    patchBody('acruz@example.com', 'Email Demographics', { 'First Name': 'Angela' }),
  ];
  for (const body of bodies) expect((await patch(emulator, bearer, body)).body.operationStatus).toBe('OK');
}

describe('search routes', () => {
  beforeEach(async () => {
    emulator.reset();
    token = await tokenFor(emulator);
    await seedSearchContacts(token);
  });

  afterAll(() => {
    emulator.setOptions({ unknownContact: 'fail' });
  });

  describe('POST /contacts/v1/attributes/search', () => {
    const ATTRIBUTES = [
      'Contact.Contact Key',
      'Contact.Contact ID',
      'Email Addresses.Email Address',
      'Email Addresses.HTML Enabled',
      'Email Demographics.First Name',
      'Email Demographics.Last Name',
    ];
    const condition = (key: string, operator: string, ...items: unknown[]) => ({
      attribute: { key },
      operator,
      value: { items },
    });
    const searchBody = (conditions: unknown[], operator = 'And', keys = ATTRIBUTES) => ({
      request: { attributes: keys.map((key) => ({ key })) },
      conditionSet: { operator, conditionSets: [], conditions },
    });
    const search = (body: unknown, query = '') =>
      call<AttributeSearchBody>(emulator, 'POST', `/contacts/v1/attributes/search${query}`, { body, token });
    const contactKeys = (reply: Reply<AttributeSearchBody>) => reply.body.items.map((item) => item.values[0]?.value);
    const byCondition = (key: string, operator: string, ...items: unknown[]) => searchBody([condition(key, operator, ...items)]);
    const byKey = (...keys: string[]) => byCondition('Contact.Contact Key', 'In', ...keys);

    it('answers text values by contact id, one entry per row of a many-rows set', async () => {
      const reply = await search(byKey('acruz@example.com', 'k3', 'k1', 'nobody'));
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body)).toEqual(ATTRIBUTE_SEARCH_KEYS);
      expect(reply.body).toMatchObject({
        page: 1,
        pageSize: 50,
        count: 3,
        links: { self: { href: '/v1/attributes/search' } },
        resultMessages: [],
      });
      expect(reply.body.responseDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:]{8}\.\d{7}[+-]\d{2}:\d{2}$/);
      const pairs = reply.body.items.map((item) => item.values.map((v) => [v.key.split('.')[1], v.value]));
      expect(pairs).toEqual([
        [
          ['Contact Key', 'k1'],
          ['Contact ID', '10000001'],
          ['Email Address', 'k1a@example.com'],
          ['HTML Enabled', 'true'],
          ['Email Address', 'k1b@example.com'],
          ['HTML Enabled', 'false'],
          ['First Name', 'Kim'],
          ['Last Name', null],
        ],
        [
          ['Contact Key', 'k3'],
          ['Contact ID', '10000003'],
          ['First Name', 'Lee'],
          ['Last Name', null],
        ],
        [
          ['Contact Key', 'acruz@example.com'],
          ['Contact ID', '12345678'],
          ['Email Address', 'acruz@example.com'],
          ['HTML Enabled', 'false'],
          ['First Name', 'Angela'],
          ['Last Name', null],
        ],
      ]);
    });

    it('names values by the model and gives attributes the ids of attributeSetDefinitions', async () => {
      const reply = await search(
        searchBody([condition('contact.contact key', 'Equals', 'k2')], 'And', [
          'CONTACT.contact key',
          'email addresses.EMAIL ADDRESS',
        ]),
      );
      const [contactKey, emailAddress] = reply.body.items[0]?.values ?? [];
      const definitions = await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token });
      const emailAttribute = definitions.body.items?.find((set) => set.key === 'EmailAddresses')?.attributes[0];
      expect(emailAddress).toEqual({
        id: emailAttribute?.id,
        key: 'Email Addresses.Email Address',
        name: 'Email Address',
        value: 'k2@example.com',
      });
      expect(contactKey).toMatchObject({ key: 'Contact.Contact Key', name: 'Contact Key', value: 'k2' });
      expect(contactKey?.id).toMatch(UUID);
      const again = await search(byKey('k1'));
      expect(again.body.items[0]?.values[0]?.id).toBe(contactKey?.id);
    });

    it('matches a set attribute in any row, without regard to case, on normalised values', async () => {
      const email = await search(byCondition('Email Addresses.Email Address', 'Equals', 'K1B@Example.COM'));
      expect(contactKeys(email)).toEqual(['k1']);
      const html = await search(byCondition('Email Addresses.HTML Enabled', 'Equals', '1'));
      expect(contactKeys(html)).toEqual(['k1', 'k2']);
      const names = await search(byCondition('Email Demographics.First Name', 'In', 'kim', 'LEE', 'nobody'));
      expect(contactKeys(names)).toEqual(['k1', 'k3']);
      const notAnEmail = await search(byCondition('Email Addresses.Email Address', 'Equals', 'not an email'));
      expect(notAnEmail.body).toMatchObject({ count: 0, items: [] });
    });

    it('matches Contact ID by number or numeric string and Contact Key exactly', async () => {
      const ids = await search(byCondition('Contact.Contact ID', 'In', '12345678', 10000002));
      expect(contactKeys(ids)).toEqual(['k2', 'acruz@example.com']);
      expect(contactKeys(await search(byCondition('Contact.Contact ID', 'Equals', 10000003)))).toEqual(['k3']);
      expect((await search(byKey('K1'))).body.count).toBe(0);
    });

    it('combines conditions with And or Or', async () => {
      const conditions = [
        condition('Contact.Contact Key', 'Equals', 'k2'),
        condition('Email Demographics.First Name', 'Equals', 'angela'),
      ];
      expect(contactKeys(await search(searchBody(conditions, 'Or')))).toEqual(['k2', 'acruz@example.com']);
      expect((await search(searchBody(conditions, 'And'))).body).toMatchObject({ count: 0, items: [] });
      const both = [condition('Contact.Contact ID', 'In', 10000001, 10000002), condition('Contact.Contact Key', 'In', 'k2')];
      expect(contactKeys(await search(searchBody(both, 'and')))).toEqual(['k2']);
    });

    it('pages through the matches by $page/$pageSize or page/pageSize', async () => {
      const all = byKey('k1', 'k2', 'k3', 'acruz@example.com');
      const first = await search(all, '?$page=1&$pageSize=3');
      expect(first.body).toMatchObject({ page: 1, pageSize: 3, count: 4 });
      expect(contactKeys(first)).toEqual(['k1', 'k2', 'k3']);
      const second = await search(all, '?page=2&pageSize=3');
      expect(second.body).toMatchObject({ page: 2, pageSize: 3, count: 4 });
      expect(contactKeys(second)).toEqual(['acruz@example.com']);
      expect((await search(all, '?$page=3&$pageSize=3')).body).toMatchObject({ count: 4, items: [] });
      expect((await search(all, '?$pageSize=50')).body.items).toHaveLength(4);
    });

    const valid = byKey('k1');
    const withConditionSet = (conditionSet: unknown) => ({ ...valid, conditionSet });
    const withCondition = (...conditions: unknown[]) => searchBody(conditions);
    const refused: [string, unknown, keyof typeof GATEWAY_400][] = [
      ['an array body', [], 10002],
      ['no request', { conditionSet: valid.conditionSet }, 10002],
      ['no request.attributes', { ...valid, request: {} }, 10002],
      ['request.attributes not an array', { ...valid, request: { attributes: {} } }, 10005],
      ['no attributes', searchBody(valid.conditionSet.conditions, 'And', []), 10005],
      ['an attribute without a key', { ...valid, request: { attributes: [{}] } }, 10002],
      ['an attribute key that is not a string', { ...valid, request: { attributes: [{ key: 7 }] } }, 10005],
      ['an attribute key without a set', searchBody(valid.conditionSet.conditions, 'And', ['Email Address']), 10005],
      ['an unknown set', searchBody(valid.conditionSet.conditions, 'And', ['Loyalty.Tier']), 10005],
      ['an unknown attribute', searchBody(valid.conditionSet.conditions, 'And', ['Email Addresses.Nickname']), 10005],
      ['an unknown Contact attribute', searchBody(valid.conditionSet.conditions, 'And', ['Contact.Status']), 10005],
      [
        'the same attribute twice',
        searchBody(valid.conditionSet.conditions, 'And', ['Contact.Contact Key', 'contact.contact key']),
        10005,
      ],
      ['no conditionSet', { request: valid.request }, 10002],
      ['no conditionSet operator', withConditionSet({ conditions: valid.conditionSet.conditions }), 10002],
      ['an unknown conditionSet operator', searchBody(valid.conditionSet.conditions, 'Xor'), 10005],
      ['nested condition sets', withConditionSet({ ...valid.conditionSet, conditionSets: [valid.conditionSet] }), 10005],
      ['no conditions', withConditionSet({ operator: 'And', conditionSets: [] }), 10002],
      ['an empty conditions list', withCondition(), 10005],
      ['a condition on an unknown attribute', withCondition(condition('Email Addresses.Nickname', 'In', 'x')), 10005],
      [
        'a condition without an operator',
        withCondition({ attribute: { key: 'Contact.Contact Key' }, value: { items: ['k1'] } }),
        10002,
      ],
      ['an unknown condition operator', withCondition(condition('Contact.Contact Key', 'Like', 'k%')), 10005],
      ['Equals with two items', withCondition(condition('Contact.Contact Key', 'Equals', 'k1', 'k2')), 10005],
      ['In without items', withCondition(condition('Contact.Contact Key', 'In')), 10005],
      ['a condition without items', withCondition({ ...condition('Contact.Contact Key', 'In'), value: {} }), 10002],
      ['an object item', withCondition(condition('Contact.Contact Key', 'In', { key: 'k1' })), 10005],
      ['a Contact ID that is not a number', withCondition(condition('Contact.Contact ID', 'Equals', 'k1')), 10005],
    ];

    it.each(refused)('answers 400 for %s', async (_, body, errorcode) => {
      const reply = await search(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(GATEWAY_400[errorcode]);
    });

    it.each(['?$pageSize=51', '?pageSize=0', '?$page=0', '?$page=x'])('answers 400 Invalid Value for %s', async (q) => {
      const reply = await search(valid, q);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(GATEWAY_400[10005]);
    });

    it('refuses a body that is not JSON by its content type or its text', async () => {
      const path = '/contacts/v1/attributes/search';
      const plain = await call(emulator, 'POST', path, { token, rawBody: JSON.stringify(valid) });
      expect(plain.status).toBe(415);
      const broken = await call(emulator, 'POST', path, {
        token,
        rawBody: '{"request":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.body).toEqual(GATEWAY_400[10004]);
    });

    it('answers 401 without a token and records every call', async () => {
      const reply = await call(emulator, 'POST', '/contacts/v1/attributes/search', { body: valid });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(NOT_AUTHORIZED);
      await search(valid, '?$page=2');
      expect(emulator.callCount('POST', '/contacts/v1/attributes/search')).toBe(2);
      expect(emulator.calls.at(-1)).toEqual({
        method: 'POST',
        path: '/contacts/v1/attributes/search?$page=2',
        status: 200,
        body: valid,
      });
    });
  });

  describe('POST /contacts/v1/addresses/email/search', () => {
    const PATH = '/contacts/v1/addresses/email/search';
    const search = (body: unknown) => call<EmailSearchBody>(emulator, 'POST', PATH, { body, token });

    it('answers one entity per address that has a contact, in request order, as requested', async () => {
      const reply = await search({
        ChannelAddressList: ['k1b@example.com', 'nobody@example.com', 'ACRUZ@Example.com'],
        MaximumCount: 1,
      });
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body)).toEqual(EMAIL_SEARCH_KEYS);
      const entities = reply.body.channelAddressResponseEntities;
      expect(entities.map((entity) => Object.keys(entity))).toEqual([
        ['contactKeyDetails', 'channelAddress'],
        ['contactKeyDetails', 'channelAddress'],
      ]);
      expect(entities).toEqual([
        {
          contactKeyDetails: [{ contactKey: 'k1', createDate: expect.stringMatching(LOCAL_SECONDS) }],
          channelAddress: 'k1b@example.com',
        },
        {
          contactKeyDetails: [{ contactKey: 'acruz@example.com', createDate: '2014-11-15T11:51:00' }],
          channelAddress: 'ACRUZ@Example.com',
        },
      ]);
      expect(reply.body).toMatchObject({ resultMessages: [] });
    });

    it('answers an empty list when no address has a contact', async () => {
      const reply = await search({ channelAddressList: ['nobody@example.com'] });
      expect(reply.status).toBe(200);
      expect(reply.body.channelAddressResponseEntities).toEqual([]);
    });

    it('gives up to MaximumCount contacts per address, oldest first', async () => {
      const shared = patchBody('k4', 'Email Addresses', { 'Email Address': 'Acruz@example.com', 'HTML Enabled': true });
      expect((await patch(emulator, token, shared)).body.operationStatus).toBe('OK');
      const keys = (reply: Reply<EmailSearchBody>) =>
        reply.body.channelAddressResponseEntities.map((e) => e.contactKeyDetails.map((d) => d.contactKey));
      expect(keys(await search({ ChannelAddressList: ['acruz@example.com'] }))).toEqual([['acruz@example.com']]);
      const two = await search({ channelAddressList: ['acruz@example.com', 'k2@example.com'], maximumCount: 2 });
      expect(keys(two)).toEqual([['acruz@example.com', 'k4'], ['k2']]);
    });

    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `a${i}@example.com`);
    const refused: [string, unknown, keyof typeof GATEWAY_400][] = [
      ['an array body', [], 10002],
      ['no ChannelAddressList', { MaximumCount: 1 }, 10002],
      ['an empty ChannelAddressList', { ChannelAddressList: [] }, 10002],
      ['a ChannelAddressList that is not an array', { ChannelAddressList: 'a@example.com' }, 10001],
      ['an address that is not a string', { ChannelAddressList: ['a@example.com', 7] }, 10001],
      ['101 addresses', { ChannelAddressList: addresses(101) }, 10005],
      ['MaximumCount 0', { ChannelAddressList: ['a@example.com'], MaximumCount: 0 }, 10005],
      ['MaximumCount 101', { ChannelAddressList: ['a@example.com'], MaximumCount: 101 }, 10005],
      ['a fractional MaximumCount', { ChannelAddressList: ['a@example.com'], maximumCount: 1.5 }, 10005],
      ['a MaximumCount that is not a number', { ChannelAddressList: ['a@example.com'], MaximumCount: '2' }, 10005],
    ];

    it.each(refused)('answers 400 for %s', async (_, body, errorcode) => {
      const reply = await search(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(GATEWAY_400[errorcode]);
    });

    it('accepts 100 addresses and MaximumCount 100', async () => {
      const reply = await search({ ChannelAddressList: [...addresses(99), 'k2@example.com'], MaximumCount: 100 });
      expect(reply.status).toBe(200);
      expect(reply.body.channelAddressResponseEntities).toHaveLength(1);
    });

    it('refuses a body without the JSON content type with 415', async () => {
      const reply = await call(emulator, 'POST', PATH, { token, rawBody: '{"ChannelAddressList":["a@example.com"]}' });
      expect(reply.status).toBe(415);
    });

    it('answers 401 without a token and records every call', async () => {
      const body = { ChannelAddressList: ['k2@example.com'] };
      expect((await call(emulator, 'POST', PATH, { body })).body).toEqual(NOT_AUTHORIZED);
      await search(body);
      expect(emulator.callCount('POST', PATH)).toBe(2);
      expect(emulator.calls.at(-1)).toEqual({ method: 'POST', path: PATH, status: 200, body });
    });
  });
});

describe('call log and admin routes', () => {
  beforeEach(() => {
    emulator.reset();
  });

  it('records calls without credentials and leaves admin calls out', async () => {
    const bearer = await tokenFor(emulator);
    await patch(emulator, bearer, SEED_BODY);
    await call(emulator, 'GET', '/__emulator/contacts');
    expect(emulator.calls).toHaveLength(2);
    expect(emulator.calls[0]).toEqual({
      method: 'POST',
      path: '/v2/token',
      status: 200,
      body: { grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: '[redacted]' },
    });
    expect(emulator.calls[1]).toEqual({ method: 'PATCH', path: '/contacts/v1/contacts', status: 200, body: SEED_BODY });
    expect(JSON.stringify(emulator.calls)).not.toContain(bearer);
    expect(emulator.callCount('patch', '/contacts/')).toBe(1);
    expect(emulator.callCount('POST', '/v2/token')).toBe(1);

    const served = await call(emulator, 'GET', '/__emulator/calls');
    expect(served.body).toEqual(emulator.calls);
  });

  it('serves the contacts, one contact by key, and 404 for an unknown key', async () => {
    const all = await call(emulator, 'GET', '/__emulator/contacts');
    const seeded = {
      contactKey: 'acruz@example.com',
      contactId: 12345678,
      attributeSets: { 'Email Addresses': [{ 'Email Address': 'acruz@example.com', 'HTML Enabled': false }] },
    };
    expect(all.body).toEqual([seeded]);
    expect((await call(emulator, 'GET', '/__emulator/contacts/acruz%40example.com')).body).toEqual(seeded);
    const missing = await call(emulator, 'GET', '/__emulator/contacts/nobody%40example.com');
    expect(missing.status).toBe(404);
  });

  it('resets contacts, calls and tokens', async () => {
    const bearer = await tokenFor(emulator);
    await patch(emulator, bearer, SEED_BODY);
    expect((await call(emulator, 'POST', '/__emulator/reset')).status).toBe(204);
    expect(emulator.calls).toEqual([]);
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']).toBeUndefined();
    expect((await patch(emulator, bearer, SEED_BODY)).status).toBe(401);
  });

  it('starts without contacts when seeding is off', async () => {
    const empty = await startEmulator({ seedContacts: false });
    try {
      expect((await call(empty, 'GET', '/__emulator/contacts')).body).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('fault injection', () => {
  const SEED_KEY = 'acruz@example.com';
  const demographics = (firstName: string) => patchBody(SEED_KEY, 'Email Demographics', { 'First Name': firstName });
  const firstName = () => emulator.getContact(SEED_KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name'];

  /** A PATCH that may end in a socket error or an unreadable body: what came back, as far as it came. */
  async function rawPatch(bearer: string, body: unknown, options: { bodyTimeout?: number } = {}) {
    const started = Date.now();
    try {
      const response = await request(`${emulator.url}/contacts/v1/contacts`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
        ...options,
      });
      const text = await response.body.text().catch((error: unknown) => ({ error }));
      return { status: response.statusCode, headers: response.headers, text, ms: Date.now() - started };
    } catch (error) {
      return { error, ms: Date.now() - started };
    }
  }

  beforeEach(async () => {
    emulator.reset();
    token = await tokenFor(emulator);
  });

  it('answers a status fault without processing, with its headers and body, then is used up', async () => {
    const body = { message: 'Rate limit exceeded', errorcode: 50100, documentation: DOCUMENTATION };
    const headers = { 'retry-after': '5' };
    emulator.injectFault({ route: 'patch', times: 2, kind: { type: 'status', status: 429, headers, body } });
    for (const name of ['One', 'Two']) {
      const reply = await rawPatch(token, demographics(name));
      expect(reply).toMatchObject({ status: 429, headers: { 'retry-after': '5' } });
      expect(JSON.parse(reply.text as string)).toEqual(body);
    }
    expect(firstName()).toBeUndefined();
    expect((await patch(emulator, token, demographics('Three'))).status).toBe(200);
    expect(firstName()).toBe('Three');
    expect(emulator.calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('gives a status fault without a body the gateway error shape, and a redirect no body', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 502 } });
    const location = 'https://elsewhere.test/';
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 301, headers: { location } } });
    expect(await patch(emulator, token, demographics('A'))).toEqual({
      status: 502,
      body: { message: 'Bad Gateway', errorcode: 0, documentation: DOCUMENTATION },
    });
    const redirect = await rawPatch(token, demographics('B'));
    expect(redirect).toMatchObject({ status: 301, headers: { location }, text: '' });
    expect(firstName()).toBeUndefined();
  });

  it('queues faults per route: a token fault leaves PATCH alone', async () => {
    emulator.injectFault({ route: 'token', kind: { type: 'status', status: 500 } });
    expect((await patch(emulator, token, demographics('A'))).status).toBe(200);
    expect((await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) })).status).toBe(500);
    expect((await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) })).status).toBe(200);
  });

  it('names a fault route by the endpoint table (updateContact, attributeSetDefinitions, …) or by its first name', async () => {
    emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 502 } });
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 504 } });
    expect((await patch(emulator, token, demographics('A'))).status).toBe(502);
    expect((await patch(emulator, token, demographics('B'))).status).toBe(504);
    expect((await patch(emulator, token, demographics('C'))).status).toBe(200);
    const post = (fault: unknown) => call(emulator, 'POST', '/__emulator/faults', { body: fault });
    expect((await post({ route: 'attributeSetDefinitions', kind: { type: 'status', status: 503 } })).status).toBe(204);
    expect((await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token })).status).toBe(503);
    expect((await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token })).status).toBe(200);
    // A name is looked up as the table's own key, not along the prototype.
    expect((await post({ route: 'toString', kind: { type: 'status', status: 500 } })).status).toBe(400);
  });

  it('resets before processing: nothing applied, recorded with status 0', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'reset-before-processing' } });
    const reply = await rawPatch(token, demographics('Reset'));
    expect(reply.error).toBeInstanceOf(Error);
    expect(firstName()).toBeUndefined();
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'PATCH', status: 0 });
  });

  it('resets after processing: the update is applied, no answer arrives', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'reset-after-processing' } });
    const reply = await rawPatch(token, demographics('Applied'));
    expect(reply.error).toBeInstanceOf(Error);
    expect(firstName()).toBe('Applied');
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'PATCH', status: 0 });
  });

  it.each<[string, FaultKind]>([
    ['stalls the headers after processing, then answers', { type: 'stall-headers', ms: 150 }],
    ['delays a request, then processes it normally', { type: 'delay', ms: 150 }],
  ])('%s', async (_what, kind) => {
    emulator.injectFault({ route: 'patch', kind });
    const reply = await rawPatch(token, demographics('Late'));
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThanOrEqual(140);
    expect(firstName()).toBe('Late');
  });

  it('stalls the body after headers and part of the JSON until the client gives up', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'stall-body' } });
    const reply = await rawPatch(token, demographics('Half'), { bodyTimeout: 200 });
    expect(reply.status).toBe(200);
    expect(reply.text).toMatchObject({ error: expect.any(Error) });
    expect(firstName()).toBe('Half');
  });

  it('answers 200 with a body that is not JSON, or with a huge one, after processing', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'malformed-body' } });
    emulator.injectFault({ route: 'patch', kind: { type: 'oversized-body', bytes: 2_000_000 } });
    const malformed = await rawPatch(token, demographics('Malformed'));
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text as string)).toThrow();
    expect(firstName()).toBe('Malformed');
    const huge = await rawPatch(token, demographics('Huge'));
    expect(huge.status).toBe(200);
    expect((huge.text as string).length).toBe(2_000_000);
    expect(JSON.parse(huge.text as string)).toMatchObject({ operationStatus: 'OK' });
    expect(firstName()).toBe('Huge');
    expect(emulator.calls.slice(-2).map((c) => c.status)).toEqual([200, 200]);
  });

  it('takes faults over its admin routes, refusing malformed ones, and clears them', async () => {
    const post = (fault: unknown) => call(emulator, 'POST', '/__emulator/faults', { body: fault });
    for (const bad of [
      { route: 'nowhere', kind: { type: 'status', status: 500 } },
      { route: 'patch', kind: { type: 'status', status: 99 } },
      { route: 'patch', kind: { type: 'explode' } },
      { route: 'patch', times: 0, kind: { type: 'stall-body' } },
      { route: 'patch', kind: { type: 'status', status: 500, headers: { 'retry-after': 5 } } },
    ]) {
      expect((await post(bad)).status).toBe(400);
    }
    expect((await post({ route: 'patch', times: 3, kind: { type: 'status', status: 503 } })).status).toBe(204);
    expect((await patch(emulator, token, demographics('A'))).status).toBe(503);
    expect((await call(emulator, 'DELETE', '/__emulator/faults')).status).toBe(204);
    expect((await patch(emulator, token, demographics('B'))).status).toBe(200);

    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 500 } });
    emulator.clearFaults();
    expect((await patch(emulator, token, demographics('C'))).status).toBe(200);
  });

  it('slows every SFMC route and counts the requests in flight', async () => {
    expect((await call(emulator, 'POST', '/__emulator/latency', { body: { ms: -1 } })).status).toBe(400);
    expect((await call(emulator, 'POST', '/__emulator/latency', { body: { ms: 60 } })).status).toBe(204);
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: 5 }, () => patch(emulator, token, demographics('Busy'))));
    expect(replies.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(emulator.stats()).toEqual({ inFlight: 0, maxInFlight: 5 });
    expect((await call(emulator, 'GET', '/__emulator/stats')).body).toEqual({ inFlight: 0, maxInFlight: 5 });

    emulator.reset();
    expect(emulator.stats()).toEqual({ inFlight: 0, maxInFlight: 0 });
    const quick = Date.now();
    await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) });
    expect(Date.now() - quick).toBeLessThan(55);
  });

  it('does not count requests that ended in a reset as still in flight', async () => {
    emulator.injectFault({ route: 'patch', times: 2, kind: { type: 'reset-after-processing' } });
    await Promise.all([rawPatch(token, demographics('A')), rawPatch(token, demographics('B'))]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.stats().inFlight).toBe(0);
  });
});
