import { isJsonObject } from '../json-object.js';
import { invalidDataType, invalidValue, missingRequiredField } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { array, parseJsonBody, present, Refusal } from './json-request.js';
import { serviceEnvelope } from './service-envelope.js';
import type { ContactStore, StoredContact } from './store.js';

/**
 * Contact preferences (tracking opt-out), keyed by contact id as SFMC keys them:
 * `POST /contacts/v1/contacts/preferences/search?ReferenceType=2` reads them and
 * `POST /contacts/v1/contacts/preferences` writes them. A contact never written has not
 * opted out. SFMC documents no limit per call; the emulator takes up to 100 ids.
 */

const MAX_ITEMS = 100;

export class PreferenceStore {
  private readonly optedOut = new Map<number, boolean>();

  /** Whether the contact has opted out of tracking (false until it is written). */
  get(contactId: number): boolean {
    return this.optedOut.get(contactId) ?? false;
  }

  /** Writes the preference; answers whether the contact had one written before. */
  set(contactId: number, hasOptedOutTracking: boolean): boolean {
    const had = this.optedOut.has(contactId);
    this.optedOut.set(contactId, hasOptedOutTracking);
    return had;
  }

  clear(): void {
    this.optedOut.clear();
  }
}

const isId = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ||
  (typeof value === 'string' && /^[1-9]\d*$/.test(value));

function itemsOf(body: unknown): unknown[] {
  if (!isJsonObject(body)) throw new Refusal(missingRequiredField());
  const items = array(present(body.items), invalidDataType);
  if (items.length === 0) throw new Refusal(missingRequiredField());
  if (items.length > MAX_ITEMS) throw new Refusal(invalidValue());
  return items;
}

function readIds(body: unknown): string[] {
  return itemsOf(body).map((id) => {
    if (!isId(id)) throw new Refusal(invalidDataType());
    return String(id);
  });
}

interface PreferenceItem {
  contactId: string;
  hasOptedOutTracking: boolean;
}

function readItems(body: unknown): PreferenceItem[] {
  return itemsOf(body).map((item) => {
    if (!isJsonObject(item)) throw new Refusal(invalidDataType());
    const id = present(item.contactID ?? item.contactId);
    if (!isId(id)) throw new Refusal(invalidDataType());
    const flag = present(item.hasOptedOutTracking);
    if (typeof flag !== 'boolean') throw new Refusal(invalidDataType());
    return { contactId: String(id), hasOptedOutTracking: flag };
  });
}

const item = (contact: StoredContact, hasOptedOutTracking: boolean) => ({ contactID: contact.contactId, hasOptedOutTracking });

/** The preferences of the ids that are contacts, in request order; an unknown id is left out (a guess). */
export function searchPreferences(
  contacts: ContactStore,
  preferences: PreferenceStore,
  query: URLSearchParams,
  bodyText: string,
): JsonReply {
  // Only ReferenceType 2 (contact ids) is documented.
  if (query.get('ReferenceType') !== '2') return invalidValue();
  const parsed = parseJsonBody(bodyText, readIds);
  if (!parsed.ok) return parsed.reply;
  const found = parsed.value.map((id) => contacts.findById(id)).filter((c): c is StoredContact => c !== undefined);
  const items = found.map((contact) => item(contact, preferences.get(contact.contactId)));
  return { status: 200, body: { items, rowsAffected: items.length, ...serviceEnvelope(new Date()) } };
}

/**
 * Writes each item and echoes the ones written, with SFMC's row counts. An id that is no contact is
 * not written: a result message names it (undocumented; a guess).
 */
export function updatePreferences(contacts: ContactStore, preferences: PreferenceStore, bodyText: string): JsonReply {
  const parsed = parseJsonBody(bodyText, readItems);
  if (!parsed.ok) return parsed.reply;
  const items: ReturnType<typeof item>[] = [];
  const resultMessages: Record<string, string>[] = [];
  let rowsInserted = 0;
  let rowsUpdated = 0;
  for (const { contactId, hasOptedOutTracking } of parsed.value) {
    const contact = contacts.findById(contactId);
    if (contact === undefined) {
      resultMessages.push({
        resultType: 'Validation',
        resultClass: 'Error',
        resultCode: 'ContactNotFound',
        message: `No contact has the id ${contactId}.`,
      });
      continue;
    }
    if (preferences.set(contact.contactId, hasOptedOutTracking)) rowsUpdated += 1;
    else rowsInserted += 1;
    items.push(item(contact, hasOptedOutTracking));
  }
  const envelope = serviceEnvelope(new Date());
  return {
    status: 200,
    body: {
      items,
      rowsInserted,
      rowsUpdated,
      rowsDeleted: 0,
      rowsAffected: rowsInserted + rowsUpdated,
      ...envelope,
      resultMessages,
      ...(resultMessages.length > 0 ? { hasErrors: true } : {}),
    },
  };
}
