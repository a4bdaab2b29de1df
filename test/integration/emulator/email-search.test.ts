import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import {
  call,
  GATEWAY_400,
  NOT_AUTHORIZED,
  patch,
  patchBody,
  type Reply,
  seedSearchContacts,
  tokenFor,
} from '../../support/emulator-calls.js';

/** `POST /contacts/v1/addresses/email/search`: the contacts that hold each email address. */

interface EmailSearchBody {
  channelAddressResponseEntities: { contactKeyDetails: { contactKey: string; createDate: string }[] }[];
}

const EMAIL_SEARCH_KEYS = [
  'channelAddressResponseEntities',
  'requestServiceMessageID',
  'responseDateTime',
  'resultMessages',
  'serviceMessageID',
];

const LOCAL_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  emulator.reset();
  token = await tokenFor(emulator);
  await seedSearchContacts(emulator, token);
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
