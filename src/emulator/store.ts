import type { AttributeScalar } from '../catalog/data-types.js';
import type { CatalogGroup } from '../catalog/index.js';
import type { EmulatedContact } from './types.js';

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

  findByKey(contactKey: string): StoredContact | undefined {
    return this.byKey.get(contactKey);
  }

  findById(contactId: number): StoredContact | undefined {
    return this.byId.get(contactId);
  }

  all(): StoredContact[] {
    return [...this.byKey.values()];
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
    this.nextId = FIRST_CONTACT_ID;
  }

  /**
   * Merges one item into the contact's rows of `group`. A ONE group has a single
   * row; a MANY group's item updates the row with the same primary-key values, or
   * adds a row when none matches. `changes` must use the catalog's attribute names.
   */
  mergeRow(contact: StoredContact, group: CatalogGroup, changes: RowChanges): void {
    let rows = contact.sets.get(group.sfmcName);
    if (!rows) {
      rows = [];
      contact.sets.set(group.sfmcName, rows);
    }
    const primaryKey = group.attributes.filter((a) => a.isPrimaryKey).map((a) => a.sfmcName);
    const existing =
      group.cardinality === 'ONE' ? rows[0] : rows.find((row) => primaryKey.every((name) => row[name] === changes[name]));
    const row = existing ?? {};
    if (!existing) rows.push(row);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete row[name];
      else row[name] = value;
    }
  }
}

/** A detached, JSON-able copy of a contact. */
export function snapshot(contact: StoredContact): EmulatedContact {
  const attributeSets: Record<string, AttributeRow[]> = {};
  for (const [setName, rows] of contact.sets) attributeSets[setName] = rows.map((row) => ({ ...row }));
  return { contactKey: contact.contactKey, contactId: contact.contactId, attributeSets };
}
