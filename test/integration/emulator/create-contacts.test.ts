import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, patchBody, tokenFor, values } from '../../support/emulator-calls.js';

/** `POST /contacts/v1/contacts`: SFMC's create rules as FAIL answers, a new contact, and a key that exists. */

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const post = (body: unknown) => call(emulator, 'POST', '/contacts/v1/contacts', { body, token });
const email = (address: string) => ({ 'Email Address': address, 'HTML Enabled': true });
const codes = (reply: Awaited<ReturnType<typeof post>>) => (reply.body.resultMessages ?? []).map((m) => m.resultCode);

describe('POST /contacts/v1/contacts', () => {
  beforeEach(async () => {
    emulator.reset();
    emulator.setOptions({ spelling: 'documented', duplicateContact: 'fail' });
    token = await tokenFor(emulator);
  });

  it('creates a contact with an email address: OK, isNewContactKey, a new id, the rows stored', async () => {
    const reply = await post(patchBody('new@example.com', 'Email Addresses', email('new@example.com')));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      operationStatus: 'OK',
      contactKey: 'new@example.com',
      isNewContactKey: true,
      hasErrors: false,
    });
    expect(reply.body.contactId).toBeGreaterThan(0);
    expect(emulator.getContact('new@example.com')?.attributeSets['Email Addresses']).toEqual([email('new@example.com')]);
  });

  it('fails a body that breaks the create rules, with every breach, and stores nothing', async () => {
    const reply = await post({
      contactKey: 'rules@example.com',
      attributeSets: [
        { name: 'Email Demographics', items: [{ values: values({ 'First Name': 'A' }) }] },
        { name: 'MobilePush Demographics', items: [{ values: values({ 'Device ID': 'd1' }) }] },
        {
          name: 'MobileConnect Demographics',
          items: [
            { values: values({ 'Mobile Number': '15555550100', Locale: 'US' }) },
            { values: values({ 'Mobile Number': '15555550101', Locale: 'US' }) },
          ],
        },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ operationStatus: 'FAIL', hasErrors: true, isNewContactKey: false, contactId: 0 });
    expect(codes(reply)).toEqual(['AttributeSetRequired', 'AttributeRequired', 'TooManyItems']);
    expect(emulator.getContact('rules@example.com')).toBeUndefined();
  });

  it('fails a contact without a channel, and one without a key or with an id', async () => {
    const demographics = { name: 'Email Demographics', items: [{ values: values({ 'First Name': 'A' }) }] };
    expect(codes(await post({ contactKey: 'none@example.com', attributeSets: [] }))).toEqual(['ChannelRequired']);
    expect(codes(await post({ contactKey: 'demo@example.com', attributeSets: [demographics] }))).toEqual([
      'ChannelRequired',
      'AttributeSetRequired',
    ]);
    const noKey = await post({ attributeSets: patchBody('x', 'Email Addresses', email('x@example.com')).attributeSets });
    expect(codes(noKey)).toEqual(['ContactKeyRequired']);
    const withId = await post({ ...patchBody('id@example.com', 'Email Addresses', email('id@example.com')), contactId: 5 });
    expect(codes(withId)).toEqual(['ContactIdNotAllowed']);
  });

  it('a key that exists: FAIL with duplicateContact "fail" (the default), an update with "update"', async () => {
    const body = patchBody('acruz@example.com', 'Email Addresses', {
      'Email Address': 'acruz@example.com',
      'HTML Enabled': false,
    });
    const refused = await post(body);
    expect(refused.body).toMatchObject({ operationStatus: 'FAIL', contactKey: 'acruz@example.com', contactId: 12345678 });
    expect(codes(refused)).toEqual(['ContactKeyExists']);

    emulator.setOptions({ duplicateContact: 'update' });
    const updated = await post(body);
    expect(updated.body).toMatchObject({ operationStatus: 'OK', isNewContactKey: false, contactId: 12345678 });
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Addresses']).toEqual([
      { 'Email Address': 'acruz@example.com', 'HTML Enabled': false },
    ]);
  });

  it('checks the model as the PATCH does once the create rules hold: an unknown attribute fails', async () => {
    const reply = await post(patchBody('model@example.com', 'Email Addresses', { ...email('model@example.com'), Nope: 1 }));
    expect(codes(reply)).toEqual(['AttributeNotFound']);
    expect(emulator.getContact('model@example.com')).toBeUndefined();
  });
});
