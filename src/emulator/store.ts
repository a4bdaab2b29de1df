import type { AttributeScalar } from '../catalog/data-types.js';
import type { CatalogGroup } from '../catalog/index.js';
import type { EmulatedContact, RowKeyMatch } from './types.js';

/** One row of an attribute set, keyed by the attributes' SFMC display names. */
export type AttributeRow = Record<string, AttributeScalar>;

/** What one request item changes in a row: a value sets the attribute, null clears it. */
export type RowChanges = Record<string, AttributeScalar | null>;

export interface StoredContact {
  readonly contactKey: string;
  readonly contactId: number;
  /** When the contact was created; the email search reports it as createDate. */
  readonly createdAt: Date;
  /** Rows per attribute set, keyed by the set's SFMC name. */
  readonly sets: Map<string, AttributeRow[]>;
}

const FIRST_CONTACT_ID = 10000001;

/** The emulated tenant's contacts, held in memory. */
export class ContactStore {
  private readonly byKey = new Map<string, StoredContact>();
  private readonly byId = new Map<number, StoredContact>();
  private nextId = FIRST_CONTACT_ID;
  /** Keys a deletion has suppressed (restorable, not deleted yet): `contact-operations.ts`. */
  readonly suppressed = new Set<string>();
  /** Keys whose processing is restricted: a PATCH of one fails. */
  readonly restricted = new Set<string>();
  /** Whether the searches leave suppressed contacts out (EMULATOR_SUPPRESSED_CONTACTS=hidden). */
  hideSuppressed = true;

  findByKey(contactKey: string): StoredContact | undefined {
    return this.byKey.get(contactKey);
  }

  /** By id as decimal digits: an id beyond the ones this store hands out is simply not found. */
  findById(contactId: string): StoredContact | undefined {
    const id = Number(contactId);
    return Number.isSafeInteger(id) ? this.byId.get(id) : undefined;
  }

  all(): StoredContact[] {
    return [...this.byKey.values()];
  }

  /** What the searches see: every contact, less the suppressed ones when they are hidden. */
  searchable(): StoredContact[] {
    const all = this.all();
    return this.hideSuppressed && this.suppressed.size > 0 ? all.filter((c) => !this.suppressed.has(c.contactKey)) : all;
  }

  /** Deletes a contact for good (a deletion operation's last phase). */
  remove(contactKey: string): void {
    const contact = this.byKey.get(contactKey);
    if (contact === undefined) return;
    this.byKey.delete(contactKey);
    this.byId.delete(contact.contactId);
    this.suppressed.delete(contactKey);
    this.restricted.delete(contactKey);
  }

  /** Adds a contact; without `contactId` it gets the next free one from the sequence. */
  add(contactKey: string, contactId?: number, createdAt: Date = new Date()): StoredContact {
    let id = contactId;
    if (id === undefined) {
      while (this.byId.has(this.nextId)) this.nextId++;
      id = this.nextId++;
    }
    const contact: StoredContact = { contactKey, contactId: id, createdAt, sets: new Map() };
    this.byKey.set(contactKey, contact);
    this.byId.set(id, contact);
    return contact;
  }

  clear(): void {
    this.byKey.clear();
    this.byId.clear();
    this.suppressed.clear();
    this.restricted.clear();
    this.nextId = FIRST_CONTACT_ID;
  }

  /**
   * Merges one item into the contact's rows of `group` and answers whether anything changed.
   * A ONE group has a single row; a MANY group's item updates the row with the same
   * primary-key values (compared as `rowKeys` says), or adds a row when none matches. A MANY
   * group without a primary key has nothing to match on: every item is a new row.
   * `changes` must use the catalog's attribute names.
   */
  mergeRow(contact: StoredContact, group: CatalogGroup, changes: RowChanges, rowKeys: RowKeyMatch = 'case-insensitive'): boolean {
    let rows = contact.sets.get(group.sfmcName);
    if (!rows) {
      rows = [];
      contact.sets.set(group.sfmcName, rows);
    }
    const primaryKey = group.attributes.filter((a) => a.isPrimaryKey).map((a) => a.sfmcName);
    const same = (a: AttributeScalar | null | undefined, b: AttributeScalar | null | undefined) =>
      rowKeys === 'case-insensitive' && typeof a === 'string' && typeof b === 'string'
        ? a.toLowerCase() === b.toLowerCase()
        : a === b;
    const existing =
      group.cardinality === 'ONE'
        ? rows[0]
        : primaryKey.length === 0
          ? undefined
          : rows.find((row) => primaryKey.every((name) => same(row[name], changes[name])));
    const row = existing ?? {};
    let changed = !existing;
    if (!existing) rows.push(row);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) {
        changed ||= name in row;
        delete row[name];
      } else {
        changed ||= row[name] !== value;
        row[name] = value;
      }
    }
    return changed;
  }
}

/** A detached, JSON-able copy of a contact. */
export function snapshot(contact: StoredContact): EmulatedContact {
  const attributeSets: Record<string, AttributeRow[]> = {};
  for (const [setName, rows] of contact.sets) attributeSets[setName] = rows.map((row) => ({ ...row }));
  return { contactKey: contact.contactKey, contactId: contact.contactId, attributeSets };
}
