import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogFromModel, createCatalog, modelNames, standardCatalog, standardModel } from '../../src/catalog/index.js';
import { demoTenantModel } from '../../src/emulator/index.js';
import { patch, patchBody, tokenFor } from '../support/emulator-calls.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { assertNoSecrets, startStack, type Stack } from '../support/stack.js';

/**
 * Journeys end to end over loopback: the demo tenant's two API events allowed, enterJourney for the
 * caller's own contact, enterJourneys and journeyMemberships for admins, against the emulator.
 */

const KEY = 'acruz@example.com';
const tenant = demoTenantModel(standardModel);
const allowedEvents = catalogFromModel({ ...tenant, events: tenant.events!.map((e) => ({ ...e, allowed: true })) }).events ?? [];
const catalog = createCatalog(standardCatalog.groups, modelNames(tenant), allowedEvents);

const ENTER = `mutation Enter($input: EnterJourneyInput!) {
  enterJourney(input: $input) {
    operationStatus event contactKey eventInstanceId retryable requestId
    messages { message resultCode } userErrors { field code message }
  }
}`;
const ENTER_MANY = `mutation EnterMany($input: EnterJourneysInput!) {
  enterJourneys(input: $input) {
    operationStatus event sfmcRequestId retryable
    results { contactKey status eventInstanceId message } userErrors { field code } messages { message }
  }
}`;

interface EntryPayload {
  operationStatus: string;
  event: string;
  contactKey: string | null;
  eventInstanceId: string | null;
  retryable: boolean;
  messages: { message: string; resultCode: string | null }[];
  userErrors: { field: string[]; code: string; message: string }[];
}

const welcome = (data: Record<string, unknown>) => ({ welcomeSeries: { emailAddress: KEY, ...data } });

describe('journeys over loopback', () => {
  let stack: Stack;
  let self: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ env: AUTH_ENV, catalog });
    self = { authorization: `Bearer ${await signToken({ sub: KEY })}` };
    admin = { authorization: `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}` };
  });
  beforeEach(() => {
    stack.emulator.reset();
    stack.emulator.setOptions({ journeyUnknownContact: 'refuse', unknownContact: 'fail' });
  });
  afterAll(async () => {
    assertNoSecrets([stack.logText()], [stack.emulator.clientSecret, ...stack.emulator.issuedTokens()]);
    await stack.close();
  });

  const enter = async (input: unknown, headers = self) => {
    const response = await stack.post({ query: ENTER, variables: { input } }, headers);
    expect(response.status).toBe(200);
    return (response.data as { enterJourney: EntryPayload }).enterJourney;
  };
  const eventCalls = () => stack.emulator.calls.filter((c) => c.path === '/interaction/v1/events');

  it("enters the caller's own contact with the event's data under SFMC's field names (OK, eventInstanceId)", async () => {
    const result = await enter({
      event: 'WELCOME_SERIES',
      data: welcome({ firstName: 'Angela', signupDate: '2024-07-05', points: 3 }),
    });
    expect(result).toMatchObject({
      operationStatus: 'OK',
      event: 'WELCOME_SERIES',
      contactKey: KEY,
      retryable: false,
      userErrors: [],
    });
    expect(result.eventInstanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(eventCalls().map((c) => c.body)).toEqual([
      {
        ContactKey: KEY,
        EventDefinitionKey: 'WelcomeSeries-Event',
        Data: { EmailAddress: KEY, FirstName: 'Angela', SignupDate: '2024-07-05', Points: 3 },
      },
    ]);
  });

  it("refuses before sending: data of another event, a bad email, a too-long text, someone else's contact", async () => {
    const result = await enter({
      event: 'WELCOME_SERIES',
      contactKey: 'someone@example.com',
      data: { ...welcome({ emailAddress: 'not-an-address', firstName: 'x'.repeat(51) }), preferenceChange: { topic: 'news' } },
    });
    expect(result.operationStatus).toBe('INVALID');
    expect(result.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.contactKey', 'NOT_ALLOWED'],
      ['input.data.preferenceChange', 'WRONG_EVENT'],
      ['input.data.welcomeSeries.emailAddress', 'INVALID_FORMAT'],
      ['input.data.welcomeSeries.firstName', 'TOO_LONG'],
    ]);
    expect(eventCalls()).toEqual([]);
  });

  it('leaves a required field to GraphQL: missing, the request is refused before it runs', async () => {
    const response = await stack.post(
      { query: ENTER, variables: { input: { event: 'PREFERENCE_CHANGE', data: { preferenceChange: {} } } } },
      self,
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/topic/);
    expect(eventCalls()).toEqual([]);
  });

  it("answers SFMC's 400 (a contact SFMC does not have) as FAIL with SFMC's message", async () => {
    const stranger = { authorization: `Bearer ${await signToken({ sub: 'stranger@example.com' })}` };
    const result = await enter({ event: 'PREFERENCE_CHANGE', data: { preferenceChange: { topic: 'news' } } }, stranger);
    expect(result).toMatchObject({
      operationStatus: 'FAIL',
      contactKey: 'stranger@example.com',
      retryable: false,
      eventInstanceId: null,
    });
    expect(result.messages[0]?.message).toMatch(/SFMC said: Contact "stranger@example.com" is not an active contact/);
    expect(result.messages[0]?.resultCode).toBe('30000');
  });

  it('enters an unknown contact where the tenant creates it (EMULATOR_JOURNEY_UNKNOWN_CONTACT=enter)', async () => {
    stack.emulator.setOptions({ journeyUnknownContact: 'enter' });
    const stranger = { authorization: `Bearer ${await signToken({ sub: 'stranger@example.com' })}` };
    const result = await enter({ event: 'PREFERENCE_CHANGE', data: { preferenceChange: { topic: 'news' } } }, stranger);
    expect(result.operationStatus).toBe('OK');
  });

  it('ends UNKNOWN, not retryable and sent once, when the answer is lost after SFMC processed the entry', async () => {
    stack.emulator.injectFault({ route: 'fireEvent', kind: { type: 'reset-after-processing' }, times: 3 });
    const result = await enter({ event: 'WELCOME_SERIES', data: welcome({}) });
    expect(result).toMatchObject({ operationStatus: 'UNKNOWN', retryable: false });
    expect(result.messages[0]?.message).toMatch(/may or may not have entered/);
    expect(eventCalls()).toHaveLength(1);
  });

  it('replays an UNKNOWN entry to a resend with the same Idempotency-Key: the entry is never sent twice', async () => {
    stack.emulator.injectFault({ route: 'fireEvent', kind: { type: 'reset-after-processing' } });
    const body = { query: ENTER, variables: { input: { event: 'WELCOME_SERIES', data: welcome({}) } } };
    const headers = { ...self, 'idempotency-key': 'welcome-1' };
    const first = await stack.post(body, headers);
    const again = await stack.post(body, headers);
    expect((first.data as { enterJourney: EntryPayload }).enterJourney.operationStatus).toBe('UNKNOWN');
    expect(again.data).toEqual(first.data);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(eventCalls()).toHaveLength(1);
  });

  it("queues an admin's members with a result each, in the order sent", async () => {
    const response = await stack.post(
      {
        query: ENTER_MANY,
        variables: {
          input: {
            event: 'WELCOME_SERIES',
            members: [
              { contactKey: KEY, data: welcome({}) },
              { contactKey: 'nobody@example.com', data: { welcomeSeries: { emailAddress: 'nobody@example.com' } } },
            ],
          },
        },
      },
      admin,
    );
    const payload = (response.data as { enterJourneys: Record<string, unknown> }).enterJourneys;
    expect(payload).toMatchObject({ operationStatus: 'OK', event: 'WELCOME_SERIES', retryable: false });
    expect(payload.results).toEqual([
      { contactKey: KEY, status: 'QUEUED', eventInstanceId: expect.any(String), message: null },
      {
        contactKey: 'nobody@example.com',
        status: 'NOT_QUEUED',
        eventInstanceId: null,
        message: expect.stringMatching(/not an active/),
      },
    ]);
  });

  it("refuses a self-service caller's enterJourneys for other contacts, and more than 100 members, before sending", async () => {
    const member = (contactKey: string) => ({ contactKey, data: { welcomeSeries: { emailAddress: 'a@example.com' } } });
    const bySelf = await stack.post(
      {
        query: ENTER_MANY,
        variables: { input: { event: 'WELCOME_SERIES', members: [member(KEY), member('other@example.com')] } },
      },
      self,
    );
    const refused = (
      bySelf.data as { enterJourneys: { operationStatus: string; userErrors: { field: string[]; code: string }[] } }
    ).enterJourneys;
    expect(refused.operationStatus).toBe('INVALID');
    expect(refused.userErrors).toEqual([{ field: ['input', 'members', '1', 'contactKey'], code: 'NOT_ALLOWED' }]);
    const tooMany = await stack.post(
      {
        query: ENTER_MANY,
        variables: { input: { event: 'WELCOME_SERIES', members: Array.from({ length: 101 }, () => member(KEY)) } },
      },
      admin,
    );
    expect((tooMany.data as { enterJourneys: { userErrors: { code: string }[] } }).enterJourneys.userErrors).toEqual([
      { field: ['input', 'members'], code: 'TOO_MANY' },
    ]);
    expect(stack.emulator.calls.filter((c) => c.path.startsWith('/interaction/'))).toEqual([]);
  });

  it("reads N contacts' journey memberships in one request with one membership call per 50 contacts", async () => {
    stack.emulator.setOptions({ unknownContact: 'create' });
    const token = await tokenFor(stack.emulator);
    const keys = Array.from({ length: 60 }, (_, i) => `member${i}@example.com`);
    for (const key of keys) await patch(stack.emulator, token, patchBody(key, 'Email Demographics', { 'First Name': 'M' }));
    const members = keys
      .slice(0, 55)
      .map((contactKey) => ({ contactKey, data: { welcomeSeries: { emailAddress: contactKey } } }));
    await stack.post({ query: ENTER_MANY, variables: { input: { event: 'WELCOME_SERIES', members } } }, admin);
    const before = stack.emulator.calls.length;

    // A gateway's entity batch: N contacts in one request.
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { contactKey journeyMemberships { journeyKey version } } } }';
    const representations = keys.map((contactKey) => ({ __typename: 'Contact', contactKey }));
    const response = await stack.post({ query, variables: { r: representations } }, admin);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const entities = (response.data as { _entities: { contactKey: string; journeyMemberships: unknown[] }[] })._entities;
    expect(entities).toHaveLength(60);
    expect(entities[0]?.journeyMemberships).toEqual([{ journeyKey: 'Journey_WelcomeSeries-Event', version: 1 }]);
    expect(entities[59]?.journeyMemberships).toEqual([]);
    const calls = stack.emulator.calls.slice(before);
    const membershipCalls = calls.filter((c) => c.path === '/interaction/v1/interactions/contactMembership');
    expect(membershipCalls.map((c) => (c.body as { ContactKeyList: string[] }).ContactKeyList.length)).toEqual([50, 10]);
  });

  it('answers FORBIDDEN for a self-service caller asking for journey memberships', async () => {
    const response = await stack.post({ query: `{ me { contactKey journeyMemberships { journeyKey } } }` }, self);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.emulator.calls.filter((c) => c.path.startsWith('/interaction/'))).toEqual([]);
  });
});

describe('journeys in the schema', () => {
  it('has no enterJourney while no event is allowed, and the journey types when one is', async () => {
    const plain = await startStack();
    try {
      const response = await plain.post({ query: '{ __type(name: "Mutation") { fields { name } } }' });
      const names = (response.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
      expect(names).not.toContain('enterJourney');
      expect(names).not.toContain('enterJourneys');
    } finally {
      await plain.close();
    }
  });
});
