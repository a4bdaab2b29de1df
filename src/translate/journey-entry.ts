import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import type { Catalog, CatalogEvent, CatalogEventField } from '../catalog/index.js';
import type { UserError } from '../errors.js';
import { contactKeyProblem, listProblem, valueProblem, type TextProblem } from './input-text.js';

/**
 * Journey entry's input -> SFMC's bodies, every problem found on the way as a user error at its
 * input path. `JourneyEventData` holds one optional field per allowed event (GraphQL has no input
 * unions): exactly the field of the chosen `event` must be given, and its values are checked by
 * the event's field types (text length and characters, dates, email addresses).
 */

/** SFMC's limit for one queued entry (`POST /interaction/v1/async/events`). */
export const MAX_JOURNEY_MEMBERS = 100;

/** `JourneyEventData` as GraphQL hands it over: event data by the event's GraphQL name. */
export type JourneyEventDataInput = Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;

/** SFMC's `Data`: values by the event's field names. */
export type EventData = Record<string, AttributeScalar>;

/** `POST /interaction/v1/events`. */
export interface FireEventBody {
  ContactKey: string;
  EventDefinitionKey: string;
  Data: EventData;
}

/** `POST /interaction/v1/async/events`. */
export interface FireEventsBody {
  eventDefinitionKey: string;
  members: { contactKey: string; data: EventData }[];
}

const problemAt = (field: string[], problem: TextProblem): UserError => ({ field, ...problem });

/** Why a value does not fit its field, or undefined (GraphQL has checked its scalar type). */
function fieldProblem(field: CatalogEventField, value: AttributeScalar): TextProblem | undefined {
  if (typeof value === 'string') {
    const text = valueProblem(value, field.length);
    if (text !== undefined) return text;
  }
  if (field.dataType === 'Text') return undefined;
  const checked = coerceValue(field.dataType, value, field.length);
  if (checked.ok) return undefined;
  const code = field.dataType === 'Date' ? 'INVALID_DATE' : field.dataType === 'Number' ? 'OUT_OF_RANGE' : 'INVALID_FORMAT';
  return { code, message: checked.reason };
}

/**
 * The event's data as SFMC's `Data`, with every problem at `path` (the `data` argument's path): the
 * event's own field missing, another event's field given, a value that does not fit.
 */
export function translateEventData(
  event: CatalogEvent,
  catalog: Catalog,
  data: JourneyEventDataInput,
  path: readonly string[],
): { data: EventData; problems: UserError[] } {
  const problems: UserError[] = [];
  for (const other of catalog.events) {
    if (other.key !== event.key && data[other.graphqlName] != null) {
      problems.push({
        field: [...path, other.graphqlName],
        code: 'WRONG_EVENT',
        message: `is the data of event ${other.enumValue}, not of ${event.enumValue}: give only "${event.graphqlName}"`,
      });
    }
  }
  const given = data[event.graphqlName];
  if (given == null) {
    problems.push({
      field: [...path, event.graphqlName],
      code: 'REQUIRED',
      message: `the data of event ${event.enumValue} is missing`,
    });
    return { data: {}, problems };
  }
  const out: EventData = {};
  for (const field of event.fields) {
    const value = given[field.graphqlName];
    if (value === undefined || value === null) continue;
    const problem = fieldProblem(field, value as AttributeScalar);
    if (problem !== undefined) problems.push(problemAt([...path, event.graphqlName, field.graphqlName], problem));
    else out[field.sfmcName] = value as AttributeScalar;
  }
  return { data: out, problems };
}

/** A contact key's problem at its path, if any. */
export function contactKeyProblems(contactKey: string, field: string[]): UserError[] {
  const problem = contactKeyProblem(contactKey);
  return problem === undefined ? [] : [problemAt(field, problem)];
}

/** More members than one queued entry takes, at `field`. */
export function membersProblems(members: readonly unknown[], field: string[]): UserError[] {
  const problem = listProblem(members, MAX_JOURNEY_MEMBERS);
  if (problem !== undefined) return [problemAt(field, problem)];
  return members.length === 0 ? [{ field, code: 'EMPTY', message: 'must list at least one member' }] : [];
}

/** The allowed event of this key (the JourneyEvent enum's value), or undefined. */
export const findEvent = (catalog: Catalog, key: string): CatalogEvent | undefined => catalog.events.find((e) => e.key === key);
