import { GRAPHQL_SCALAR_OF } from './data-types.js';
import { isJsonObject, type JsonObject } from '../json-object.js';
import { TenantModelError, type ModelAttribute, type ModelGroup, type TenantModel } from './tenant-model.js';
import type { Cardinality } from './types.js';

/**
 * SFMC's attribute set definitions -> a tenant model. Two shapes are read:
 * - `GET /contacts/v1/attributeSetDefinitions` (SFMC's documented list): sets with `id`, `key`,
 *   `name: { value }` and `attributes[]`;
 * - the older `GET /hub/v1/contacts/schema/setDefinitions`: sets with `definitionID`,
 *   `definitionKey`, `definitionName: { value }` and `valueDefinitions[]`.
 * The model comes out sorted: the Contact set, SFMC's standard channel sets in the
 * order of SFMC's example request, then every other set by name; attributes by SFMC's
 * `displayOrder`, then name.
 */

/** The standard sets, by key, in the order of SFMC's example request (and so of the PATCH body). */
const STANDARD_ORDER = [
  'emailaddresses',
  'emaildemographics',
  'mobiledemographics',
  'pushdemographics',
  'groupconnectlineaddress',
  'groupconnectlinesubscriptions',
  'groupconnectlinedemographics',
];

const TEXT_LIKE = new Set(['text', 'phone', 'emailaddress']);
/** Names (squashed) that hold the contact's key or its id, whoever defined the attribute. */
const CONTACT_KEY_NAMES = new Set(['contactkey', 'subscriberkey']);
const CONTACT_ID_NAMES = new Set(['contactid', 'contactsid']);

/** A field by the first of several paths that holds a value ("name.value" reads `name: { value }`). */
function pick(entry: JsonObject, ...paths: string[]): unknown {
  for (const path of paths) {
    let value: unknown = entry;
    for (const part of path.split('.')) value = isJsonObject(value) ? value[part] : undefined;
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** The first path that holds a non-blank string (or a number, as text). */
function pickText(entry: JsonObject, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const value = pick(entry, path);
    // Not trimmed: SFMC matches names as they are spelled.
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

const pickFlag = (entry: JsonObject, field: string, fallback: boolean): boolean =>
  typeof entry[field] === 'boolean' ? (entry[field] as boolean) : fallback;

const lower = (s: string | undefined): string => (s ?? '').toLowerCase();
const squashed = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** SFMC's names for its data types (the catalog's list), whatever the case they come in. */
const DATA_TYPES = Object.keys(GRAPHQL_SCALAR_OF);
const dataTypeOf = (raw: string | undefined): string =>
  DATA_TYPES.find((t) => t.toLowerCase() === lower(raw)) ?? raw ?? 'Unknown';

interface RawAttribute {
  attribute: ModelAttribute;
  order: number;
}

function readAttribute(entry: unknown, where: string): RawAttribute {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} is not an object`);
  const name = pickText(entry, 'name.value', 'name', 'definitionName.value');
  if (name === undefined) throw new TenantModelError(`${where} has no name`);
  const dataType = dataTypeOf(pickText(entry, 'dataType'));
  const length = pick(entry, 'length');
  const attribute: ModelAttribute = {
    name,
    key: pickText(entry, 'key', 'definitionKey', 'valueDefinitionKey') ?? name,
    dataType,
    primaryKey: pickFlag(entry, 'isPrimaryKey', false),
    nullable: pickFlag(entry, 'isNullable', true),
    readOnly: pickFlag(entry, 'isReadOnly', false),
    hidden: pickFlag(entry, 'isHidden', false),
    identity: pickFlag(entry, 'isIdentityValue', false),
    systemDefined: pickFlag(entry, 'isSystemDefined', false),
    description: pickText(entry, 'description', 'localizedDescription.value') ?? '',
  };
  const id = pickText(entry, 'id', 'definitionID', 'valueDefinitionID');
  if (id !== undefined) attribute.id = id;
  if (TEXT_LIKE.has(dataType.toLowerCase()) && Number.isInteger(length)) attribute.length = length as number;
  const defaultValue = pickText(entry, 'defaultValue');
  if (defaultValue !== undefined) attribute.defaultValue = defaultValue;
  const order = pick(entry, 'displayOrder', 'ordinal');
  return { attribute, order: typeof order === 'number' ? order : Number.POSITIVE_INFINITY };
}

interface RawSet {
  group: ModelGroup;
  relationships: JsonObject[];
}

function readSet(entry: unknown, where: string): RawSet {
  if (!isJsonObject(entry)) throw new TenantModelError(`${where} is not an object`);
  const name = pickText(entry, 'name.value', 'definitionName.value', 'name', 'fullyQualifiedName');
  if (name === undefined) throw new TenantModelError(`${where} has no name`);
  const key = pickText(entry, 'key', 'definitionKey', 'setDefinitionKey') ?? name;
  const rawAttributes = pick(entry, 'attributes', 'valueDefinitions') ?? [];
  if (!Array.isArray(rawAttributes)) throw new TenantModelError(`${where} ("${name}"): attributes is not a list`);
  const attributes = rawAttributes
    .map((a, i) => readAttribute(a, `${where} ("${name}") attribute ${i}`))
    .sort(
      (a, b) =>
        a.order - b.order ||
        compareText(lower(a.attribute.name), lower(b.attribute.name)) ||
        compareText(a.attribute.name, b.attribute.name) ||
        compareText(a.attribute.key, b.attribute.key),
    )
    .map((a) => a.attribute);
  const group: ModelGroup = {
    name,
    key,
    cardinality: 'ONE',
    root: pickFlag(entry, 'isRoot', false) || lower(key) === 'contact',
    hidden: pickFlag(entry, 'isHidden', false),
    systemDefined: pickFlag(entry, 'isSystemDefined', false),
    description: pickText(entry, 'description', 'localizedDescription.value') ?? '',
    attributes: uniqueByName(attributes, (a) => a.name),
  };
  const id = pickText(entry, 'id', 'definitionID', 'setDefinitionID');
  if (id !== undefined) group.id = id;
  const relationships = pick(entry, 'relationships');
  return { group, relationships: Array.isArray(relationships) ? relationships.filter(isJsonObject) : [] };
}

/** Keeps the first of entries whose names are equal without regard to case (SFMC compares them so). */
function uniqueByName<T>(entries: readonly T[], nameOf: (entry: T) => string): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const name = lower(nameOf(entry));
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

function groupRank(group: ModelGroup): number {
  if (group.root) return -1;
  const standard = STANDARD_ORDER.indexOf(lower(group.key));
  return standard < 0 ? STANDARD_ORDER.length : standard;
}

const compareGroups = (a: ModelGroup, b: ModelGroup): number =>
  groupRank(a) - groupRank(b) ||
  compareText(lower(a.name), lower(b.name)) ||
  compareText(a.name, b.name) ||
  compareText(a.key, b.key) ||
  compareText(a.id ?? '', b.id ?? '');

type Side = 'One' | 'Many';

/** The two ends of a relationship, with each end's cardinality. */
function ends(relationship: JsonObject): [JsonObject, Side, JsonObject, Side] | undefined {
  const left = relationship.leftItem;
  const right = relationship.rightItem;
  if (!isJsonObject(left) || !isJsonObject(right)) return undefined;
  // The emulator and SFMC's data model both name it, e.g. "OneToMany"; the hub shape gives each end's cardinality.
  const overall = /^(one|many)to(one|many)$/i.exec(String(relationship.relationshipType ?? ''));
  const side = (item: JsonObject, fromOverall: string | undefined): Side | undefined => {
    const raw = lower(String(item.cardinality ?? fromOverall ?? ''));
    return raw === 'many' ? 'Many' : raw === 'one' ? 'One' : undefined;
  };
  const leftSide = side(left, overall?.[1]);
  const rightSide = side(right, overall?.[2]);
  return leftSide && rightSide ? [left, leftSide, right, rightSide] : undefined;
}

/**
 * ONE or MANY rows per contact, from the relationships: a set joined to the contact
 * (its attribute group, or the Contact set) has the cardinality of its end; a set joined
 * to such a set is MANY when that set is MANY or its own end is Many. A set joined to
 * nothing is MANY when it has a primary key of its own (not the contact's key or id).
 */
function resolveRelationships(sets: RawSet[]): void {
  const groups = sets.map((s) => s.group);
  const find = (identifier: unknown): number => {
    const id = lower(typeof identifier === 'string' ? identifier : undefined);
    if (id === '') return -1;
    return groups.findIndex((g) => lower(g.id) === id || lower(g.key) === id || lower(g.name) === id);
  };
  const isContactEnd = (item: JsonObject): boolean => {
    if (item.relationshipType === 'AttributeGroup' || lower(String(item.identifier)) === 'contact') return true;
    const index = find(item.identifier);
    return index >= 0 && groups[index]!.root;
  };
  const contactAttributes = new Map(
    groups
      .filter((g) => g.root)
      .flatMap((g) => g.attributes.filter((a) => a.id !== undefined).map((a) => [lower(a.id), `${g.name}.${a.name}`] as const)),
  );

  const direct = new Map<number, Side>();
  const edges: [number, Side, number, Side][] = [];
  for (const relationship of sets.flatMap((s) => s.relationships)) {
    const found = ends(relationship);
    if (!found) continue;
    const [left, leftSide, right, rightSide] = found;
    const l = find(left.identifier);
    const r = find(right.identifier);
    const leftContact = isContactEnd(left);
    const rightContact = isContactEnd(right);
    if (leftContact !== rightContact) {
      const [set, side] = leftContact ? [r, rightSide] : [l, leftSide];
      if (set < 0 || groups[set]!.root) continue;
      if (direct.get(set) !== 'Many') direct.set(set, side);
      linkAttributes(relationship, groups[set]!, leftContact, contactAttributes);
    } else if (!leftContact && l >= 0 && r >= 0 && l !== r) {
      edges.push([l, leftSide, r, rightSide]);
    }
  }

  const known = new Map(direct);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, aSide, b, bSide] of edges) {
      for (const [from, to, toSide] of [
        [a, b, bSide],
        [b, a, aSide],
      ] as const) {
        const parent = known.get(from);
        if (parent === undefined || direct.has(to) || groups[to]!.root) continue;
        const side: Side = parent === 'Many' || toSide === 'Many' ? 'Many' : 'One';
        if (known.get(to) === side || known.get(to) === 'Many') continue;
        known.set(to, side);
        changed = true;
      }
    }
  }
  groups.forEach((group, i) => {
    const side = known.get(i);
    if (group.root) group.cardinality = 'ONE';
    else group.cardinality = side === undefined ? ownKeyCardinality(group) : side === 'Many' ? 'MANY' : 'ONE';
  });
}

/** Marks the set's attributes that mirror the contact's key or id (`relationshipAttributes`). */
function linkAttributes(
  relationship: JsonObject,
  group: ModelGroup,
  contactOnLeft: boolean,
  contactAttributes: Map<string, string>,
) {
  const pairs = Array.isArray(relationship.relationshipAttributes)
    ? relationship.relationshipAttributes.filter(isJsonObject)
    : [];
  for (const pair of pairs) {
    const contactAttribute = contactAttributes.get(
      lower(String((contactOnLeft ? pair.leftAttributeID : pair.rightAttributeID) ?? '')),
    );
    const own = lower(String((contactOnLeft ? pair.rightAttributeID : pair.leftAttributeID) ?? ''));
    const attribute = group.attributes.find((a) => a.id !== undefined && lower(a.id) === own);
    if (contactAttribute !== undefined && attribute) attribute.linkedTo = contactAttribute;
  }
}

const identityNamed = (name: string): 'key' | 'id' | undefined =>
  CONTACT_KEY_NAMES.has(squashed(name)) ? 'key' : CONTACT_ID_NAMES.has(squashed(name)) ? 'id' : undefined;

/**
 * Which of the contact's identifiers an attribute holds: the Contact attribute its
 * relationship links it to ("Contact.Contact Key"), else its name or key (Contact Key,
 * ContactKey, Subscriber Key, SubscriberKey, Contact ID, Contacts ID), whether SFMC or
 * the tenant defined it. Definitions often come without relationships: the name alone
 * must keep a data extension's ContactKey out of the input.
 */
export function contactIdentityOf(attribute: ModelAttribute): 'key' | 'id' | undefined {
  const linked = attribute.linkedTo === undefined ? undefined : identityNamed(attribute.linkedTo.split('.').pop() ?? '');
  return linked ?? identityNamed(attribute.name) ?? identityNamed(attribute.key);
}

/** Whether an attribute holds the contact's own key or id. */
export const holdsContactIdentity = (attribute: ModelAttribute): boolean => contactIdentityOf(attribute) !== undefined;

function ownKeyCardinality(group: ModelGroup): Cardinality {
  return group.attributes.some((a) => a.primaryKey && !holdsContactIdentity(a)) ? 'MANY' : 'ONE';
}

/** The definitions in an answer: a list page (`items`), the hub shape (`setDefinition`) or a plain list. */
export function definitionsIn(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (!isJsonObject(json)) return undefined;
  if (Array.isArray(json.setDefinition)) return json.setDefinition;
  if (Array.isArray(json.items)) return json.items;
  return undefined;
}

/** A tenant model from SFMC's set definitions (either shape), sorted, without typing decisions yet. */
export function modelFromDefinitions(definitions: readonly unknown[]): TenantModel {
  const sets = definitions.map((d, i) => readSet(d, `attribute set definition ${i}`));
  resolveRelationships(sets);
  const groups = uniqueByName(sets.map((s) => s.group).sort(compareGroups), (g) => g.name);
  return { groups };
}
