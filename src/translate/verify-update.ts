import type { Catalog, CatalogGroup } from '../catalog/index.js';
import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import type { SfmcDataType } from '../catalog/types.js';
import { isJsonObject } from '../json-object.js';
import type { PatchBody, PatchValue } from './patch-body.js';
import type { ResultMessage, UpdateContactResult } from './update-result.js';

/**
 * Verified outcomes: when SFMC's answer to a PATCH is lost (a reset after sending, a
 * timeout, a 5xx), the contact is read back for exactly the attributes the PATCH sent
 * and compared with the values sent. Values are compared in each data type's canonical
 * form, because SFMC answers a search with text and stores values as it normalises them:
 * `true` comes back as "true" (or "True"), 1.50 as "1.5", an email address in any case,
 * a date in another notation. Pure functions: the read itself is in `ContactsSource`.
 */

const CONTACT_KEY = 'Contact.Contact Key';
const CONTACT_ID = 'Contact.Contact ID';
const CONTACT_SET = 'contact';

/** `POST /contacts/v1/attributes/search` for the PATCH's contact, asking for the attributes it sent and no others. */
export function readBackSearchBody(body: PatchBody) {
  const keys = new Map<string, string>();
  for (const set of body.attributeSets) {
    for (const item of set.items) {
      for (const { name } of item.values) {
        const key = `${set.name}.${name}`;
        // SFMC's names have no case: one attribute asked for once, or a many-rows set would read as extra rows.
        if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
      }
    }
  }
  const byKey = body.contactKey !== undefined;
  return {
    request: { attributes: [CONTACT_KEY, CONTACT_ID, ...keys.values()].map((key) => ({ key })) },
    conditionSet: {
      operator: 'And',
      conditionSets: [],
      conditions: [
        {
          attribute: { key: byKey ? CONTACT_KEY : CONTACT_ID },
          operator: 'In',
          value: { items: [byKey ? body.contactKey : String(body.contactId)] },
        },
      ],
    },
  };
}

/** One row as read back: values by lower-cased attribute name, as SFMC's text (null when unset). */
type ReadRow = Map<string, unknown>;

interface ReadContact {
  contactKey: string | null;
  contactId: string | null;
  /** Rows per lower-cased set name. */
  sets: Map<string, ReadRow[]>;
}

function splitKey(key: unknown): [string, string] | undefined {
  if (typeof key !== 'string') return undefined;
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : [key.slice(0, dot).toLowerCase(), key.slice(dot + 1).toLowerCase()];
}

const isUnset = (value: unknown) => value === null || value === undefined || value === '';

/**
 * The contact in a search answer, its rows rebuilt as `readContactSearch` rebuilds them: a
 * many-rows set arrives flattened, so a repeated attribute starts the next row. Items for the
 * same contact are merged. Undefined when the answer holds no such contact.
 */
function readContact(answer: unknown, body: PatchBody): ReadContact | undefined {
  const items = isJsonObject(answer) && Array.isArray(answer.items) ? answer.items.filter(isJsonObject) : [];
  let found: ReadContact | undefined;
  for (const item of items) {
    const values = Array.isArray(item.values) ? item.values.filter(isJsonObject) : [];
    const contact: ReadContact = { contactKey: null, contactId: null, sets: new Map() };
    const current = new Map<string, ReadRow>();
    const finish = (set: string) => {
      const row = current.get(set);
      current.delete(set);
      // SFMC answers null for every attribute of a set the contact has no row in.
      if (!row || [...row.values()].every(isUnset)) return;
      contact.sets.set(set, [...(contact.sets.get(set) ?? []), row]);
    };
    for (const value of values) {
      const split = splitKey(value.key);
      if (!split) continue;
      const [set, name] = split;
      if (set === CONTACT_SET) {
        if (name === 'contact key' && typeof value.value === 'string') contact.contactKey = value.value;
        if (name === 'contact id' && (typeof value.value === 'string' || typeof value.value === 'number')) {
          contact.contactId = String(value.value);
        }
        continue;
      }
      if (current.get(set)?.has(name)) finish(set);
      const row = current.get(set) ?? new Map();
      row.set(name, value.value);
      current.set(set, row);
    }
    for (const set of [...current.keys()]) finish(set);
    const same =
      body.contactKey !== undefined ? contact.contactKey === body.contactKey : contact.contactId === String(body.contactId);
    if (!same) continue;
    if (!found) found = contact;
    else for (const [set, rows] of contact.sets) found.sets.set(set, [...(found.sets.get(set) ?? []), ...rows]);
  }
  return found;
}

/** A calendar date and wall-clock time: `YYYY-MM-DD`, with `Thh:mm:ss` unless midnight. */
function canonicalDate(text: string): string | undefined {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  let date: [string, string, string];
  let time: [number, number, number];
  if (us) {
    const [, month, day, year, h, m, s, half] = us as unknown as (string | undefined)[];
    let hour = Number(h ?? 0);
    if (half !== undefined) hour = (hour % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
    date = [year as string, (month as string).padStart(2, '0'), (day as string).padStart(2, '0')];
    time = [hour, Number(m ?? 0), Number(s ?? 0)];
  } else if (iso) {
    const [, year, month, day, h, m, s] = iso as unknown as (string | undefined)[];
    date = [year as string, month as string, day as string];
    time = [Number(h ?? 0), Number(m ?? 0), Number(s ?? 0)];
  } else {
    return undefined;
  }
  const day = date.join('-');
  if (time.every((t) => t === 0)) return day;
  return `${day}T${time.map((t) => String(t).padStart(2, '0')).join(':')}`;
}

/** The data type a value of an attribute the catalog does not know is compared as: the JSON type it was sent with. */
function inferredType(sent: AttributeScalar | null): SfmcDataType {
  return typeof sent === 'boolean' ? 'Boolean' : typeof sent === 'number' ? 'Decimal' : 'Text';
}

/**
 * A value in its data type's canonical form, so that a value sent and the text SFMC
 * answers with compare equal when SFMC holds the value sent; null for an unset value.
 * A value that does not read as its type is compared as the text it is.
 *
 * - Boolean: `true`/`"True"`/`"1"` alike. Number, Byte, Decimal: as numbers (`"1.50"` is 1.5).
 *   LongNumber: as 64-bit integers.
 * - Date: calendar date and wall-clock time, whatever the notation (`MM/DD/YYYY`, ISO 8601,
 *   a 12-hour clock); midnight is the date alone; fractions of seconds and the offset are
 *   not compared (SFMC stores dates without one).
 * - EmailAddress: without regard to case (SFMC may store an address lower-cased).
 * - Text and Phone: exactly.
 */
export function canonicalValue(dataType: SfmcDataType, value: unknown): string | null {
  if (isUnset(value)) return null;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return `?${JSON.stringify(value)}`;
  const text = String(value);
  switch (dataType) {
    case 'Boolean':
    case 'Byte':
    case 'Number':
    case 'Decimal':
    case 'LongNumber': {
      const coerced = coerceValue(dataType, value);
      if (!coerced.ok) return `?${text}`;
      return typeof coerced.value === 'string' ? String(BigInt(coerced.value)) : String(coerced.value);
    }
    case 'Date':
      return canonicalDate(text.trim()) ?? `?${text}`;
    case 'EmailAddress':
      return text.trim().toLowerCase();
    case 'Phone':
    case 'Text':
      return text;
  }
}

/** Whether `row` holds every value of one PATCH item, each in its attribute's canonical form. */
function holdsItem(catalog: Catalog, group: CatalogGroup | undefined, row: ReadRow, values: readonly PatchValue[]): boolean {
  return values.every(({ name, value }) => {
    const dataType = (group && catalog.findAttribute(group, name)?.dataType) ?? inferredType(value);
    return canonicalValue(dataType, value) === canonicalValue(dataType, row.get(name.toLowerCase()));
  });
}

/** What reading the contact back showed. */
export type ReadBack = { applied: true; contactKey: string | null; contactId: string | null } | { applied: false; why: string };

/**
 * Whether the contact SFMC answers with (`answer`, from `readBackSearchBody`) holds every
 * value `body` sent: each item has a row holding all its values (in a many-rows set, the
 * row its key values select; a row holds the other values too). A set without rows reads
 * as one row of unset values, so an update that only cleared values is seen as applied.
 */
export function verifyUpdate(catalog: Catalog, body: PatchBody, answer: unknown): ReadBack {
  const contact = readContact(answer, body);
  if (!contact) return { applied: false, why: 'SFMC has no such contact' };
  for (const set of body.attributeSets) {
    const group = catalog.findGroup(set.name);
    const rows = contact.sets.get(set.name.toLowerCase()) ?? [new Map()];
    for (const item of set.items) {
      if (!rows.some((row) => holdsItem(catalog, group, row, item.values))) {
        return { applied: false, why: `the contact does not hold every value sent to '${set.name}'` };
      }
    }
  }
  return { applied: true, contactKey: contact.contactKey ?? body.contactKey ?? null, contactId: contact.contactId };
}

const readBackMessage = (resultClass: string, message: string): ResultMessage => ({
  resultType: 'Verification',
  resultClass,
  resultCode: 'READ_BACK',
  message,
});

/** The payload of an update whose values the contact was read back to hold: OK, known by read-back. */
export function readBackOutcome(requestId: string, readBack: Extract<ReadBack, { applied: true }>): UpdateContactResult {
  return {
    operationStatus: 'OK',
    verification: 'READ_BACK',
    retryable: false,
    rowsAffected: null,
    contactKey: readBack.contactKey,
    contactId: readBack.contactId,
    contactTypeId: null,
    isNewContactKey: null,
    hasErrors: false,
    userErrors: [],
    messages: [readBackMessage('Information', 'SFMC holds every value sent: the contact was read back to verify the change.')],
    requestServiceMessageId: null,
    serviceMessageId: null,
    responseDateTime: null,
    requestId,
  };
}

/** An unknown outcome the read-back could not settle (`why`: a phrase): still UNKNOWN and retryable, saying why. */
export function unverifiedOutcome(unknown: UpdateContactResult, why: string): UpdateContactResult {
  const note = `Reading the contact back did not verify the change: ${why}.`;
  return { ...unknown, messages: [...unknown.messages, readBackMessage('Error', note)] };
}
