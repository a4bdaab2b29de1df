import DataLoader from 'dataloader';
import type { Catalog } from '../catalog/index.js';
import { upstreamError } from '../errors.js';
import type { CallOptions, SfmcClient } from '../sfmc/client.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import {
  contactSearchBody,
  emailSearchBody,
  readContactSearch,
  readEmailSearch,
  type ContactRecord,
} from '../translate/contact-read.js';

/** SFMC's soft limit for synchronous batches, and the attributes/search page size. */
export const CONTACTS_PER_CALL = 50;
/** Contacts returned per email address by `contactsByEmail`. */
export const CONTACTS_PER_EMAIL = 10;

/**
 * Per-request DataLoaders: every contact one GraphQL request touches (entity
 * references from a gateway, `contact`, `contactsByEmail`, payloads) is read in
 * one SFMC call per kind. They live as long as the request: nothing is cached
 * across requests or callers.
 */
export interface Loaders {
  contactByKey: DataLoader<string, ContactRecord | null>;
  contactKeysByEmail: DataLoader<string, string[]>;
  /** Drops a contact read earlier in this request (it was just updated); creates no loader. */
  forgetContact(contactKey: string): void;
}

export function createLoaders(catalog: Catalog, sfmc: SfmcClient, requestId: string, options: CallOptions): Loaders {
  const upstream = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw error instanceof SfmcError ? upstreamError(error, requestId) : error;
    }
  };

  const contactByKey = () => new DataLoader<string, ContactRecord | null>(
    (keys) =>
      upstream(async () => {
        const found = new Map<string, ContactRecord>();
        const body = contactSearchBody(catalog, keys);
        for (let page = 1; ; page += 1) {
          const answer = await sfmc.searchAttributes(body, { page, pageSize: CONTACTS_PER_CALL }, options);
          const { records, count, items } = readContactSearch(catalog, answer);
          for (const record of records) found.set(record.contactKey, record);
          if (items === 0 || page * CONTACTS_PER_CALL >= count) break;
        }
        return keys.map((key) => found.get(key) ?? null);
      }),
    { maxBatchSize: CONTACTS_PER_CALL },
  );

  const contactKeysByEmail = () => new DataLoader<string, string[]>(
    (addresses) =>
      upstream(async () => {
        const answer = await sfmc.searchEmailAddresses(emailSearchBody(addresses, CONTACTS_PER_EMAIL), options);
        const keys = readEmailSearch(answer);
        return addresses.map((address) => keys.get(address.toLowerCase()) ?? []);
      }),
    { maxBatchSize: CONTACTS_PER_CALL, cacheKeyFn: (address) => address.toLowerCase() },
  );

  // Made on first use: most requests are writes that read nothing.
  let byKey: Loaders['contactByKey'] | undefined;
  let byEmail: Loaders['contactKeysByEmail'] | undefined;
  return {
    get contactByKey() {
      return (byKey ??= contactByKey());
    },
    get contactKeysByEmail() {
      return (byEmail ??= contactKeysByEmail());
    },
    forgetContact(contactKey) {
      byKey?.clear(contactKey);
    },
  };
}
