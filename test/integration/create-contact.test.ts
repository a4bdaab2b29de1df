import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * createContact end to end over loopback: the service checks SFMC's create rules, sends
 * `POST /contacts/v1/contacts` to the emulator, and settles a lost answer by reading the key back.
 */

const CREATE = `mutation CreateContact($input: CreateContactInput!) {
  createContact(input: $input) {
    clientMutationId operationStatus verification retryable hasErrors contactKey contactId isNewContactKey
    messages { resultCode message }
    userErrors { field code message }
    contact { contactKey emailAddresses { emailAddress htmlEnabled } }
  }
}`;

interface Payload {
  clientMutationId: string | null;
  operationStatus: string;
  verification: string | null;
  retryable: boolean;
  hasErrors: boolean;
  contactKey: string | null;
  contactId: string | null;
  isNewContactKey: boolean | null;
  messages: { resultCode: string | null; message: string | null }[];
  userErrors: { field: string[]; code: string; message: string }[];
  contact: { contactKey: string; emailAddresses: { emailAddress: string; htmlEnabled: boolean }[] } | null;
}
type Answer = GraphqlResponse<{ createContact: Payload }>;

let counter = 0;
/** A contact key no earlier test used. */
const newKey = () => `new-${process.pid}-${Date.now()}-${(counter += 1)}@example.com`;

/** The smallest valid create: one email address, HTML Enabled given. */
const emailOnly = (contactKey: string) => ({
  contactKey,
  emailAddresses: [{ emailAddress: contactKey, htmlEnabled: true }],
});

const posts = (stack: Stack) => stack.emulator.callCount('POST', '/contacts/v1/contacts');

describe('createContact against the emulator', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.setOptions({ duplicateContact: 'fail' });
  });

  const create = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
    stack.post({ query: CREATE, variables: { input } }, headers) as Promise<Answer>;

  it('creates a contact: one POST, OK from SFMC, the new contact in the payload', async () => {
    const key = newKey();
    const before = posts(stack);
    const answer = await create({
      ...emailOnly(key),
      clientMutationId: 'signup-1',
      emailDemographics: { firstName: 'Ana', lastName: 'New' },
    });
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.createContact).toMatchObject({
      clientMutationId: 'signup-1',
      operationStatus: 'OK',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      contactKey: key,
      isNewContactKey: true,
      userErrors: [],
      contact: { contactKey: key, emailAddresses: [{ emailAddress: key, htmlEnabled: true }] },
    });
    expect(posts(stack) - before).toBe(1);
    const sent = stack.emulator.calls.filter((c) => c.method === 'POST' && c.path === '/contacts/v1/contacts').at(-1);
    expect(sent?.body).toEqual({
      contactKey: key,
      attributeSets: [
        {
          name: 'Email Addresses',
          items: [
            {
              values: [
                { name: 'Email Address', value: key },
                { name: 'HTML Enabled', value: true },
              ],
            },
          ],
        },
        {
          name: 'Email Demographics',
          items: [
            {
              values: [
                { name: 'First Name', value: 'Ana' },
                { name: 'Last Name', value: 'New' },
              ],
            },
          ],
        },
      ],
    });
    expect(stack.emulator.getContact(key)?.attributeSets['Email Demographics']).toEqual([
      { 'First Name': 'Ana', 'Last Name': 'New' },
    ]);
    const line = stack.logs.find((l) => l.operation === 'CreateContact' && l.outcome === 'OK');
    expect(line?.upstream).toEqual(expect.arrayContaining([expect.objectContaining({ endpoint: 'createContact', status: 200 })]));
  });

  it("refuses every breach of SFMC's create rules at once, with the body's own problems, and sends nothing", async () => {
    const before = posts(stack);
    const answer = await create({
      contactKey: newKey(),
      emailDemographics: { firstName: 'Nobody' },
      mobileConnectDemographics: [{ mobileNumber: '15555550100' }],
      mobilePushDemographics: [
        { deviceId: 'device-1', application: 'app' },
        { deviceId: 'device-2', application: 'app' },
      ],
      groupConnectLineDemographics: [{ addressId: 'line-1', displayName: 'L' }],
    });
    expect(answer.status).toBe(200);
    const payload = answer.data?.createContact;
    expect(payload?.operationStatus).toBe('INVALID');
    expect(payload?.retryable).toBe(false);
    expect(payload?.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.emailAddresses', 'REQUIRED_WITH'],
      ['input.mobileConnectDemographics.0.locale', 'REQUIRED_WITH'],
      ['input.mobilePushDemographics.1', 'TOO_MANY'],
      ['input.groupConnectLineAddresses', 'REQUIRED_WITH'],
      ['input.groupConnectLineSubscriptions', 'REQUIRED_WITH'],
    ]);
    expect(payload?.userErrors[0]?.message).toBe('is required with emailDemographics to create a contact');
    expect(posts(stack)).toBe(before);
  });

  it('refuses a create without any group as CHANNEL_REQUIRED, naming the channel groups', async () => {
    const answer = await create({ contactKey: newKey(), emailAddresses: [{ emailAddress: 'x@example.com' }] });
    expect(answer.data?.createContact.userErrors).toEqual([
      {
        field: ['input', 'emailAddresses', '0', 'htmlEnabled'],
        code: 'REQUIRED_WITH',
        message: 'is required in emailAddresses to create a contact',
      },
    ]);
    const none = await create({ contactKey: newKey() });
    expect(none.data?.createContact.userErrors).toEqual([
      {
        field: ['input'],
        code: 'CHANNEL_REQUIRED',
        message:
          'a new contact needs a channel: give at least one of emailAddresses, mobileConnectDemographics, mobilePushDemographics, groupConnectLineAddresses, groupConnectLineSubscriptions',
      },
    ]);
  });

  it('merges create rules with the body problems: a bad value and a missing attribute in one answer', async () => {
    const answer = await create({
      contactKey: newKey(),
      emailAddresses: [{ emailAddress: 'not an address' }],
      emailDemographics: { firstName: '' },
    });
    expect(answer.data?.createContact.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.emailAddresses.0.emailAddress', 'INVALID_FORMAT'],
      ['input.emailDemographics.firstName', 'BLANK'],
      ['input.emailAddresses.0.htmlEnabled', 'REQUIRED_WITH'],
    ]);
  });

  it("a key that exists: FAIL with SFMC's message (EMULATOR_DUPLICATE_CONTACT=fail), or updated (=update)", async () => {
    const key = newKey();
    expect((await create(emailOnly(key))).data?.createContact.operationStatus).toBe('OK');
    const again = await create(emailOnly(key));
    expect(again.data?.createContact).toMatchObject({ operationStatus: 'FAIL', hasErrors: true, retryable: false });
    expect(again.data?.createContact.messages.map((m) => m.resultCode)).toEqual(['ContactKeyExists']);

    stack.emulator.setOptions({ duplicateContact: 'update' });
    const updated = await create({ contactKey: key, emailAddresses: [{ emailAddress: key, htmlEnabled: false }] });
    expect(updated.data?.createContact).toMatchObject({ operationStatus: 'OK', isNewContactKey: false });
    expect(stack.emulator.getContact(key)?.attributeSets['Email Addresses']).toEqual([
      { 'Email Address': key, 'HTML Enabled': false },
    ]);
  });

  it('an answer lost after SFMC created the contact: read back, OK with READ_BACK', async () => {
    const key = newKey();
    stack.emulator.injectFault({ route: 'createContact', kind: { type: 'reset-after-processing' } });
    const before = posts(stack);
    const answer = await create(emailOnly(key));
    expect(answer.data?.createContact).toMatchObject({
      operationStatus: 'OK',
      verification: 'READ_BACK',
      retryable: false,
      contactKey: key,
    });
    expect(posts(stack) - before).toBe(1);
  });

  it('an answer lost before SFMC created the contact: the key reads back absent, UNKNOWN stays, retryable', async () => {
    const key = newKey();
    stack.emulator.injectFault({ route: 'createContact', kind: { type: 'status', status: 500 } });
    const answer = await create(emailOnly(key));
    expect(answer.data?.createContact).toMatchObject({ operationStatus: 'UNKNOWN', verification: null, retryable: true });
    expect(answer.data?.createContact.messages.at(-1)?.message).toMatch(/SFMC has no such contact/);
    expect(stack.emulator.getContact(key)).toBeUndefined();
  });

  it('Idempotency-Key: a resend is replayed; a resend after UNKNOWN reads first and creates once', async () => {
    const key = newKey();
    const before = posts(stack);
    const first = await create(emailOnly(key), { 'idempotency-key': `create-${key}` });
    const again = await create(emailOnly(key), { 'idempotency-key': `create-${key}` });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(posts(stack) - before).toBe(1);

    // Lost and applied, and the read-back fails too: UNKNOWN; the resend finds the contact and sends nothing.
    const lostKey = newKey();
    stack.emulator.injectFault({ route: 'createContact', kind: { type: 'reset-after-processing' } });
    stack.emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 500 }, times: 3 });
    const lost = await create(emailOnly(lostKey), { 'idempotency-key': `create-${lostKey}` });
    expect(lost.data?.createContact.operationStatus).toBe('UNKNOWN');
    const postsBefore = posts(stack);
    const resend = await create(emailOnly(lostKey), { 'idempotency-key': `create-${lostKey}` });
    expect(resend.data?.createContact).toMatchObject({ operationStatus: 'OK', verification: 'READ_BACK' });
    expect(posts(stack)).toBe(postsBefore);
  });
});

describe('createContact and the caller', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...AUTH_ENV, AUTH_SELF_SERVICE_WRITABLE: 'Email Addresses, Email Demographics.First Name' },
    });
  });
  afterAll(() => stack.close());

  const create = async (input: Record<string, unknown>, claims: Record<string, unknown>) =>
    (await stack.post({ query: CREATE, variables: { input } }, { authorization: `Bearer ${await signToken(claims)}` })) as Answer;

  it('a self-service caller creates its own contact, the key from its verified claim', async () => {
    const key = newKey();
    const answer = await create(emailOnly(key), { sub: key });
    expect(answer.data?.createContact).toMatchObject({ operationStatus: 'OK', isNewContactKey: true });
  });

  it('refuses a self-service caller another key, and what is off its allow-list, as NOT_ALLOWED; nothing sent', async () => {
    const before = posts(stack);
    const answer = await create(
      { ...emailOnly(newKey()), emailDemographics: { lastName: 'Other' } },
      { sub: 'someone@example.com' },
    );
    expect(answer.data?.createContact.operationStatus).toBe('INVALID');
    expect(answer.data?.createContact.userErrors).toEqual([
      {
        field: ['input', 'contactKey'],
        code: 'NOT_ALLOWED',
        message: 'you may create only your own contact: send your own contactKey',
      },
      {
        field: ['input', 'emailDemographics', 'lastName'],
        code: 'NOT_ALLOWED',
        message: 'attribute "Email Demographics.Last Name" is not writable by self-service callers',
      },
    ]);
    expect(posts(stack)).toBe(before);
  });

  it('an admin caller creates any contact', async () => {
    const answer = await create(emailOnly(newKey()), { sub: 'ops@example.com', scope: 'contacts:write' });
    expect(answer.data?.createContact.operationStatus).toBe('OK');
  });
});
