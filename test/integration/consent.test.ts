import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINTS, type EndpointName } from '../../src/sfmc/endpoints.js';
import { ContactConsentDocument, RequestSmsOptInDocument, SetTrackingOptOutDocument } from '../__generated__/graphql.js';
import { patch, patchBody, tokenFor } from '../support/emulator-calls.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Consent end to end: tracking opt-out (preferences by contact id) and SMS subscriptions, read in one
 * SFMC call per kind for every contact of a request, and the two consent writes with their outcomes.
 */

const SELF = 'acruz@example.com';
const OTHERS = ['c1', 'c2', 'c3', 'c4'];
const SEEDED_SUBSCRIPTION = {
  shortCode: '55555',
  keyword: 'SINGLE_OPTIN',
  mobileNumber: '15555555555',
  optedInAt: '2013-12-30T14:10:32.0000000',
};
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Contact { contactKey trackingOptOut smsSubscriptions { keyword } } }
}`;

let stack: Stack;
let admin: Record<string, string>;
let self: Record<string, string>;
let since = 0;

/** The calls to an endpoint since the test began, but those refused for the token a reset expired (the client renews it). */
const callsTo = (name: EndpointName) =>
  stack.emulator.calls
    .slice(since)
    .filter(
      (c) =>
        c.status !== 401 &&
        c.method === ENDPOINTS[name].method &&
        c.path.split('?')[0]?.toLowerCase() === ENDPOINTS[name].path.toLowerCase(),
    );

beforeAll(async () => {
  stack = await startStack({ env: AUTH_ENV });
  admin = { authorization: `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}` };
  self = { authorization: `Bearer ${await signToken({ sub: SELF })}` };
});
afterAll(() => stack.close());

beforeEach(async () => {
  stack.emulator.reset();
  stack.emulator.setOptions({ unknownContact: 'create', smsSubscriberKeys: 'echo' });
  const token = await tokenFor(stack.emulator);
  for (const key of OTHERS)
    await patch(stack.emulator, token, patchBody(key, 'Email Addresses', { 'Email Address': `${key}@example.com` }));
  stack.emulator.setOptions({ unknownContact: 'fail' });
  since = stack.emulator.calls.length;
});

describe('reading consent', () => {
  it("reads the seeded contact's opt-out and SMS subscription", async () => {
    const res = await stack.graphql(ContactConsentDocument, { contactKey: SELF }, self);
    expect(res.errors).toBeUndefined();
    expect(res.data!.contact).toEqual({ contactKey: SELF, trackingOptOut: false, smsSubscriptions: [SEEDED_SUBSCRIPTION] });
  });

  it('asks SFMC once per kind for every contact of a gateway batch: one search, one preferences search, one SMS call', async () => {
    await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'c2', optOut: true } }, admin);
    since = stack.emulator.calls.length;
    const keys = [SELF, ...OTHERS];
    const res = await stack.post(
      { query: ENTITIES, variables: { r: keys.map((contactKey) => ({ __typename: 'Contact', contactKey })) } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as { _entities: unknown[] })._entities).toEqual(
      keys.map((contactKey) => ({
        contactKey,
        trackingOptOut: contactKey === 'c2',
        smsSubscriptions: contactKey === SELF ? [{ keyword: 'SINGLE_OPTIN' }] : [],
      })),
    );
    expect(callsTo('searchAttributes')).toHaveLength(1);
    const [preferences] = callsTo('searchPreferences');
    expect(callsTo('searchPreferences')).toHaveLength(1);
    expect(preferences!.path).toBe('/contacts/v1/contacts/preferences/search?ReferenceType=2');
    expect((preferences!.body as { items: number[] }).items).toHaveLength(keys.length);
    const sms = callsTo('searchSmsSubscriptions');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toEqual({ subscriberKey: keys });
    // The contact id came from the attributes search: nothing was established.
    expect(stack.emulator.calls.some((c) => c.path.includes('/establish'))).toBe(false);
  });

  it('asks one key per call when SFMC does not say whose each subscription is (EMULATOR_SMS_SUBSCRIBER_KEYS=omit)', async () => {
    stack.emulator.setOptions({ smsSubscriberKeys: 'omit' });
    const keys = [SELF, 'c1', 'c2'];
    const res = await stack.post(
      { query: ENTITIES, variables: { r: keys.map((contactKey) => ({ __typename: 'Contact', contactKey })) } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const entities = (res.data as { _entities: { smsSubscriptions: unknown[] }[] })._entities;
    expect(entities.map((e) => e.smsSubscriptions.length)).toEqual([1, 0, 0]);
    // The batch's call could not be attributed, then one per key.
    expect(callsTo('searchSmsSubscriptions')).toHaveLength(1 + keys.length);
  });
});

describe('setTrackingOptOut', () => {
  it("sets a self-service caller's own opt-out by the id the attributes search read, and reads it back in the payload", async () => {
    const res = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: SELF, optOut: true } }, self);
    expect(res.status).toBe(200);
    expect(res.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'OK',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      userErrors: [],
      contactKey: SELF,
      trackingOptOut: true,
      contact: { contactKey: SELF, trackingOptOut: true },
    });
    expect(callsTo('updatePreferences').map((c) => c.body)).toEqual([
      { items: [{ contactID: 12345678, hasOptedOutTracking: true }] },
    ]);
    const line = stack.logs.find((l) => l.requestId === res.data!.setTrackingOptOut.requestId);
    expect(line).toMatchObject({ operation: 'SetTrackingOptOut', outcome: 'OK' });
  });

  it("refuses someone else's contact for a self-service caller, and a blank key, sending nothing", async () => {
    const other = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'c1', optOut: true } }, self);
    expect(other.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'INVALID',
      retryable: false,
      userErrors: [{ field: ['input', 'contactKey'], code: 'NOT_ALLOWED' }],
      contact: null,
    });
    const blank = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: ' ', optOut: true } }, admin);
    expect(blank.data!.setTrackingOptOut.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'contactKey'], code: 'BLANK' }),
    ]);
    expect(stack.emulator.calls.slice(since)).toEqual([]);
  });

  it('answers an unknown contact key with UNKNOWN_CONTACT, writing and creating nothing', async () => {
    const res = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'nobody', optOut: true } }, admin);
    expect(res.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'INVALID',
      userErrors: [{ field: ['input', 'contactKey'], code: 'UNKNOWN_CONTACT' }],
    });
    expect(callsTo('searchAttributes')).toHaveLength(1);
    expect(callsTo('updatePreferences')).toHaveLength(0);
    expect(stack.emulator.getContact('nobody')).toBeUndefined();
  });

  it('reads the preference back when the answer is lost: OK (READ_BACK) when SFMC applied it', async () => {
    stack.emulator.injectFault({ route: 'updatePreferences', kind: { type: 'reset-after-processing' } });
    const res = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'c3', optOut: true } }, admin);
    expect(res.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'OK',
      verification: 'READ_BACK',
      retryable: false,
      trackingOptOut: true,
    });
    expect(callsTo('updatePreferences')).toHaveLength(1);
    expect(callsTo('searchPreferences').length).toBeGreaterThanOrEqual(1);
  });

  it("reports SFMC's refusal as FAIL with its messages", async () => {
    const body = {
      items: [],
      hasErrors: true,
      resultMessages: [{ resultType: 'Validation', resultClass: 'Error', resultCode: 'Refused', message: 'Not now.' }],
    };
    stack.emulator.injectFault({ route: 'updatePreferences', kind: { type: 'status', status: 200, body } });
    const res = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'c1', optOut: true } }, admin);
    expect(res.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'FAIL',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      messages: [{ resultCode: 'Refused', message: 'Not now.' }],
      contact: null,
    });
  });

  it('stays UNKNOWN and retryable when the lost write did not apply, and never resends it', async () => {
    stack.emulator.injectFault({ route: 'updatePreferences', kind: { type: 'status', status: 500 } });
    const res = await stack.graphql(SetTrackingOptOutDocument, { input: { contactKey: 'c3', optOut: true } }, admin);
    expect(res.status).toBe(200);
    expect(res.data!.setTrackingOptOut).toMatchObject({
      operationStatus: 'UNKNOWN',
      verification: null,
      retryable: true,
      trackingOptOut: null,
      contact: null,
      messages: [expect.objectContaining({ resultCode: 'OUTCOME_UNKNOWN' })],
    });
    expect(callsTo('updatePreferences')).toHaveLength(1);
  });
});

describe('an UNKNOWN consent outcome under an Idempotency-Key', () => {
  it('runs the mutation again on a resend with the same key instead of replaying the unknown outcome', async () => {
    stack.emulator.injectFault({ route: 'updatePreferences', kind: { type: 'status', status: 500 } });
    const headers = { ...admin, 'idempotency-key': 'consent-resend-1' };
    const input = { contactKey: 'c4', optOut: true };
    const first = await stack.graphql(SetTrackingOptOutDocument, { input }, headers);
    expect(first.data!.setTrackingOptOut.operationStatus).toBe('UNKNOWN');
    const second = await stack.graphql(SetTrackingOptOutDocument, { input }, headers);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.data!.setTrackingOptOut).toMatchObject({ operationStatus: 'OK', trackingOptOut: true });
    expect(callsTo('updatePreferences').map((c) => c.status)).toEqual([500, 200]);
    // Settled now: a third send is the stored answer.
    const third = await stack.graphql(SetTrackingOptOutDocument, { input }, headers);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(callsTo('updatePreferences')).toHaveLength(2);
  });
});

describe('requestSmsOptIn', () => {
  const INPUT = { mobileNumber: '+1 (555) 555-1212', shortCode: '86288', keyword: 'JOIN' };

  it("queues a self-service caller's double opt-in under their own key; it shows once confirmed", async () => {
    const res = await stack.graphql(RequestSmsOptInDocument, { input: INPUT }, self);
    expect(res.data!.requestSmsOptIn).toMatchObject({
      operationStatus: 'OK',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      userErrors: [],
      results: [{ mobileNumber: '15555551212', status: 'PENDING_CONFIRMATION', reason: null }],
    });
    expect(callsTo('queueSmsMo').map((c) => [c.status, c.body])).toEqual([
      [202, { subscribers: [{ mobilenumber: '15555551212', subscriberkey: SELF }], shortCode: '86288', messageText: 'JOIN' }],
    ]);
    const before = await stack.graphql(ContactConsentDocument, { contactKey: SELF }, self);
    expect(before.data!.contact!.smsSubscriptions).toHaveLength(1);
    stack.emulator.confirmSmsOptIns();
    const after = await stack.graphql(ContactConsentDocument, { contactKey: SELF }, self);
    expect(after.data!.contact!.smsSubscriptions).toEqual([
      SEEDED_SUBSCRIPTION,
      expect.objectContaining({ mobileNumber: '15555551212', shortCode: '86288', keyword: 'JOIN' }),
    ]);
  });

  it('sends the number alone for an admin caller', async () => {
    await stack.graphql(RequestSmsOptInDocument, { input: INPUT }, admin);
    expect(callsTo('queueSmsMo').map((c) => c.body)).toEqual([
      { mobileNumbers: ['15555551212'], shortCode: '86288', messageText: 'JOIN' },
    ]);
  });

  it('refuses a bad number, short code and keyword at once, sending nothing', async () => {
    const res = await stack.graphql(
      RequestSmsOptInDocument,
      { input: { mobileNumber: '555-1212', shortCode: 'ABC', keyword: 'JOIN NOW' } },
      self,
    );
    expect(res.data!.requestSmsOptIn.operationStatus).toBe('INVALID');
    expect(res.data!.requestSmsOptIn.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.mobileNumber', 'INVALID_FORMAT'],
      ['input.shortCode', 'INVALID_FORMAT'],
      ['input.keyword', 'INVALID_FORMAT'],
    ]);
    expect(stack.emulator.calls.slice(since)).toEqual([]);
  });

  it("says why a number was not queued: FAIL with NOT_QUEUED and SFMC's result", async () => {
    const body = { results: [{ identifier: 'x', mobileNumber: '15555551212', result: 'Number opted out' }] };
    stack.emulator.injectFault({ route: 'queueSmsMo', kind: { type: 'status', status: 202, body } });
    const res = await stack.graphql(RequestSmsOptInDocument, { input: INPUT }, self);
    expect(res.data!.requestSmsOptIn).toMatchObject({
      operationStatus: 'FAIL',
      retryable: false,
      results: [{ mobileNumber: '15555551212', status: 'NOT_QUEUED', reason: 'Number opted out' }],
    });
  });

  it('answers a lost answer as UNKNOWN and retryable, without resending', async () => {
    stack.emulator.injectFault({ route: 'queueSmsMo', kind: { type: 'reset-after-processing' } });
    const res = await stack.graphql(RequestSmsOptInDocument, { input: INPUT }, self);
    expect(res.data!.requestSmsOptIn).toMatchObject({ operationStatus: 'UNKNOWN', retryable: true, results: [] });
    expect(callsTo('queueSmsMo')).toHaveLength(1);
  });
});

describe("consent reads spend the request's SFMC call budget", () => {
  let small: Stack;
  beforeAll(async () => {
    small = await startStack({ env: { SFMC_CALLS_PER_REQUEST: '2' } });
  });
  afterAll(() => small.close());

  it('refuses the read past the budget as a field error, next to the data, and sends nothing for it', async () => {
    const before = small.emulator.calls.filter((c) => c.path !== '/v2/token').length;
    const res = await small.graphql(ContactConsentDocument, { contactKey: SELF }, {});
    expect(res.status).toBe(200);
    // The data stays (a non-null smsSubscriptions that fails nulls its contact, as GraphQL does).
    expect(res.data).not.toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['CALL_BUDGET_EXCEEDED']);
    expect(small.emulator.calls.filter((c) => c.path !== '/v2/token').length - before).toBe(2);
  });
});
