import { randomUUID } from 'node:crypto';
import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import { eventFieldType } from '../catalog/event-catalog.js';
import type { ModelEvent } from '../catalog/event-model.js';
import { invalidDataType, invalidValue } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { array, parseJsonBody, present, record, Refusal, scalar, string, type Json } from './json-request.js';
import { pageOf, pagingFrom } from './paging.js';
import { stableId } from './stable-ids.js';
import type { ContactStore } from './store.js';
import type { JourneyUnknownContact } from './types.js';

/**
 * Journey Builder's API events, as the emulated tenant's model lists them: event definitions
 * (`GET /interaction/v1/eventDefinitions`), journey entry one at a time (`POST /interaction/v1/events`,
 * 201) and queued (`POST /interaction/v1/async/events`), and memberships
 * (`POST /interaction/v1/interactions/contactMembership`). Each event enters one journey of its
 * own, `Journey_<event key>` version 1. Entry checks the data against the event's fields as
 * SFMC validates it: a missing required field or a value of the wrong type is a 400.
 */

/** SFMC's documented limits: 100 members per queued entry, 50 keys per membership request. */
export const MAX_ASYNC_MEMBERS = 100;
export const MAX_MEMBERSHIP_KEYS = 50;

const DOCUMENTATION = 'https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/postEvent.html';

/**
 * A refused entry: the gateway's shape with the specific problem in `additionalErrors`, where the
 * service's client reads SFMC's own words (a guess at SFMC's exact text, see docs/emulator.md).
 */
const entryRefused = (message: string): JsonReply => ({
  status: 400,
  body: { message, errorcode: 30000, documentation: DOCUMENTATION, additionalErrors: [{ message, errorcode: 30000 }] },
});

/** The journey an event enters in the emulated tenant. */
export const journeyKeyOf = (event: ModelEvent): string => `Journey_${event.key}`;

/** Event definitions in SFMC's list shape. */
function definition(event: ModelEvent): Json {
  return {
    id: event.id ?? stableId(`event:${event.key}`),
    type: 'APIEvent',
    name: event.name,
    description: event.description,
    mode: 'Production',
    eventDefinitionKey: event.key,
    dataExtensionId: stableId(`event-de:${event.key}`),
    dataExtensionName: `${event.name} - Entry`,
    schema: {
      fields: event.fields.map((f) => ({
        name: f.name,
        dataType: f.dataType,
        maxLength: f.length === undefined ? '' : String(f.length),
        isNullable: f.nullable,
        isPrimaryKey: f.primaryKey,
        isDevicePreference: false,
      })),
    },
    interactionCount: 1,
    isVisibleInPicker: true,
    category: 'Event',
    publishedInteractionCount: 1,
  };
}

export function eventDefinitionsPage(events: readonly ModelEvent[], query: URLSearchParams): JsonReply {
  const paging = pagingFrom(query);
  if (paging === undefined) return invalidValue();
  return { status: 200, body: { ...pageOf(events.map(definition), paging), links: {} } };
}

interface Entry {
  contactKey: string;
  data: Record<string, AttributeScalar>;
}

function readData(value: unknown): Record<string, AttributeScalar> {
  if (value === undefined || value === null) return {};
  const data = record(value, invalidDataType);
  return Object.fromEntries(Object.entries(data).map(([name, v]) => [name, scalar(v, invalidDataType)]));
}

/** Why the data does not fit the event's fields, or undefined. Fields are matched without case, as a data extension's columns are. */
function dataProblem(event: ModelEvent, data: Record<string, AttributeScalar>): string | undefined {
  const given = new Map(Object.entries(data).map(([name, value]) => [name.toLowerCase(), value]));
  for (const field of event.fields) {
    const value = given.get(field.name.toLowerCase());
    if (value === undefined || value === '') {
      if (!field.nullable) return `Field "${field.name}" is required by event definition "${event.key}".`;
      continue;
    }
    const checked = coerceValue(eventFieldType(field.dataType), value, field.length);
    if (!checked.ok) return `Field "${field.name}" ${checked.reason}.`;
  }
  return undefined;
}

/** Memberships of the emulated tenant's contacts, by contact key. */
export class JourneyMemberships {
  private readonly byKey = new Map<string, Set<string>>();

  enter(contactKey: string, journeyKey: string): void {
    const journeys = this.byKey.get(contactKey) ?? new Set();
    journeys.add(journeyKey);
    this.byKey.set(contactKey, journeys);
  }

  of(contactKey: string): string[] {
    return [...(this.byKey.get(contactKey) ?? [])];
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** What entry needs of the emulated tenant. */
export interface JourneyTenant {
  events: readonly ModelEvent[];
  store: ContactStore;
  memberships: JourneyMemberships;
  unknownContact: JourneyUnknownContact;
}

const findEvent = (tenant: JourneyTenant, key: string) => tenant.events.find((e) => e.key.toLowerCase() === key.toLowerCase());

/** Enters one contact, or says why not (SFMC's message). */
function enter(
  tenant: JourneyTenant,
  event: ModelEvent,
  entry: Entry,
): { ok: true; eventInstanceId: string } | { ok: false; message: string } {
  if (entry.contactKey.trim() === '') return { ok: false, message: 'ContactKey is required.' };
  if (tenant.store.findByKey(entry.contactKey) === undefined) {
    if (tenant.unknownContact === 'refuse') {
      return { ok: false, message: `Contact "${entry.contactKey}" is not an active contact of this account.` };
    }
    tenant.store.add(entry.contactKey);
  }
  const problem = dataProblem(event, entry.data);
  if (problem !== undefined) return { ok: false, message: problem };
  tenant.memberships.enter(entry.contactKey, journeyKeyOf(event));
  return { ok: true, eventInstanceId: randomUUID() };
}

const unknownEvent = (key: string) => entryRefused(`Event definition "${key}" was not found or is not an active API event.`);

/** `POST /interaction/v1/events`: `{ContactKey, EventDefinitionKey, Data}` -> 201 `{eventInstanceId}`. */
export function fireEvent(tenant: JourneyTenant, bodyText: string): JsonReply {
  const parsed = parseJsonBody(bodyText, (body) => {
    const b = record(body, invalidDataType);
    return {
      eventKey: string(present(b.EventDefinitionKey), invalidDataType),
      entry: { contactKey: string(present(b.ContactKey), invalidDataType), data: readData(b.Data) },
    };
  });
  if (!parsed.ok) return parsed.reply;
  const event = findEvent(tenant, parsed.value.eventKey);
  if (event === undefined) return unknownEvent(parsed.value.eventKey);
  const outcome = enter(tenant, event, parsed.value.entry);
  return outcome.ok ? { status: 201, body: { eventInstanceId: outcome.eventInstanceId } } : entryRefused(outcome.message);
}

/**
 * `POST /interaction/v1/async/events`: `{eventDefinitionKey, members: [{contactKey, data}]}` -> 202
 * `{requestId, count, notQueuedCount, members}`, members in the order sent: a queued one with its
 * `eventInstanceId`, one not queued with `message` (the shape of a refused member is a guess).
 */
export function fireEvents(tenant: JourneyTenant, bodyText: string): JsonReply {
  const parsed = parseJsonBody(bodyText, (body) => {
    const b = record(body, invalidDataType);
    const members = array(present(b.members), invalidDataType).map((m): Entry => {
      const member = record(m, invalidDataType);
      return { contactKey: string(present(member.contactKey), invalidDataType), data: readData(member.data) };
    });
    if (members.length === 0 || members.length > MAX_ASYNC_MEMBERS) throw new Refusal(invalidValue());
    return { eventKey: string(present(b.eventDefinitionKey), invalidDataType), members };
  });
  if (!parsed.ok) return parsed.reply;
  const event = findEvent(tenant, parsed.value.eventKey);
  if (event === undefined) return unknownEvent(parsed.value.eventKey);
  const members = parsed.value.members.map((entry) => {
    const outcome = enter(tenant, event, entry);
    return outcome.ok
      ? { contactKey: entry.contactKey, eventInstanceId: outcome.eventInstanceId }
      : { contactKey: entry.contactKey, message: outcome.message };
  });
  const notQueuedCount = members.filter((m) => 'message' in m).length;
  return { status: 202, body: { requestId: randomUUID(), count: members.length, notQueuedCount, members } };
}

/** `POST /interaction/v1/interactions/contactMembership`: `{ContactKeyList}` (at most 50) -> memberships and keys not found. */
export function contactMembership(tenant: JourneyTenant, bodyText: string): JsonReply {
  const parsed = parseJsonBody(bodyText, (body) => {
    const keys = array(present(record(body, invalidDataType).ContactKeyList), invalidDataType).map((k) =>
      string(k, invalidDataType),
    );
    if (keys.length === 0 || keys.length > MAX_MEMBERSHIP_KEYS) throw new Refusal(invalidValue());
    return keys;
  });
  if (!parsed.ok) return parsed.reply;
  const known = parsed.value.filter((key) => tenant.store.findByKey(key) !== undefined);
  const contactMemberships = known.flatMap((contactKey) =>
    tenant.memberships.of(contactKey).map((definitionKey) => ({ contactKey, definitionKey, version: 1 })),
  );
  const contactsNotFound = parsed.value.filter((key) => tenant.store.findByKey(key) === undefined);
  return { status: 200, body: { results: { contactMemberships, contactsNotFound } } };
}
