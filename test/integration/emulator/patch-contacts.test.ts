import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import {
  call,
  DOCUMENTATION,
  oneSet,
  patch,
  patchBody,
  SEED_BODY,
  tokenFor,
  UUID,
  values,
} from '../../support/emulator-calls.js';

/** `PATCH /contacts/v1/contacts`: SFMC's answers in both spellings, the merge rules, and every refusal. */

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

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
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
