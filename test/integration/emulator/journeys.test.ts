import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, patchBody, patch, tokenFor, UUID } from '../../support/emulator-calls.js';

/** The emulator's journey routes: event definitions, entry (one and queued), memberships, in SFMC's shapes. */

const KEY = 'acruz@example.com';
const WELCOME = 'WelcomeSeries-Event';

describe('emulator: journeys', () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    emulator.reset();
    emulator.setOptions({ journeyUnknownContact: 'refuse' });
    token = await tokenFor(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  type EntryAnswer = { eventInstanceId?: string; message?: string; errorcode?: number; additionalErrors?: unknown[] };
  const fire = (body: unknown) => call<EntryAnswer>(emulator, 'POST', '/interaction/v1/events', { token, body });
  const membership = (keys: string[]) =>
    call<{ results: { contactMemberships: unknown[]; contactsNotFound: string[] } }>(
      emulator,
      'POST',
      '/interaction/v1/interactions/contactMembership',
      { token, body: { ContactKeyList: keys } },
    );

  it("lists the demo tenant's API events with their schema fields, paged", async () => {
    const reply = await call<{
      count: number;
      items: { eventDefinitionKey: string; type: string; schema: { fields: unknown[] } }[];
    }>(emulator, 'GET', '/interaction/v1/eventDefinitions?$page=1&$pageSize=1', { token });
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(2);
    expect(reply.body.items).toHaveLength(1);
    expect(reply.body.items[0]).toMatchObject({ eventDefinitionKey: WELCOME, type: 'APIEvent' });
    expect(reply.body.items[0]?.schema.fields[0]).toEqual({
      name: 'EmailAddress',
      dataType: 'Email',
      maxLength: '',
      isNullable: false,
      isPrimaryKey: false,
      isDevicePreference: false,
    });
  });

  it('enters a contact (201 with an eventInstanceId) and lists the membership', async () => {
    const reply = await fire({ ContactKey: KEY, EventDefinitionKey: WELCOME, Data: { EmailAddress: KEY, Points: 3 } });
    expect(reply.status).toBe(201);
    expect(reply.body.eventInstanceId).toMatch(UUID);
    const members = await membership([KEY, 'nobody']);
    expect(members.body.results).toEqual({
      contactMemberships: [{ contactKey: KEY, definitionKey: `Journey_${WELCOME}`, version: 1 }],
      contactsNotFound: ['nobody'],
    });
  });

  it('refuses with 400 an unknown event key, an unknown contact, a missing required field and a value of the wrong type', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ContactKey: KEY, EventDefinitionKey: 'Nope', Data: {} }, /Event definition "Nope"/],
      [{ ContactKey: 'nobody', EventDefinitionKey: WELCOME, Data: { EmailAddress: KEY } }, /not an active contact/],
      [{ ContactKey: KEY, EventDefinitionKey: WELCOME, Data: { FirstName: 'Angela' } }, /"EmailAddress" is required/],
      [
        { ContactKey: KEY, EventDefinitionKey: WELCOME, Data: { EmailAddress: KEY, SignupDate: 'soon' } },
        /"SignupDate" must be a real date/,
      ],
    ];
    for (const [body, message] of cases) {
      const reply = await fire(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body).toMatchObject({ errorcode: 30000, message: expect.stringMatching(message) });
      expect(reply.body.additionalErrors).toEqual([{ message: reply.body.message, errorcode: 30000 }]);
    }
    expect((await membership([KEY])).body.results.contactMemberships).toEqual([]);
  });

  it('creates and enters an unknown contact under EMULATOR_JOURNEY_UNKNOWN_CONTACT=enter', async () => {
    emulator.setOptions({ journeyUnknownContact: 'enter' });
    const reply = await fire({
      ContactKey: 'new@example.com',
      EventDefinitionKey: WELCOME,
      Data: { EmailAddress: 'new@example.com' },
    });
    expect(reply.status).toBe(201);
    expect(emulator.getContact('new@example.com')).toBeDefined();
  });

  it('queues up to 100 members (202), one result per member in the order sent', async () => {
    const reply = await call<{ count: number; notQueuedCount: number; members: Record<string, unknown>[] }>(
      emulator,
      'POST',
      '/interaction/v1/async/events',
      {
        token,
        body: {
          eventDefinitionKey: WELCOME,
          members: [
            { contactKey: 'nobody', data: { EmailAddress: 'x@example.com' } },
            { contactKey: KEY, data: { EmailAddress: KEY } },
          ],
        },
      },
    );
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ count: 2, notQueuedCount: 1 });
    expect(reply.body.members[0]).toEqual({ contactKey: 'nobody', message: expect.stringMatching(/not an active contact/) });
    expect(reply.body.members[1]).toEqual({ contactKey: KEY, eventInstanceId: expect.stringMatching(UUID) });
    const tooMany = Array.from({ length: 101 }, () => ({ contactKey: KEY, data: { EmailAddress: KEY } }));
    const refused = await call(emulator, 'POST', '/interaction/v1/async/events', {
      token,
      body: { eventDefinitionKey: WELCOME, members: tooMany },
    });
    expect(refused.status).toBe(400);
  });

  it('refuses a membership request of more than 50 keys', async () => {
    expect((await membership(Array.from({ length: 51 }, (_, i) => `k${i}`))).status).toBe(400);
    expect((await membership(Array.from({ length: 50 }, (_, i) => `k${i}`))).status).toBe(200);
  });

  it('forgets memberships on reset', async () => {
    emulator.setOptions({ unknownContact: 'create' });
    expect((await patch(emulator, token, patchBody('k1', 'Email Demographics', { 'First Name': 'Kim' }))).status).toBe(200);
    expect((await fire({ ContactKey: 'k1', EventDefinitionKey: WELCOME, Data: { EmailAddress: 'k1@example.com' } })).status).toBe(
      201,
    );
    emulator.reset();
    token = await tokenFor(emulator);
    expect((await membership(['k1'])).body.results.contactsNotFound).toEqual(['k1']);
  });
});
