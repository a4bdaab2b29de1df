import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { Catalog } from '../catalog/index.js';
import { serviceError } from '../errors.js';
import { emailSearchBody, readEmailSearch, type ContactRecord } from '../translate/contact-read.js';
import type { PatchBody } from '../translate/patch-body.js';
import { writtenGroups } from '../translate/written-rows.js';
import { toUpdateResult, unknownOutcome, type UpdateContactResult } from '../translate/update-result.js';
import {
  readBackOutcome,
  readBackSearchBody,
  unverifiedOutcome,
  verifyUpdate,
  type ReadBack,
} from '../translate/verify-update.js';
import type { ReadAllowance } from './call-allowance.js';
import type { CallOptions, SfmcClient } from './client.js';
import { CONTACTS_PER_SEARCH, ReadBatcher } from './read-batcher.js';
import { SfmcError } from './sfmc-error.js';

/** The writes that send one contact's attribute sets and answer as the PATCH does. */
type ContactWriteEndpoint = 'updateContact' | 'createContact';

/** SFMC's soft limit for synchronous batches, and the attributes/search page size (one fact, kept by the read batcher). */
export const CONTACTS_PER_CALL = CONTACTS_PER_SEARCH;
/** Contacts returned per email address by `contactsByEmail`. */
export const CONTACTS_PER_EMAIL = 10;
/** SFMC calls one request may make unless told otherwise (SFMC_CALLS_PER_REQUEST). */
export const DEFAULT_CALLS_PER_REQUEST = 10;

/**
 * Contacts as one GraphQL request sees them, over the SFMC client and the pure
 * translation (in the spirit of a REST data source). Its DataLoaders batch every
 * contact the request touches (entity references from a gateway, `contact`,
 * `contactsByEmail`, payloads) into one SFMC call per kind, page by page. It lives as
 * long as the request; its contact batches go to the process's `ReadBatcher`, which shares
 * searches between requests and may serve them from a cache (`read-batcher.ts`).
 *
 * Every SFMC call counts against the request's budget (`callBudget`, SFMC_CALLS_PER_REQUEST):
 * a read past it is not sent and fails with CALL_BUDGET_EXCEEDED, so one request holds at
 * most that many of the client's bulkhead slots whatever it asks for (1,300 entity
 * references would otherwise be 26 concurrent searches). A write, and the reads that
 * verify it, are always sent: the budget bounds reads, it never decides whether an update happens.
 *
 * SFMC failures are SfmcErrors, which the schema turns into GraphQL errors; a spent
 * budget is a GraphQL error (CALL_BUDGET_EXCEEDED) already.
 */
export class ContactsSource {
  // Made on first use: most requests are writes that read nothing.
  private byKey: DataLoader<string, ContactRecord | null> | undefined;
  private byEmail: DataLoader<string, string[]> | undefined;
  /**
   * The groups (GraphQL names) the contact reads not yet sent need, 'all' when one needs every
   * group; `taken` once a batch read it, so the next read starts a new union. One tick's reads
   * share it: their batches (several when over a page) ask for the same attributes.
   */
  private pending: { groups: Set<string> | 'all'; taken: boolean } | undefined;
  /** The groups each contact read so far was (or is being) read with. */
  private readonly covered = new Map<string, Set<string> | 'all'>();
  private unknownOutcomes = 0;
  /** SFMC calls this request made (or started), writes and their read-backs included. */
  private calls = 0;
  /** Calls of a batch of updates, which the reads after it do not pay for (`exemptFromBudget`). */
  private exempt = 0;
  /** Whether this request sent a write: its later reads are never refused by the daily allowance. */
  private wrote = false;

  /**
   * Read the contact back before sending an update, and send it only when the contact does
   * not hold its values yet: set for a resend of an update whose outcome was unknown (the
   * same Idempotency-Key, `idempotency.ts`), which may have been applied already.
   */
  verifyBeforeSending = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly sfmc: SfmcClient,
    /** This service's id for the request: an unknown outcome's payload carries it. */
    private readonly requestId: string,
    /** The request's cancellation, deadline and trace, for every call it makes. */
    private readonly options: CallOptions,
    /** SFMC calls the request may make; reads past it are refused, writes never (SFMC_CALLS_PER_REQUEST). */
    private readonly callBudget = DEFAULT_CALLS_PER_REQUEST,
    /** The tenant's daily allowance, which may refuse reads once spent (SFMC_BUDGET_POLICY). */
    private readonly allowance?: ReadAllowance | undefined,
    /** The process's contact reads (shared searches, optional cache); by default one of this request's own. */
    private readonly reads: ReadBatcher = new ReadBatcher(catalog, sfmc),
  ) {}

  /** SFMC calls made for this request so far (a call's retries are the same call). */
  get callsMade(): number {
    return this.calls;
  }

  /**
   * Counts a read, or refuses it when the request has spent its budget: nothing is sent then.
   * Every SFMC read the request makes, through this source or a sibling (preferences,
   * subscriptions, journeys), calls it first.
   */
  spendOnRead(): void {
    if (this.calls - this.exempt >= this.callBudget) throw budgetSpent(this.callBudget);
    // A read after this request's write shows that write (`payload.contact`): kept, as the write is.
    const refused = this.wrote ? undefined : this.allowance?.refuseRead();
    if (refused) throw refused;
    this.calls += 1;
  }

  /**
   * Takes `calls` already made out of the budget the reads after them spend: a batch of updates
   * (`update-batch.ts`) makes one call per contact, and its payload's contacts are still read.
   */
  exemptFromBudget(calls: number): void {
    this.exempt += calls;
  }

  /** Counts a write (or a read that verifies one): always sent, never refused by the budget. */
  countWrite(): void {
    this.calls += 1;
    this.wrote = true;
  }

  /**
   * One contact by key; null when SFMC has no such contact. `groups`: the groups (GraphQL names)
   * the caller reads, every group when undefined; a record holds at least those.
   */
  contact(contactKey: string, groups?: ReadonlySet<string>): Promise<ContactRecord | null> {
    this.need([contactKey], groups);
    return this.contactLoader().load(contactKey);
  }

  /** Contacts by key, in order, null where SFMC has none; rejects with the first failure. `groups` as for `contact`. */
  async contacts(contactKeys: readonly string[], groups?: ReadonlySet<string>): Promise<(ContactRecord | null)[]> {
    this.need(contactKeys, groups);
    const contacts = await this.contactLoader().loadMany(contactKeys);
    const failed = contacts.find((c) => c instanceof Error);
    if (failed) throw failed;
    return contacts as (ContactRecord | null)[];
  }

  /** The keys of the contacts (at most CONTACTS_PER_EMAIL) that have this email address, any case. */
  contactKeysByEmail(emailAddress: string): Promise<string[]> {
    this.byEmail ??= new DataLoader<string, string[]>((addresses) => this.searchEmails(addresses), {
      maxBatchSize: CONTACTS_PER_CALL,
      cacheKeyFn: (address) => address.toLowerCase(),
    });
    return this.byEmail.load(emailAddress);
  }

  /**
   * Sends one update and reads SFMC's answer into the payload; an unknown outcome is a
   * payload too. When the answer is lost (reset after sending, timeout, 5xx), the contact is
   * read back for the attributes sent: holding every value sent, the update is OK
   * (`verification: READ_BACK`); otherwise it stays UNKNOWN. Rejects with an SfmcError
   * when SFMC provably did not process it. `verifyFirst`: read back before sending (a batch decides it per item).
   */
  updateContact(body: PatchBody, verifyFirst = this.verifyBeforeSending): Promise<UpdateContactResult> {
    return this.write('updateContact', body, verifyFirst);
  }

  /**
   * Creates one contact (`POST`, the PATCH's body and answer), as `updateContact` sends an update:
   * an unknown outcome is settled by reading the key back (present with every value sent: OK by
   * read-back; absent: still UNKNOWN), and a resend under the same Idempotency-Key reads first.
   */
  createContact(body: PatchBody): Promise<UpdateContactResult> {
    return this.write('createContact', body);
  }

  private async write(
    endpoint: ContactWriteEndpoint,
    body: PatchBody,
    verifyFirst = this.verifyBeforeSending,
  ): Promise<UpdateContactResult> {
    let result: UpdateContactResult | undefined;
    if (verifyFirst) {
      const before = await this.readBack(body);
      if (before.applied) result = readBackOutcome(this.requestId, before);
    }
    result ??= await this.send(endpoint, body);
    if (result.operationStatus === 'UNKNOWN') this.unknownOutcomes += 1;
    // A read of this contact earlier in the request is stale now (and so is one with an unknown outcome).
    const contactKey = result.contactKey ?? body.contactKey ?? null;
    if (contactKey === null) return result;
    if (result.operationStatus !== 'OK') await this.invalidateContact(contactKey);
    else {
      // Applied: the read cache holds what was written, so a page that saves and reloads asks SFMC nothing more.
      this.forgetContact(contactKey);
      await this.reads.contactUpdated(contactKey, () => writtenGroups(this.catalog, body));
    }
    return result;
  }

  /**
   * Forgets every read of a contact this service just wrote (or may have): this request's, the
   * process's searches on their way and the read cache. Every write path calls it before answering.
   */
  async invalidateContact(contactKey: string): Promise<void> {
    this.forgetContact(contactKey);
    await this.reads.invalidateContact(contactKey);
  }

  /** Whether an update of this request ended UNKNOWN: its outcome is not final, a resend may still settle it. */
  get unsettled(): boolean {
    return this.unknownOutcomes > 0;
  }

  /**
   * Records a sibling source's write (a consent change) that ended UNKNOWN, so the request is unsettled:
   * an `Idempotency-Key` resend runs it again instead of replaying the unknown outcome.
   */
  countUnknownOutcome(): void {
    this.unknownOutcomes += 1;
  }

  private async send(endpoint: ContactWriteEndpoint, body: PatchBody): Promise<UpdateContactResult> {
    let result: UpdateContactResult;
    try {
      this.countWrite();
      const answer = await (endpoint === 'createContact'
        ? this.sfmc.createContact(body, this.options)
        : this.sfmc.updateContact(body, this.options));
      result = toUpdateResult(answer, this.requestId);
    } catch (error) {
      if (!(error instanceof SfmcError) || error.failure !== 'OUTCOME_UNKNOWN') throw error;
      result = unknownOutcome(this.requestId, error.message);
    }
    if (result.operationStatus !== 'UNKNOWN') return result;
    const after = await this.readBack(body);
    return after.applied ? readBackOutcome(this.requestId, after) : unverifiedOutcome(result, after.why);
  }

  /** One attributes search for exactly the attributes `body` sends, compared with the values it sends. */
  private async readBack(body: PatchBody): Promise<ReadBack> {
    try {
      const page = { page: 1, pageSize: CONTACTS_PER_CALL };
      // Part of the write: counted, never refused.
      this.countWrite();
      const answer = await this.sfmc.searchAttributes(readBackSearchBody(body), page, this.options);
      return verifyUpdate(this.catalog, body, answer);
    } catch (error) {
      if (!(error instanceof SfmcError)) throw error;
      return { applied: false, why: `the read failed (${error.message.replace(/\.$/, '')})` };
    }
  }

  /**
   * Adds `groups` to what the next search asks for, for the keys not read with them yet; a key read
   * earlier with fewer groups is read again (rare: one tick's reads of a contact share a search).
   */
  private need(keys: readonly string[], groups: ReadonlySet<string> | undefined): void {
    const wanted = groups ?? 'all';
    const uncovered = keys.filter((key) => {
      const had = this.covered.get(key);
      if (had === undefined) return true;
      if (had === 'all' || (wanted !== 'all' && [...wanted].every((g) => had.has(g)))) return false;
      this.forgetContact(key);
      return true;
    });
    if (uncovered.length === 0) return;
    if (this.pending === undefined || this.pending.taken) this.pending = { groups: new Set(), taken: false };
    const { pending } = this;
    if (pending.groups === 'all' || wanted === 'all') pending.groups = 'all';
    else for (const group of wanted) pending.groups.add(group);
  }

  /** Drops a contact read earlier in this request (it was just updated); creates no loader. */
  forgetContact(contactKey: string): void {
    this.byKey?.clear(contactKey);
    this.covered.delete(contactKey);
  }

  private contactLoader(): DataLoader<string, ContactRecord | null> {
    return (this.byKey ??= new DataLoader((keys) => this.searchContacts(keys), { maxBatchSize: CONTACTS_PER_CALL }));
  }

  /** One batch of this request's contact reads, asking for the groups the tick's reads need, through the process's reads. */
  private searchContacts(keys: readonly string[]): Promise<(ContactRecord | null)[]> {
    const pending = this.pending ?? { groups: 'all', taken: true };
    pending.taken = true;
    const groups = pending.groups === 'all' ? undefined : pending.groups;
    for (const key of keys) this.covered.set(key, pending.groups);
    return this.reads.read(keys, groups, {
      options: this.options,
      spend: () => this.spendOnRead(),
      // A page of a search under way: counted, not refused.
      countPage: () => {
        this.calls += 1;
      },
    });
  }

  private async searchEmails(addresses: readonly string[]): Promise<string[][]> {
    this.spendOnRead();
    const answer = await this.sfmc.searchEmailAddresses(emailSearchBody(addresses, CONTACTS_PER_EMAIL), this.options);
    const keys = readEmailSearch(answer);
    return addresses.map((address) => keys.get(address.toLowerCase()) ?? []);
  }
}

function budgetSpent(limit: number): GraphQLError {
  return serviceError(
    'CALL_BUDGET_EXCEEDED',
    `This request needs more than ${limit} SFMC calls; ask for fewer contacts per request.`,
    { limit },
  );
}
