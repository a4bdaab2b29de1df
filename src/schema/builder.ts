import SchemaBuilder from '@pothos/core';
// The federation plugin needs the directives plugin listed too, or the SDL silently loses @key and @link.
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { Catalog } from '../catalog/index.js';
import type { AttributeScalar } from '../catalog/data-types.js';
import type { ConsentSource } from '../sfmc/consent-source.js';
import type { ContactsSource } from '../sfmc/contacts-source.js';
import type { ContactOperationsSource } from '../sfmc/contact-operations-source.js';
import type { JourneysSource } from '../sfmc/journeys-source.js';
import type { CallerSignal } from '../sfmc/deadline.js';
import type { UpdateBatch } from '../sfmc/update-batch.js';
import type { Caller } from '../auth/index.js';
import type { RequestLog } from '../observability/request-state.js';
import type { CallerAuth } from '../auth/caller-auth.js';
import type { SfmcLedger } from '../observability/sfmc-ledger.js';

/** What every resolver gets: built fresh for each GraphQL request. */
export interface RequestContext {
  /** Our id for this request: in the payload, the `x-request-id` header and the log line. */
  requestId: string;
  catalog: Catalog;
  /** The request's contacts in SFMC: batched, paged reads and the update. */
  contacts: ContactsSource;
  /** The request's batch of updates (`updateContacts`), over `contacts`. */
  updates: UpdateBatch;
  /** The request's deletion and restriction operations in SFMC, on the contacts' call budget. */
  contactOperations: ContactOperationsSource;
  /** The request's consent in SFMC (tracking opt-out, SMS subscriptions): batched reads and the consent writes. */
  consent: ConsentSource;
  /** The request's journey entries and memberships, on the contacts' call budget. */
  journeys: JourneysSource;
  /** Who is calling, verified from the bearer token (or anonymous when authentication is off). */
  caller: Caller;
  /** Authorization checks for the caller. */
  auth: CallerAuth;
  /** Aborts when the caller goes away. */
  signal: CallerSignal;
  /** Upstream calls made for this request, and the outcome, for its log line. */
  log: RequestLog;
  /** The tenant's SFMC calls today and this month, against its allowance (`Query.sfmcUsage`). */
  sfmcLedger: SfmcLedger;
}

export interface SchemaTypes {
  Context: RequestContext;
  DefaultFieldNullability: false;
  Scalars: {
    AttributeValue: { Input: AttributeScalar; Output: AttributeScalar };
    ID: { Input: string; Output: string | number };
  };
}

export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>>;

export function createBuilder(): Builder {
  return new SchemaBuilder<SchemaTypes>({
    plugins: [DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
}
