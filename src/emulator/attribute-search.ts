import type { AttributeScalar } from '../catalog/data-types.js';
import { CONTACT_SET, type AttributeSearch, type SearchAttribute, type SearchCondition } from './attribute-search-request.js';
import { pageOf, type Paging } from './paging.js';
import { serviceEnvelope } from './service-envelope.js';
import type { AttributeRow, ContactStore, StoredContact } from './store.js';
import type { ManyRowsFlattening } from './types.js';

/**
 * POST /contacts/v1/attributes/search: the matching contacts, ordered by contact id
 * so pages are stable, one item of `values` per contact. Like SFMC's, every value is
 * text (or null when unset).
 *
 * SFMC does not document how a set with many rows per contact is flattened into one
 * `values` list; the emulator's rule: values come set by set, sets in the order their
 * first attribute was requested, attributes in request order. A one-row set (and the
 * Contact pseudo-set) gives one value per requested attribute, null without a row. A
 * many-rows set gives its requested attributes once per row, rows in stored order,
 * and nothing for a contact without rows. A reader rebuilds the rows by starting a
 * new row whenever a key repeats. With `item-per-row` (EMULATOR_MANY_ROWS), the other
 * guess, a contact gives one item per row instead: item i holds the one-row sets and
 * row i of each many-rows set (nulls where a set has fewer rows); paging still counts contacts.
 */

/** SFMC's documented batch limit for synchronous requests (50 objects) is the search's largest page. */
export const MAX_SEARCH_PAGE_SIZE = 50;

interface SearchValue {
  id: string;
  key: string;
  name: string;
  value: string | null;
}

function sameValue(stored: AttributeScalar | undefined, wanted: AttributeScalar): boolean {
  if (typeof stored === 'string' && typeof wanted === 'string') return stored.toLowerCase() === wanted.toLowerCase();
  return stored === wanted;
}

function satisfies(contact: StoredContact, { attribute, items }: SearchCondition): boolean {
  switch (attribute.kind) {
    case 'contactKey':
      return items.includes(contact.contactKey);
    case 'contactId':
      return items.includes(contact.contactId);
    case 'set': {
      const rows = contact.sets.get(attribute.group.sfmcName) ?? [];
      return rows.some((row) => items.some((item) => sameValue(row[attribute.attribute.sfmcName], item)));
    }
  }
}

/** The requested attributes by the set they belong to, sets in the order first requested. */
function bySet(attributes: readonly SearchAttribute[]): SearchAttribute[][] {
  const sets = new Map<string, SearchAttribute[]>();
  for (const attribute of attributes) {
    const setName = attribute.kind === 'set' ? attribute.group.sfmcName : CONTACT_SET;
    sets.set(setName, [...(sets.get(setName) ?? []), attribute]);
  }
  return [...sets.values()];
}

/** The rows a set's values are read from; undefined stands for the contact itself or a missing row. */
function rowsFor(contact: StoredContact, set: readonly SearchAttribute[]): (AttributeRow | undefined)[] {
  const first = set[0];
  if (first?.kind !== 'set') return [undefined];
  const rows = contact.sets.get(first.group.sfmcName) ?? [];
  return first.group.cardinality === 'MANY' ? rows : [rows[0]];
}

/** As text: SFMC's search answers "true", "12345678"; undefined when unset. */
function storedText(contact: StoredContact, attribute: SearchAttribute, row?: AttributeRow): string | undefined {
  switch (attribute.kind) {
    case 'contactKey':
      return contact.contactKey;
    case 'contactId':
      return String(contact.contactId);
    case 'set': {
      const value = row?.[attribute.attribute.sfmcName];
      return value === undefined ? undefined : String(value);
    }
  }
}

const valuesOf = (contact: StoredContact, set: readonly SearchAttribute[], row: AttributeRow | undefined): SearchValue[] =>
  set.map((attribute) => {
    const value = storedText(contact, attribute, row);
    return { id: attribute.id, key: attribute.key, name: attribute.name, value: value ?? null };
  });

function contactItems(
  contact: StoredContact,
  sets: readonly SearchAttribute[][],
  manyRows: ManyRowsFlattening,
): { values: SearchValue[] }[] {
  if (manyRows === 'flattened') {
    return [{ values: sets.flatMap((set) => rowsFor(contact, set).flatMap((row) => valuesOf(contact, set, row))) }];
  }
  const rowsPerSet = sets.map((set) => rowsFor(contact, set));
  const items = Math.max(1, ...rowsPerSet.map((rows) => rows.length));
  return Array.from({ length: items }, (_, i) => ({
    values: sets.flatMap((set, s) => {
      const rows = rowsPerSet[s] ?? [];
      // A one-row set (and the contact itself) repeats in every item; a many-rows set gives its row i.
      return valuesOf(contact, set, isOneRow(set) ? rows[0] : rows[i]);
    }),
  }));
}

const isOneRow = (set: readonly SearchAttribute[]): boolean => set[0]?.kind !== 'set' || set[0].group.cardinality !== 'MANY';

export function searchAttributes(
  store: ContactStore,
  search: AttributeSearch,
  paging: Paging,
  manyRows: ManyRowsFlattening = 'flattened',
  at: Date = new Date(),
): Record<string, unknown> {
  const matches = (contact: StoredContact): boolean =>
    search.operator === 'And'
      ? search.conditions.every((c) => satisfies(contact, c))
      : search.conditions.some((c) => satisfies(contact, c));
  const contacts = store
    .searchable()
    .filter(matches)
    .sort((a, b) => a.contactId - b.contactId);
  const sets = bySet(search.attributes);
  const page = pageOf(contacts, paging);
  return {
    ...page,
    items: page.items.flatMap((contact) => contactItems(contact, sets, manyRows)),
    links: { self: { href: '/v1/attributes/search' } },
    ...serviceEnvelope(at),
  };
}
