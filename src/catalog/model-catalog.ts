import { readFileSync } from 'node:fs';
import { GRAPHQL_SCALAR_OF } from './data-types.js';
import { contactIdentityOf, definitionsIn, modelFromDefinitions } from './definitions.js';
import { catalogEvents, mergeEvents, resolveEvents } from './event-catalog.js';
import { assignFieldNames, typeNameOf } from './naming.js';
import { isJsonObject } from '../json-object.js';
import {
  readSnapshot,
  SNAPSHOT_FORMAT,
  TenantModelError,
  type ModelAttribute,
  type ModelGroup,
  type TenantModel,
} from './tenant-model.js';
import type { CatalogAttribute, CatalogGroup, CatalogGroups, ModelNames, SfmcDataType } from './types.js';

/**
 * Tenant model -> catalog: which groups and attributes get typed GraphQL fields, under
 * which names, with which descriptions. Pure and deterministic: the same model gives
 * the same catalog, and so the same schema.
 */

const isSfmcDataType = (dataType: string): dataType is SfmcDataType => Object.hasOwn(GRAPHQL_SCALAR_OF, dataType);

/** SFMC's own bookkeeping stamps, by key. */
const AUDIT_KEYS = new Set(['createddate', 'createdby', 'modifieddate', 'modifiedby']);

/**
 * Whether the service fills the attribute from `contactKey` in every row it sends: it holds
 * the contact's key and is the row's key, or the tenant's own (a data extension's ContactKey).
 * SFMC fills its own sets' other copies of the contact's key and id itself.
 */
const filledFromContactKey = (a: ModelAttribute): boolean => contactIdentityOf(a) === 'key' && (a.primaryKey || !a.systemDefined);

/** Why an attribute holding the contact's key or id is never asked from the caller, or undefined. */
function contactIdentityReason(a: ModelAttribute): string | undefined {
  const identity = contactIdentityOf(a);
  if (identity === undefined) return undefined;
  if (filledFromContactKey(a)) return "the contact's key: the service fills it from contactKey, never asks for it";
  return `the contact's own ${identity}: SFMC keeps it from the contact (contactKey/contactId)`;
}

/** Kept by SFMC itself, never written by a caller: why, or undefined. */
function maintainedBySfmc(a: ModelAttribute): string | undefined {
  if (a.hidden) return 'hidden in Contact Builder';
  if (a.identity) return 'an identity value SFMC generates';
  const identity = contactIdentityReason(a);
  if (identity !== undefined) return identity;
  const audit = AUDIT_KEYS.has(a.key.toLowerCase().replace(/[^a-z]/g, ''));
  if (a.systemDefined && a.readOnly && (audit || a.defaultValue !== undefined)) {
    return 'kept by SFMC itself (created/modified stamps, read-only attributes with a default)';
  }
  return undefined;
}

/**
 * Why an attribute gets no typed field, or undefined when it gets one. Contact
 * Builder's read-only flag is no reason: SFMC's own examples write read-only attributes
 * (Device ID, Application, the LINE display fields) through this API.
 */
function attributeUntypedReason(a: ModelAttribute): string | undefined {
  if (!isSfmcDataType(a.dataType)) return `its data type "${a.dataType}" has no GraphQL type here`;
  // Identity is never an input, whatever the file says.
  const identity = contactIdentityReason(a);
  if (identity !== undefined) return identity;
  if (a.typed !== undefined) return a.typed ? undefined : 'turned off in this file ("typed": false)';
  return maintainedBySfmc(a);
}

/**
 * Why a typed group is left out of UpdateContactInput, or undefined. A group SFMC keeps
 * itself (Predictive Intelligence, Einstein scores, MobilePush Tags: every attribute
 * read-only or system-maintained) would only invite writes SFMC refuses.
 */
function groupNotWritableReason(g: ModelGroup): string | undefined {
  if (g.writable !== undefined) return g.writable ? undefined : 'turned off in this file ("writable": false)';
  if (g.attributes.every((a) => a.readOnly || maintainedBySfmc(a) !== undefined)) {
    return 'every attribute is read-only or kept by SFMC: readable on Contact, not in UpdateContactInput ("writable": true offers it)';
  }
  return undefined;
}

/** Why a group gets no typed field, given how many of its attributes are typed. */
function groupUntypedReason(g: ModelGroup, typedAttributes: number): string | undefined {
  if (g.typed === false) return 'turned off in this file ("typed": false)';
  if (g.typed !== true && g.root) return 'the contact itself: contactKey and contactId';
  if (g.typed !== true && g.hidden) return 'hidden in Contact Builder';
  if (typedAttributes === 0) return 'no attribute to type';
  return undefined;
}

/**
 * The model with its decisions made: `graphqlName` on every typed group and attribute
 * (a name already there is kept while it is usable and free), `untyped` with the
 * reason on the others. Attributes of an untyped group carry neither.
 */
export function resolveModel(model: TenantModel): TenantModel {
  const groups = model.groups.map((group): ModelGroup => {
    const reasons = group.attributes.map(attributeUntypedReason);
    const typed = group.attributes.filter((_, i) => reasons[i] === undefined);
    const names = assignFieldNames(
      typed.map((a) => ({ sfmcName: a.name, key: a.key, preferred: a.graphqlName })),
      'attribute',
    );
    const reason = groupUntypedReason(group, typed.length);
    let n = 0;
    const attributes = group.attributes.map((attribute, i): ModelAttribute => {
      const bare = undecided(attribute);
      if (reason !== undefined) return bare;
      const why = reasons[i];
      return why === undefined ? { ...bare, graphqlName: names[n++]! } : { ...bare, untyped: why };
    });
    const notWritable = reason === undefined ? groupNotWritableReason(group) : undefined;
    return {
      ...undecided(group),
      ...(reason !== undefined ? { untyped: reason } : {}),
      ...(notWritable !== undefined ? { notWritable } : {}),
      attributes,
    };
  });
  const typedGroups = groups.flatMap((g, i) => (g.untyped === undefined ? [{ resolved: g, given: model.groups[i]! }] : []));
  const names = assignFieldNames(
    typedGroups.map(({ given }) => ({ sfmcName: given.name, key: given.key, preferred: given.graphqlName })),
    'group',
  );
  typedGroups.forEach(({ resolved }, i) => {
    resolved.graphqlName = names[i]!;
  });
  return model.events === undefined ? { groups } : { groups, events: resolveEvents(model.events, groupTypeNames(groups)) };
}

/** The type names the typed groups of a resolved model hold: an event's data type never takes one. */
const groupTypeNames = (groups: readonly ModelGroup[]): string[] =>
  groups.flatMap((g) => (g.graphqlName === undefined ? [] : [typeNameOf(g.graphqlName), `${typeNameOf(g.graphqlName)}Input`]));

/** An entry without the decisions a resolution makes. */
function undecided<T extends { graphqlName?: string; untyped?: string; notWritable?: string }>(entry: T): T {
  const copy = { ...entry };
  delete copy.graphqlName;
  delete copy.untyped;
  delete copy.notWritable;
  return copy;
}

const sentence = (text: string): string => (text === '' || /[.!?]$/.test(text) ? text : `${text}.`);
const joined = (...parts: string[]): string => parts.filter((p) => p !== '').join(' ');

/** What a String field of these types must hold, in its description. */
const FORMATS: Partial<Record<SfmcDataType, string>> = {
  Date: ' (YYYY-MM-DD, an ISO 8601 date-time or MM/DD/YYYY)',
  LongNumber: ' (a 64-bit whole number, as a string of digits)',
};

function catalogAttribute(a: ModelAttribute, name: string): CatalogAttribute {
  const dataType = isSfmcDataType(a.dataType) ? a.dataType : 'Text';
  const length = a.length !== undefined && a.length > 0 ? ` (at most ${a.length} characters)` : (FORMATS[dataType] ?? '');
  return {
    sfmcName: a.name,
    key: a.key,
    ...(a.id !== undefined ? { id: a.id } : {}),
    graphqlName: name,
    dataType,
    ...(a.length !== undefined ? { length: a.length } : {}),
    isPrimaryKey: a.primaryKey,
    isNullable: a.nullable,
    description: joined(
      sentence(a.description),
      a.primaryKey ? 'Identifies the row.' : '',
      a.readOnly ? 'Read-only in Contact Builder: SFMC may refuse to change it.' : '',
      `SFMC attribute "${a.name}", ${dataType}${length}.`,
    ),
  };
}

function catalogGroup(
  g: ModelGroup,
  name: string,
  attributes: CatalogAttribute[],
  write: { writable: boolean; contactKeyAttributes: string[] },
): CatalogGroup {
  const rows = g.cardinality === 'MANY' ? 'Many rows per contact.' : 'One row per contact.';
  const filled = write.contactKeyAttributes.map((a) => `"${a}"`).join(', ');
  return {
    sfmcName: g.name,
    key: g.key,
    ...(g.id !== undefined ? { id: g.id } : {}),
    graphqlName: name,
    typeName: typeNameOf(name),
    inputTypeName: `${typeNameOf(name)}Input`,
    cardinality: g.cardinality,
    description: joined(
      sentence(g.description),
      rows,
      `SFMC attribute group "${g.name}".`,
      write.writable ? '' : 'Kept by SFMC: read here, not written through updateContact.',
      write.writable && filled !== '' ? `${filled} holds the contact's key: filled from contactKey, never asked.` : '',
    ),
    attributes,
    writable: write.writable,
    contactKeyAttributes: write.contactKeyAttributes,
  };
}

/**
 * The catalog of a model: its typed groups with their typed attributes. With
 * `everything` (the emulator's view of the tenant) every group but the Contact set, with
 * every attribute; an unknown data type reads as Text there, and only the row keys a
 * caller gives are keys (not those SFMC keeps itself).
 */
export function catalogFromModel(model: TenantModel, options: { everything?: boolean } = {}): CatalogGroups {
  const groups = withModelNames(catalogGroups(model, options), modelNames(model));
  const events = catalogEvents(model.events ?? [], groupTypeNames(resolveModel({ groups: model.groups }).groups));
  return Object.defineProperty(groups, 'events', { value: events, enumerable: false });
}

/** Every group's and attribute's SFMC name in the model, typed or not, lower case. */
export function modelNames(model: TenantModel): ModelNames {
  return new Map(model.groups.map((g) => [g.name.toLowerCase(), new Set(g.attributes.map((a) => a.name.toLowerCase()))]));
}

/**
 * The groups with the model's names attached, not enumerable: the groups stay a plain list to
 * compare, filter or print, and `createCatalog` finds the names on the list it is given.
 */
function withModelNames(groups: CatalogGroup[], names: ModelNames): CatalogGroups {
  return Object.defineProperty(groups, 'modelNames', { value: names, enumerable: false });
}

function catalogGroups(model: TenantModel, options: { everything?: boolean }): CatalogGroup[] {
  if (options.everything) {
    const groups = model.groups.filter((g) => !g.root);
    const names = assignFieldNames(
      groups.map((g) => ({ sfmcName: g.name, key: g.key })),
      'group',
    );
    return groups.map((g, i) => {
      const attributeNames = assignFieldNames(
        g.attributes.map((a) => ({ sfmcName: a.name, key: a.key })),
        'attribute',
      );
      // A row key SFMC keeps itself (a hidden list id, the contact's id) is not the caller's to give.
      const attributes = g.attributes.map((a, j) => ({
        ...catalogAttribute(a, attributeNames[j]!),
        isPrimaryKey: a.primaryKey && maintainedBySfmc(a) === undefined,
      }));
      return catalogGroup(g, names[i]!, attributes, { writable: true, contactKeyAttributes: [] });
    });
  }
  return resolveModel(model).groups.flatMap((g) =>
    g.graphqlName === undefined
      ? []
      : [
          catalogGroup(
            g,
            g.graphqlName,
            g.attributes.flatMap((a) => (a.graphqlName === undefined ? [] : [catalogAttribute(a, a.graphqlName)])),
            {
              writable: g.notWritable === undefined,
              contactKeyAttributes: g.attributes.filter(filledFromContactKey).map((a) => a.name),
            },
          ),
        ],
  );
}

type Entry = { id?: string; key: string; name: string };

/**
 * Which entry of `previous` each entry is: the same SFMC id, else (among those not
 * matched yet) the same key, else the same name, without regard to case. Ids differ
 * between the emulator and a tenant; keys and names of SFMC's own sets do not.
 */
export function counterparts<T extends Entry>(entries: readonly T[], previous: readonly T[]): (T | undefined)[] {
  const found: (T | undefined)[] = entries.map(() => undefined);
  const used = new Set<T>();
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  for (const field of ['id', 'key', 'name'] as const) {
    entries.forEach((entry, i) => {
      if (found[i]) return;
      const match = previous.find((p) => !used.has(p) && same(p[field], entry[field]));
      if (match) {
        found[i] = match;
        used.add(match);
      }
    });
  }
  return found;
}

/** What a pull keeps from the snapshot it replaces: names, typing and writing decisions, descriptions SFMC does not give. */
function kept<T extends { typed?: boolean; writable?: boolean; graphqlName?: string; description: string }>(
  pulled: T,
  before: T | undefined,
): T {
  if (!before) return pulled;
  return {
    ...pulled,
    ...(before.typed !== undefined ? { typed: before.typed } : {}),
    ...(before.writable !== undefined ? { writable: before.writable } : {}),
    ...(before.graphqlName !== undefined ? { graphqlName: before.graphqlName } : {}),
    description: pulled.description === '' ? before.description : pulled.description,
  };
}

export function mergePrevious(pulled: TenantModel, previous: TenantModel | undefined): TenantModel {
  if (!previous) return pulled;
  const groups = counterparts(pulled.groups, previous.groups);
  const merged: TenantModel = {
    groups: pulled.groups.map((group, i) => {
      const before = groups[i];
      const attributes = counterparts(group.attributes, before?.attributes ?? []);
      return { ...kept(group, before), attributes: group.attributes.map((a, j) => kept(a, attributes[j])) };
    }),
  };
  if (pulled.events !== undefined) merged.events = mergeEvents(pulled.events, previous.events);
  return merged;
}

/**
 * A model from JSON: a snapshot, or SFMC's definitions as `GET
 * /contacts/v1/attributeSetDefinitions` lists them (a page, or a list of sets) or as
 * the older `GET /hub/v1/contacts/schema/setDefinitions` answers.
 */
export function readModelJson(json: unknown): TenantModel {
  if (isJsonObject(json) && json.format !== undefined) return readSnapshot(json);
  const definitions = definitionsIn(json);
  if (definitions === undefined) {
    throw new TenantModelError(
      `not a tenant model: expected a snapshot ("format": "${SNAPSHOT_FORMAT}") or SFMC attribute set definitions`,
    );
  }
  return modelFromDefinitions(definitions);
}

/** Reads a model file (see `readModelJson`); problems name the file. */
export function loadModelFile(path: string): TenantModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TenantModelError(`${path}: ${error instanceof SyntaxError ? 'it is not JSON' : 'it cannot be read'}`);
  }
  try {
    return readModelJson(json);
  } catch (error) {
    if (error instanceof TenantModelError) throw new TenantModelError(`${path}: ${error.message}`);
    throw error;
  }
}
