import type { Catalog } from '../catalog/index.js';
import { invalidDataType, invalidValue, missingRequiredField } from './gateway-errors.js';
import { array, parseJsonBody, present, Refusal, string, type Parsed } from './json-request.js';
import { isJsonObject } from '../json-object.js';
import { localDateTime } from './local-time.js';
import { serviceEnvelope } from './service-envelope.js';
import type { ContactStore, StoredContact } from './store.js';

/**
 * POST /contacts/v1/addresses/email/search, as SFMC documents it: the keys of the contacts
 * that have an address in their "Email Addresses" rows, oldest contact first. SFMC
 * documents no limits; the emulator caps both numbers at 100 so a client's batching
 * is exercised.
 */

export interface EmailSearch {
  addresses: string[];
  maximumCount: number;
}

const MAX_ADDRESSES = 100;
const MAX_COUNT = 100;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_COUNT;

function readEmailSearch(body: unknown): EmailSearch {
  if (!isJsonObject(body)) throw new Refusal(missingRequiredField());
  // The docs' example spells the fields in PascalCase, their table in camelCase.
  const list = array(present(body.ChannelAddressList ?? body.channelAddressList), invalidDataType);
  if (list.length === 0) throw new Refusal(missingRequiredField());
  if (list.length > MAX_ADDRESSES) throw new Refusal(invalidValue());
  const addresses = list.map((address) => string(address, invalidDataType));
  const maximumCount = body.MaximumCount ?? body.maximumCount ?? 1;
  if (!isCount(maximumCount)) throw new Refusal(invalidValue());
  return { addresses, maximumCount };
}

export const parseEmailSearch = (text: string): Parsed<EmailSearch> => parseJsonBody(text, readEmailSearch);

const oldestFirst = (a: StoredContact, b: StoredContact): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.contactId - b.contactId;

export function searchEmailAddresses(store: ContactStore, model: Catalog, search: EmailSearch): Record<string, unknown> {
  const group = model.findGroup('Email Addresses');
  const attribute = group && model.findAttribute(group, 'Email Address');
  const contacts = store.searchable().sort(oldestFirst);
  const holders = (address: string): StoredContact[] => {
    if (!group || !attribute) return [];
    const wanted = address.toLowerCase();
    return contacts.filter((contact) =>
      (contact.sets.get(group.sfmcName) ?? []).some((row) => {
        const stored = row[attribute.sfmcName];
        return typeof stored === 'string' && stored.toLowerCase() === wanted;
      }),
    );
  };
  // An address no contact has is left out, as in SFMC's documented EmptyResponse.
  const channelAddressResponseEntities = search.addresses.flatMap((channelAddress) => {
    const found = holders(channelAddress).slice(0, search.maximumCount);
    if (found.length === 0) return [];
    const contactKeyDetails = found.map((c) => ({ contactKey: c.contactKey, createDate: localDateTime(c.createdAt) }));
    return [{ contactKeyDetails, channelAddress }];
  });
  return { channelAddressResponseEntities, ...serviceEnvelope(new Date()) };
}
