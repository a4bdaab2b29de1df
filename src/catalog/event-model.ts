import { isJsonObject, type JsonObject } from '../json-object.js';
import { isBoolean, isInteger, isString, optional, TenantModelError, text, withDefined } from './snapshot-fields.js';

type Json = JsonObject;

/**
 * The tenant's API event definitions as the snapshot holds them (the `events` section of
 * `tenant-model.json`, written by `npm run datamodel:pull` from `GET /interaction/v1/eventDefinitions`):
 * each event's key and the fields of its schema, and the decisions made on it (`allowed`,
 * `graphqlName`). An event is fired by frontends only when a reviewer set `"allowed": true`.
 */

export interface ModelEventField {
  /** The field's name in the event's data (and its data extension's column). */
  name: string;
  /** SFMC's data type as listed: Text, Number, Decimal, Date, Email, Phone, Boolean, Locale. */
  dataType: string;
  /** Maximum length of a Text value; absent: unbounded. */
  length?: number;
  /** `isNullable: false`: every entry must give it. */
  nullable: boolean;
  primaryKey: boolean;
  /** The GraphQL field name; kept by pulls while it is free and usable. */
  graphqlName?: string;
}

export interface ModelEvent {
  /** The event's display name in Journey Builder. */
  name: string;
  /** `eventDefinitionKey`, as journey entry sends it. */
  key: string;
  id?: string;
  description: string;
  /** A reviewer's decision, kept by pulls: true lets frontends fire it (`enterJourney`); none is by default. */
  allowed: boolean;
  /** The GraphQL name of its data (a field of JourneyEventData); kept by pulls, so a new event never renames it. */
  graphqlName?: string;
  fields: ModelEventField[];
}

const isLength = (v: unknown): v is number => isInteger(v) && v > 0;

function readField(entry: unknown, where: string): ModelEventField {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} must be an object`);
  const name = text(entry, 'name', where);
  const at = `${where} ("${name}")`;
  const field: ModelEventField = {
    name,
    dataType: text(entry, 'dataType', at),
    nullable: optional(entry, 'nullable', isBoolean, 'true or false', at) ?? true,
    primaryKey: optional(entry, 'primaryKey', isBoolean, 'true or false', at) ?? false,
  };
  return withDefined(field, {
    length: optional(entry, 'length', isLength, 'a positive whole number', at),
    graphqlName: optional(entry, 'graphqlName', isString, 'a string', at),
  });
}

function readEvent(entry: unknown, where: string): ModelEvent {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} must be an object`);
  const key = text(entry, 'key', where);
  const at = `${where} ("${key}")`;
  const fields = entry.fields;
  if (!Array.isArray(fields)) throw new TenantModelError(`${at}: "fields" must be a list`);
  const event: ModelEvent = {
    name: text(entry, 'name', at),
    key,
    description: optional(entry, 'description', isString, 'a string', at) ?? '',
    allowed: optional(entry, 'allowed', isBoolean, 'true or false', at) ?? false,
    fields: fields.map((f, i) => readField(f, `${at}.fields[${i}]`)),
  };
  const names = new Set<string>();
  for (const field of event.fields) {
    if (names.has(field.name.toLowerCase())) throw new TenantModelError(`${at}: field "${field.name}" is listed twice`);
    names.add(field.name.toLowerCase());
  }
  return withDefined(event, {
    id: optional(entry, 'id', isString, 'a string', at),
    graphqlName: optional(entry, 'graphqlName', isString, 'a string', at),
  });
}

/** A snapshot's `events` section (absent: undefined, a model that was pulled before events were). */
export function readEvents(json: unknown): ModelEvent[] | undefined {
  if (json === undefined) return undefined;
  if (!Array.isArray(json)) throw new TenantModelError('"events" must be a list');
  const events = json.map((e, i) => readEvent(e, `events[${i}]`));
  const keys = new Set<string>();
  for (const event of events) {
    if (keys.has(event.key.toLowerCase())) throw new TenantModelError(`event "${event.key}" is listed twice`);
    keys.add(event.key.toLowerCase());
  }
  return events;
}

/** The file's field order; flags only when they differ from the default. */
export const eventJson = (e: ModelEvent): Json => ({
  name: e.name,
  key: e.key,
  id: e.id,
  description: e.description,
  allowed: e.allowed,
  graphqlName: e.graphqlName,
  fields: e.fields.map((f) => ({
    name: f.name,
    dataType: f.dataType,
    length: f.length,
    nullable: f.nullable ? undefined : false,
    primaryKey: f.primaryKey || undefined,
    graphqlName: f.graphqlName,
  })),
});

/** SFMC writes `maxLength` as a string ("50"), empty when there is none. */
function lengthOf(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function fieldFromDefinition(raw: unknown): ModelEventField | undefined {
  if (!isJsonObject(raw) || typeof raw.name !== 'string' || raw.name.trim() === '') return undefined;
  const length = lengthOf(raw.maxLength);
  return {
    name: raw.name,
    dataType: typeof raw.dataType === 'string' && raw.dataType !== '' ? raw.dataType : 'Text',
    ...(length !== undefined ? { length } : {}),
    nullable: raw.isNullable !== false,
    primaryKey: raw.isPrimaryKey === true,
  };
}

/**
 * The API events (`type: APIEvent`, the ones journey entry by API fires) among SFMC's event
 * definitions, as `GET /interaction/v1/eventDefinitions` lists them; the others (data extension and
 * automation audiences) enter their journeys on their own. None is allowed.
 */
export function eventsFromDefinitions(items: readonly unknown[]): ModelEvent[] {
  return items.flatMap((raw): ModelEvent[] => {
    if (!isJsonObject(raw) || raw.type !== 'APIEvent' || typeof raw.eventDefinitionKey !== 'string') return [];
    const fields = isJsonObject(raw.schema) && Array.isArray(raw.schema.fields) ? raw.schema.fields : [];
    const name = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : raw.eventDefinitionKey;
    return [
      {
        name,
        key: raw.eventDefinitionKey,
        ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
        description: typeof raw.description === 'string' ? raw.description : '',
        allowed: false,
        fields: fields.flatMap((f) => fieldFromDefinition(f) ?? []),
      },
    ];
  });
}
