import type { ModelEvent, ModelEventField, TenantModel } from '../catalog/index.js';
import { eventFieldType } from '../catalog/event-catalog.js';
import { eventDataTypeName } from '../catalog/naming.js';

/**
 * `npm run datamodel:check` for the events frontends may fire: how an allowed event drifted from
 * the committed snapshot, in SFMC's terms (`event "Welcome Series".FirstName: length 50 → 20`).
 * Events not allowed have no input, so their changes break nothing. Pure.
 */

type Severity = 'breaking' | 'dangerous' | 'safe';
export interface EventChange {
  severity: Severity;
  where: string;
  cause: string;
}

const placeOf = (event: ModelEvent, field?: ModelEventField) => `event "${event.name}"${field ? `.${field.name}` : ''}`;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function fieldChanges(event: ModelEvent, before: ModelEventField, after: ModelEventField | undefined): EventChange[] {
  const where = placeOf(event, before);
  if (after === undefined) return [{ severity: 'breaking', where, cause: 'field removed' }];
  const changes: EventChange[] = [];
  const add = (severity: Severity, cause: string) => changes.push({ severity, where, cause });
  if (after.graphqlName !== before.graphqlName) add('breaking', `field ${before.graphqlName} → ${after.graphqlName}`);
  if (after.dataType !== before.dataType) {
    const sameRules = eventFieldType(after.dataType) === eventFieldType(before.dataType);
    add(sameRules ? 'safe' : 'breaking', `data type ${before.dataType} → ${after.dataType}`);
  }
  if (after.length !== before.length) {
    const narrower = after.length !== undefined && (before.length === undefined || after.length < before.length);
    add(narrower ? 'breaking' : 'safe', `length ${before.length ?? 'unbounded'} → ${after.length ?? 'unbounded'}`);
  }
  if (after.nullable !== before.nullable)
    add(after.nullable ? 'safe' : 'breaking', after.nullable ? 'optional now' : 'required now');
  return changes;
}

function eventChangesOf(before: ModelEvent, after: ModelEvent | undefined): EventChange[] {
  const where = placeOf(before);
  if (after === undefined) return [{ severity: 'breaking', where, cause: 'event definition removed' }];
  if (!after.allowed) return [{ severity: 'breaking', where, cause: 'no longer allowed' }];
  const changes: EventChange[] = [];
  if (after.graphqlName !== before.graphqlName) {
    changes.push({ severity: 'breaking', where, cause: `field ${before.graphqlName} → ${after.graphqlName}` });
  }
  for (const field of before.fields)
    changes.push(
      ...fieldChanges(
        before,
        field,
        after.fields.find((f) => same(f.name, field.name)),
      ),
    );
  for (const field of after.fields) {
    if (before.fields.some((f) => same(f.name, field.name))) continue;
    changes.push({
      severity: field.nullable ? 'safe' : 'breaking',
      where: placeOf(after, field),
      cause: `field added: ${field.graphqlName}${field.nullable ? '' : ' (required)'}`,
    });
  }
  return changes;
}

/** Every change of the allowed events from `before` (the committed snapshot) to `after` (the tenant now). */
export function eventChanges(before: TenantModel, after: TenantModel): EventChange[] {
  const now = after.events ?? [];
  const find = (event: ModelEvent) => now.find((e) => (event.id !== undefined && e.id === event.id) || same(e.key, event.key));
  const allowedBefore = (before.events ?? []).filter((e) => e.allowed);
  const changes = allowedBefore.flatMap((event) => eventChangesOf(event, find(event)));
  for (const event of now.filter((e) => e.allowed)) {
    if (!allowedBefore.some((b) => same(b.key, event.key))) {
      changes.push({ severity: 'safe', where: placeOf(event), cause: `allowed: ${event.graphqlName}` });
    }
  }
  return changes;
}

/** The schema's journey types and fields, which exist while any event is allowed. */
const JOURNEY_TYPES =
  /^(EnterJourneys?(Input|Payload)|JourneyEvent|JourneyEventData|JourneyMember(Input|Result)|JourneyEntryStatus)$/;
const isJourneyPlace = (place: { type: string; field?: string }) =>
  JOURNEY_TYPES.test(place.type) || (place.type === 'Mutation' && /^enterJourneys?$/.test(place.field ?? ''));

/**
 * `event "Name".Field` or `event "Name"` of a schema place (an event's data type and its fields), in
 * either model; a journey type's place is every event's (the allow-list decides whether those exist).
 */
export function eventPlace(models: TenantModel[], place: { type: string; field?: string }): string[] {
  const events = models.flatMap((m) => m.events ?? []).filter((e) => e.graphqlName !== undefined);
  const eventField = place.type === 'JourneyEventData' && place.field !== undefined;
  if (isJourneyPlace(place) && !eventField) return events.map((e) => placeOf(e));
  const places: string[] = [];
  for (const event of events) {
    const own = place.type === eventDataTypeName(event.graphqlName!);
    const parent = place.type === 'JourneyEventData' && place.field === event.graphqlName;
    if (parent || (own && place.field === undefined)) places.push(placeOf(event));
    if (!own || place.field === undefined) continue;
    const field = event.fields.find((f) => f.graphqlName === place.field);
    if (field) places.unshift(placeOf(event, field));
    places.push(placeOf(event));
  }
  return places;
}
