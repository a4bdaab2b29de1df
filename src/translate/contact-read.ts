import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import { isJsonObject } from '../json-object.js';

/**
 * Reads of contacts: the bodies of SFMC's search calls and the parsing of their
 * answers into records the GraphQL `Contact` type serves. Pure functions.
 */

/** One row of a group, keyed by the attributes' GraphQL names. */
export type ContactRow = Record<string, AttributeScalar | null>;

export interface ContactRecord {
  contactKey: string;
  contactId: string | null;
  /** Rows per group, keyed by the group's GraphQL name; absent when the contact has none. */
  groups: Record<string, ContactRow[]>;
}

const CONTACT_KEY = 'Contact.Contact Key';
const CONTACT_ID = 'Contact.Contact ID';

const attributeKey = (group: CatalogGroup, attribute: CatalogAttribute) => `${group.sfmcName}.${attribute.sfmcName}`;

/**
 * `POST /contacts/v1/attributes/search` selecting `keys` by contact key: one call answers any
 * number of contacts (up to a page). It asks for the attributes of `groups` (GraphQL names; every
 * group when undefined) only: SFMC never documented how many attributes one search may ask for,
 * so a read asks for no more than its selection needs. `In` selects the keys, or, where SFMC
 * refuses `In` (`search-operator.ts`), an `Or` of one `Equals` per key.
 */
export function contactSearchBody(
  catalog: Catalog,
  keys: readonly string[],
  groups?: ReadonlySet<string>,
  keyOperator: 'In' | 'Or' = 'In',
) {
  const asked = groups === undefined ? catalog.groups : catalog.groups.filter((g) => groups.has(g.graphqlName));
  const attributes = [CONTACT_KEY, CONTACT_ID, ...asked.flatMap((g) => g.attributes.map((a) => attributeKey(g, a)))];
  const byKey = (operator: 'In' | 'Equals', items: string[]) => ({ attribute: { key: CONTACT_KEY }, operator, value: { items } });
  return {
    request: { attributes: attributes.map((key) => ({ key })) },
    conditionSet:
      keyOperator === 'In'
        ? { operator: 'And', conditionSets: [], conditions: [byKey('In', [...keys])] }
        : { operator: 'Or', conditionSets: [], conditions: keys.map((key) => byKey('Equals', [key])) },
  };
}

/**
 * Whether a search answer refuses the `In` operator: a FAIL whose messages name it (SFMC documents
 * no such answer; a 400 is the other way it could say so, which the caller sees as an error).
 */
export function refusesInOperator(body: unknown): boolean {
  if (!isJsonObject(body) || String(body.operationStatus).toUpperCase() !== 'FAIL') return false;
  return /\bIn\b/.test(JSON.stringify([body.resultMessages, body.message]));
}

/** Search values are text; each is read back into its attribute's type (unreadable text reads as null). */
function typed(attribute: CatalogAttribute, value: unknown): AttributeScalar | null {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const coerced = coerceValue(attribute.dataType, value);
  return coerced.ok ? coerced.value : null;
}

function sameRow(group: CatalogGroup, a: ContactRow, b: ContactRow): boolean {
  const keys = group.attributes.filter((x) => x.isPrimaryKey);
  return keys.length > 0 && keys.every((k) => a[k.graphqlName] === b[k.graphqlName]);
}

export interface ContactSearchPage {
  records: ContactRecord[];
  /** Total matches SFMC reports, and how many items this page held: more pages follow while items < count. */
  count: number;
  items: number;
}

/**
 * Parses an attributes/search answer. Many-rows groups arrive flattened: each row's
 * attributes in turn, so a repeated attribute starts the next row. Items for the
 * same contact (should SFMC send one per row) are merged, rows matched by their key.
 */
export function readContactSearch(catalog: Catalog, body: unknown): ContactSearchPage {
  const lookup = new Map<string, { group: CatalogGroup; attribute: CatalogAttribute }>();
  for (const group of catalog.groups) {
    for (const attribute of group.attributes) lookup.set(attributeKey(group, attribute).toLowerCase(), { group, attribute });
  }
  const items = isJsonObject(body) && Array.isArray(body.items) ? body.items.filter(isJsonObject) : [];
  const byKey = new Map<string, ContactRecord>();
  for (const item of items) {
    const values = Array.isArray(item.values) ? item.values.filter(isJsonObject) : [];
    const fields = new Map(values.map((v) => [String(v.key).toLowerCase(), v.value]));
    const contactKey = fields.get(CONTACT_KEY.toLowerCase());
    if (typeof contactKey !== 'string') continue;
    const record = byKey.get(contactKey) ?? { contactKey, contactId: null, groups: {} };
    const id = fields.get(CONTACT_ID.toLowerCase());
    if ((typeof id === 'string' && /^\d+$/.test(id)) || typeof id === 'number') record.contactId = String(id);

    const current = new Map<CatalogGroup, ContactRow>();
    const finish = (group: CatalogGroup) => {
      const row = current.get(group);
      current.delete(group);
      // SFMC answers null for every attribute of a group the contact has no row in.
      if (!row || Object.values(row).every((v) => v === null)) return;
      const rows = (record.groups[group.graphqlName] ??= []);
      if (!rows.some((r) => sameRow(group, r, row))) rows.push(row);
    };
    for (const value of values) {
      const known = lookup.get(String(value.key).toLowerCase());
      if (!known) continue;
      const { group, attribute } = known;
      if (current.get(group)?.[attribute.graphqlName] !== undefined) finish(group);
      const row = current.get(group) ?? {};
      row[attribute.graphqlName] = typed(attribute, value.value);
      current.set(group, row);
    }
    for (const group of [...current.keys()]) finish(group);
    byKey.set(contactKey, record);
  }
  const count = isJsonObject(body) && typeof body.count === 'number' ? body.count : items.length;
  return { records: [...byKey.values()], count, items: items.length };
}

/** `POST /contacts/v1/addresses/email/search` for `addresses`, up to `maximumCount` contacts each. */
export function emailSearchBody(addresses: readonly string[], maximumCount: number) {
  return { ChannelAddressList: [...addresses], MaximumCount: maximumCount };
}

/** Contact keys per email address (lower-cased), in SFMC's order. */
export function readEmailSearch(body: unknown): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  const entities =
    isJsonObject(body) && Array.isArray(body.channelAddressResponseEntities) ? body.channelAddressResponseEntities : [];
  for (const entity of entities.filter(isJsonObject)) {
    if (typeof entity.channelAddress !== 'string') continue;
    const details = Array.isArray(entity.contactKeyDetails) ? entity.contactKeyDetails.filter(isJsonObject) : [];
    const found = details.map((d) => d.contactKey).filter((k): k is string => typeof k === 'string');
    const address = entity.channelAddress.toLowerCase();
    keys.set(address, [...(keys.get(address) ?? []), ...found]);
  }
  return keys;
}
