import type { Cardinality } from './types.js';
import { isJsonObject, type JsonObject } from '../json-object.js';
import { eventJson, readEvents, type ModelEvent } from './event-model.js';
import { flag, isBoolean, isInteger, isString, optional, TenantModelError, text, withDefined } from './snapshot-fields.js';

export { TenantModelError } from './snapshot-fields.js';

type Json = JsonObject;

/**
 * A tenant's contact data model as the snapshot file holds it
 * (`src/catalog/tenant-model.json`, written by `npm run datamodel:pull`): every
 * attribute group and attribute SFMC listed, with what the catalog needs, SFMC's keys
 * and ids for review, and the decisions made on it (`graphqlName`, `untyped`).
 */

export interface ModelAttribute {
  /** Display name, as sent in `values[].name`. */
  name: string;
  key: string;
  /** SFMC's id (the emulator's are derived from names). */
  id?: string;
  /** SFMC's data type as listed; one this service does not know leaves the attribute untyped. */
  dataType: string;
  /** Maximum length of Text, Phone and EmailAddress values; -1 or absent: unbounded. */
  length?: number;
  primaryKey: boolean;
  nullable: boolean;
  /** Contact Builder's read-only flag. Not an API write ban: SFMC's own examples write such attributes. */
  readOnly: boolean;
  hidden: boolean;
  /** SFMC generates the value (`isIdentityValue`). */
  identity: boolean;
  systemDefined: boolean;
  defaultValue?: string;
  /** The Contact attribute this one mirrors ("Contact.Contact Key"), from the group's relationship to the contact. */
  linkedTo?: string;
  description: string;
  /** A reviewer's decision, kept by pulls: true or false overrides the typing rules. */
  typed?: boolean;
  /** The GraphQL field name; kept by pulls while it is free and usable, so names are stable. */
  graphqlName?: string;
  /** Why it has no field (written for review; recomputed on load). */
  untyped?: string;
}

export interface ModelGroup {
  name: string;
  key: string;
  id?: string;
  cardinality: Cardinality;
  /** The Contact set itself (`isRoot`, or key "Contact"). */
  root: boolean;
  hidden: boolean;
  systemDefined: boolean;
  description: string;
  typed?: boolean;
  /**
   * A reviewer's decision, kept by pulls: true offers a group SFMC keeps itself (every
   * attribute read-only or system-maintained) in UpdateContactInput; false takes a group out.
   */
  writable?: boolean;
  graphqlName?: string;
  untyped?: string;
  /** Why a typed group is not in UpdateContactInput (written for review; recomputed on load). */
  notWritable?: string;
  attributes: ModelAttribute[];
}

export interface TenantModel {
  groups: ModelGroup[];
  /** The tenant's API event definitions (journey entry); absent in a snapshot pulled before events were. */
  events?: ModelEvent[];
}

export const SNAPSHOT_FORMAT = 'contacts-graph/tenant-model/1';

const ABOUT =
  "The SFMC tenant's contact data model, from GET /contacts/v1/attributeSetDefinitions (npm run datamodel:pull). " +
  'schema.graphql is generated from it: review a change here with the schema diff. ' +
  'By hand you may set "typed": true/false and "graphqlName" on a group or attribute, and "writable": true/false on a group; ' +
  'pulls keep them. "events" lists the API event definitions (GET /interaction/v1/eventDefinitions): ' +
  'set "allowed": true on an event to let frontends fire it (enterJourney); pulls keep it and "graphqlName".';

function readAttribute(entry: unknown, where: string): ModelAttribute {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} must be an object`);
  const name = text(entry, 'name', where);
  const at = `${where} ("${name}")`;
  const attribute: ModelAttribute = {
    name,
    key: text(entry, 'key', at),
    dataType: text(entry, 'dataType', at),
    primaryKey: flag(entry, 'primaryKey', false, at),
    nullable: flag(entry, 'nullable', true, at),
    readOnly: flag(entry, 'readOnly', false, at),
    hidden: flag(entry, 'hidden', false, at),
    identity: flag(entry, 'identity', false, at),
    systemDefined: flag(entry, 'systemDefined', false, at),
    description: optional(entry, 'description', isString, 'a string', at) ?? '',
  };
  const extras = {
    id: optional(entry, 'id', isString, 'a string', at),
    length: optional(entry, 'length', isInteger, 'a whole number', at),
    defaultValue: optional(entry, 'defaultValue', isString, 'a string', at),
    linkedTo: optional(entry, 'linkedTo', isString, 'a string', at),
    typed: optional(entry, 'typed', isBoolean, 'true or false', at),
    graphqlName: optional(entry, 'graphqlName', isString, 'a string', at),
  };
  return withDefined(attribute, extras);
}

function readGroup(entry: unknown, where: string): ModelGroup {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} must be an object`);
  const name = text(entry, 'name', where);
  const at = `${where} ("${name}")`;
  const cardinality = entry.cardinality;
  if (cardinality !== 'ONE' && cardinality !== 'MANY') throw new TenantModelError(`${at}: "cardinality" must be "ONE" or "MANY"`);
  const attributes = entry.attributes;
  if (!Array.isArray(attributes)) throw new TenantModelError(`${at}: "attributes" must be a list`);
  const group: ModelGroup = {
    name,
    key: text(entry, 'key', at),
    cardinality,
    root: flag(entry, 'root', false, at),
    hidden: flag(entry, 'hidden', false, at),
    systemDefined: flag(entry, 'systemDefined', false, at),
    description: optional(entry, 'description', isString, 'a string', at) ?? '',
    attributes: attributes.map((a, i) => readAttribute(a, `${at}.attributes[${i}]`)),
  };
  const extras = {
    id: optional(entry, 'id', isString, 'a string', at),
    typed: optional(entry, 'typed', isBoolean, 'true or false', at),
    writable: optional(entry, 'writable', isBoolean, 'true or false', at),
    graphqlName: optional(entry, 'graphqlName', isString, 'a string', at),
  };
  return withDefined(group, extras);
}

/** Reads a snapshot (the object parsed from tenant-model.json). */
export function readSnapshot(json: unknown): TenantModel {
  if (!isJsonObject(json) || json.format !== SNAPSHOT_FORMAT || !Array.isArray(json.groups)) {
    throw new TenantModelError(`not a tenant-model snapshot: expected { "format": "${SNAPSHOT_FORMAT}", "groups": [...] }`);
  }
  const model: TenantModel = { groups: json.groups.map((g, i) => readGroup(g, `groups[${i}]`)) };
  const events = readEvents(json.events);
  if (events !== undefined) model.events = events;
  const names = new Set<string>();
  for (const group of model.groups) {
    const lower = group.name.toLowerCase();
    if (names.has(lower)) throw new TenantModelError(`attribute group "${group.name}" is listed twice`);
    names.add(lower);
    const attributes = new Set<string>();
    for (const attribute of group.attributes) {
      const lowerAttribute = attribute.name.toLowerCase();
      if (attributes.has(lowerAttribute)) {
        throw new TenantModelError(`attribute "${group.name}.${attribute.name}" is listed twice`);
      }
      attributes.add(lowerAttribute);
    }
  }
  return model;
}

/** A flag is written only when set (`nullable` only when false). */
const when = (flag: boolean): true | undefined => flag || undefined;

/** The file's field order. */
const attributeJson = (a: ModelAttribute): Json => ({
  name: a.name,
  key: a.key,
  id: a.id,
  dataType: a.dataType,
  length: a.length,
  primaryKey: when(a.primaryKey),
  nullable: a.nullable ? undefined : false,
  readOnly: when(a.readOnly),
  hidden: when(a.hidden),
  identity: when(a.identity),
  systemDefined: when(a.systemDefined),
  defaultValue: a.defaultValue,
  linkedTo: a.linkedTo,
  // Its description, then the decisions made on it.
  description: a.description,
  typed: a.typed,
  graphqlName: a.graphqlName,
  untyped: a.untyped,
});

const groupJson = (g: ModelGroup): Json => ({
  name: g.name,
  key: g.key,
  id: g.id,
  cardinality: g.cardinality,
  root: when(g.root),
  hidden: when(g.hidden),
  systemDefined: when(g.systemDefined),
  description: g.description,
  typed: g.typed,
  writable: g.writable,
  graphqlName: g.graphqlName,
  untyped: g.untyped,
  notWritable: g.notWritable,
  attributes: g.attributes.map(attributeJson),
});

/** What src/catalog/standard-model.json says of itself. */
export const STANDARD_MODEL_ABOUT =
  "SFMC's standard attribute groups, as SFMC's example request writes them: the model the emulator serves by default " +
  "and the test suite builds from. Never rewritten by a pull: a tenant's model goes to tenant-model.json.";

/** The snapshot file's text: pretty-printed, fields in a fixed order, a final newline. */
export function serializeSnapshot(model: TenantModel, about: string = ABOUT): string {
  const events = model.events === undefined ? {} : { events: model.events.map(eventJson) };
  const file = { format: SNAPSHOT_FORMAT, about, groups: model.groups.map(groupJson), ...events };
  return `${JSON.stringify(file, null, 2)}\n`;
}
