import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, GATEWAY_400, NOT_AUTHORIZED, UUID, tokenFor } from '../../support/emulator-calls.js';

/** `POST /sms/v1/contacts/subscriptions` and `POST /sms/v1/queueMO` (double opt-in). */

interface SubscriptionsBody {
  count: string;
  createDate: string;
  completeDate: string;
  contacts: { subscriberKey?: string; mobileNumber: string; shortCode: string; keyword: string; optInDate: string }[];
}
interface QueueBody {
  results: { identifier: string; mobileNumber: string; result: string }[];
}

const SUBSCRIPTIONS = '/sms/v1/contacts/subscriptions';
const QUEUE = '/sms/v1/queueMO';
const SEED = {
  mobileNumber: '15555555555',
  shortCode: '55555',
  keyword: 'SINGLE_OPTIN',
  optInDate: '2013-12-30T14:10:32.0000000',
};

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  token = await tokenFor(emulator);
});

const subscriptions = (body: unknown) => call<SubscriptionsBody>(emulator, 'POST', SUBSCRIPTIONS, { body, token });
const queue = (body: unknown) => call<QueueBody>(emulator, 'POST', QUEUE, { body, token });

describe('the SMS subscriptions lookup', () => {
  it("answers the seeded contact's subscription by key or by number, in SFMC's shape", async () => {
    const byKey = await subscriptions({ subscriberKey: ['acruz@example.com', 'nobody'] });
    expect(byKey.status).toBe(200);
    expect(byKey.body).toMatchObject({ count: '1', contacts: [{ subscriberKey: 'acruz@example.com', ...SEED }] });
    expect(byKey.body.createDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const byNumber = await subscriptions({ mobileNumber: ['15555555555'] });
    expect(byNumber.body.contacts).toHaveLength(1);
  });

  it('leaves the subscriber key out under EMULATOR_SMS_SUBSCRIBER_KEYS=omit', async () => {
    emulator.setOptions({ smsSubscriberKeys: 'omit' });
    try {
      const reply = await subscriptions({ subscriberKey: ['acruz@example.com'] });
      expect(reply.body.contacts).toEqual([SEED]);
    } finally {
      emulator.setOptions({ smsSubscriberKeys: 'echo' });
    }
  });

  it('refuses no list, an empty one and more than 500 entries', async () => {
    expect(await subscriptions({})).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await subscriptions({ subscriberKey: [] })).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await subscriptions({ subscriberKey: 'k' })).toEqual({ status: 400, body: GATEWAY_400[10001] });
    const many = Array.from({ length: 501 }, (_, i) => `k${i}`);
    expect(await subscriptions({ subscriberKey: many })).toEqual({ status: 400, body: GATEWAY_400[10005] });
  });

  it('needs a token under /sms/ too', async () => {
    expect(await call(emulator, 'POST', SUBSCRIPTIONS, { body: { subscriberKey: ['k'] } })).toEqual({
      status: 401,
      body: NOT_AUTHORIZED,
    });
  });
});

describe('queueMO', () => {
  it('answers 202 with a result per number, and the opt-in is a subscription only once confirmed', async () => {
    const reply = await queue({
      subscribers: [{ mobilenumber: '15555551212', subscriberkey: 'k1' }],
      shortCode: '86288',
      messageText: 'JOIN',
    });
    expect(reply.status).toBe(202);
    expect(reply.body.results).toEqual([{ identifier: expect.stringMatching(UUID), mobileNumber: '15555551212', result: 'OK' }]);
    expect((await subscriptions({ subscriberKey: ['k1'] })).body.contacts).toEqual([]);
    expect(emulator.confirmSmsOptIns()).toBe(1);
    expect((await subscriptions({ subscriberKey: ['k1'] })).body.contacts).toEqual([
      expect.objectContaining({ subscriberKey: 'k1', mobileNumber: '15555551212', shortCode: '86288', keyword: 'JOIN' }),
    ]);
  });

  it('keys a number sent without a subscriber key by the number, and confirms through the admin route', async () => {
    await queue({ mobileNumbers: ['4915112345678'], shortCode: '86288', messageText: 'JOIN' });
    const confirmed = await call<{ confirmed: number }>(emulator, 'POST', '/__emulator/sms-confirmations');
    expect(confirmed).toEqual({ status: 200, body: { confirmed: 1 } });
    expect((await subscriptions({ subscriberKey: ['4915112345678'] })).body.contacts).toHaveLength(1);
  });

  it('refuses a body without a short code, text or numbers, and numbers outside 8 to 15 digits', async () => {
    expect(await queue({ mobileNumbers: ['15555551212'], messageText: 'JOIN' })).toEqual({
      status: 400,
      body: GATEWAY_400[10002],
    });
    expect(await queue({ mobileNumbers: ['15555551212'], shortCode: '86288' })).toEqual({
      status: 400,
      body: GATEWAY_400[10002],
    });
    expect(await queue({ shortCode: '86288', messageText: 'JOIN' })).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await queue({ mobileNumbers: ['1234567'], shortCode: '86288', messageText: 'JOIN' })).toEqual({
      status: 400,
      body: GATEWAY_400[10005],
    });
    expect(emulator.confirmSmsOptIns()).toBe(0);
  });
});
