import type { Catalog } from '../catalog/index.js';
import type { StateStore } from '../state/store.js';
import { contactSearchBody, readContactSearch, refusesInOperator, type ContactRecord } from '../translate/contact-read.js';
import type { WrittenGroups } from '../translate/written-rows.js';
import type { CallOptions, SfmcClient } from './client.js';
import type { CallerSignal } from './deadline.js';
import { searchOperator, type KeyOperator } from './search-operator.js';
import { SfmcError } from './sfmc-error.js';

/** SFMC's soft limit for synchronous batches and its attributes/search page size: the contacts one search asks for. */
export const CONTACTS_PER_SEARCH = 50;

/** Contact reads shared between requests, as configured. */
export interface ReadSettings {
  /** How long a contact read waits for reads from other requests to share its search (SFMC_READ_BATCH_WINDOW_MS). */
  windowMs: number;
  /** How long a contact's group, once read, is served from `store` without asking SFMC; 0: no cache (SFMC_READ_CACHE_TTL_SECONDS). */
  cacheTtlSeconds: number;
}

export interface ReadBatcherSettings extends ReadSettings {
  /** Where cached reads live (memory or Redis); needed only with a TTL. */
  store?: StateStore | undefined;
}

/** What one request's batch of contact reads brings to a shared search. */
export interface ReadShare {
  /** The request's cancellation and trace; the shared search is cancelled only when every request sharing it is. */
  options: CallOptions;
  /** Called, before anything is sent, when SFMC must be asked (not for a read the cache answers); may refuse by throwing. */
  spend(): void;
  /** Called for each page past the first of a search this read shares (never refuses: the search is under way). */
  countPage(): void;
}

type Groups = ReadonlySet<string> | 'all';

interface Waiter {
  resolve(record: ContactRecord | null): void;
  reject(error: unknown): void;
}

/** Reads gathered in the window, not sent yet. Its keys all get its groups, the union of what each asked for. */
interface Batch {
  keys: Map<string, Waiter[]>;
  groups: Set<string> | 'all';
  shares: ReadShare[];
  timer: NodeJS.Timeout | undefined;
}

/** A search on its way: reads of a key it covers join it instead of asking again. */
interface InFlight {
  groups: Groups;
  record: Promise<ContactRecord | null>;
  /** Keys written by this service since the search was sent: their answers are not cached. */
  stale: Set<string>;
  /** Whether every request it was sent for went away (it is cancelled then, not failed: a read that joined it asks again). */
  abandoned(): boolean;
}

/** A contact's cached groups, each with when it was read, so every group is stale after the TTL whatever was read later. */
interface CachedContact {
  contactId: string | null;
  groups: Record<string, { rows: ContactRecord['groups'][string]; at: number }>;
}

const cacheKey = (contactKey: string) => `contact-read:${contactKey}`;

/**
 * Contact reads for the whole process, shared by every request over one SFMC client: a request's
 * ContactsSource batches its own reads (DataLoader), then hands each batch here, where
 *
 * - reads arriving within `windowMs` from any request join one attributes search (at most 50
 *   contacts, SFMC's page size; a full batch is sent at once), asking for the union of their groups;
 * - a read of a contact that a search on its way already covers joins that search (in-flight de-duplication);
 * - with a TTL, contacts' groups are kept in the state store and served from it; this service's own
 *   writes update what it holds (`contactUpdated`) or drop the contact (`invalidateContact`: an
 *   outcome not known), while other writers' changes show once the TTL has passed.
 *
 * Requests keep their budgets: a request counts one call for each batch of its own that SFMC must
 * answer, whether it opens a search or joins one, so a request's budget is what it would spend alone
 * and never depends on what else runs. Each shared call appears in the trace of every request sharing it.
 */
export class ReadBatcher {
  private batch: Batch | undefined;
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly catalog: Catalog,
    private readonly sfmc: SfmcClient,
    private readonly settings: ReadBatcherSettings = { windowMs: 0, cacheTtlSeconds: 0 },
    private readonly now: () => number = Date.now,
  ) {}

  private get cacheTtlMs(): number {
    return this.settings.store ? this.settings.cacheTtlSeconds * 1000 : 0;
  }

  /** Contacts by key, in order, null where SFMC has none; `groups` (GraphQL names) undefined asks for every group. */
  async read(
    keys: readonly string[],
    groups: ReadonlySet<string> | undefined,
    share: ReadShare,
  ): Promise<(ContactRecord | null)[]> {
    const wanted: Groups = groups ?? 'all';
    const cached = await this.fromCache(keys, wanted);
    const missing = keys.filter((key) => !cached.has(key));
    if (missing.length === 0) return keys.map((key) => cached.get(key) ?? null);
    share.spend();
    const records = new Map<string, Promise<ContactRecord | null>>();
    for (const key of missing) records.set(key, this.join(key, wanted, share));
    return Promise.all(keys.map((key) => cached.get(key) ?? records.get(key) ?? null));
  }

  /** Forgets what is cached or being read of a contact this service wrote (or may have): the next read asks SFMC. */
  async invalidateContact(contactKey: string): Promise<void> {
    this.leaveSearches(contactKey);
    // A store that does not answer leaves the cached contact to its TTL.
    if (this.cacheTtlMs > 0) await this.settings.store?.delete(cacheKey(contactKey)).catch(() => undefined);
  }

  /**
   * After an update SFMC applied: searches on their way no longer answer for the contact, and the
   * cache holds what was written in place of what it held (a one-row group's attributes merged into
   * its cached row, which keeps the age it had; a many-rows group dropped). `written` is asked only
   * when the contact is cached: without a cache an update costs nothing more here.
   */
  async contactUpdated(contactKey: string, written: () => WrittenGroups): Promise<void> {
    this.leaveSearches(contactKey);
    const store = this.settings.store;
    const ttlMs = this.cacheTtlMs;
    if (ttlMs <= 0 || !store) return;
    try {
      const entry = await store.get(cacheKey(contactKey));
      if (entry === undefined) return;
      const contact = JSON.parse(entry) as CachedContact;
      for (const [name, row] of written()) {
        const cached = contact.groups[name];
        // A row read as absent is the written one now: its other attributes are unset.
        if (row === 'unknown' || !cached) delete contact.groups[name];
        else cached.rows = [{ ...cached.rows[0], ...row }];
      }
      await store.set(cacheKey(contactKey), JSON.stringify(contact), ttlMs);
    } catch {
      await this.invalidateContact(contactKey);
    }
  }

  /** Reads from now on do not join a search sent before a write of the contact, and its answer is not cached. */
  private leaveSearches(contactKey: string): void {
    const flight = this.inFlight.get(contactKey);
    if (flight) {
      flight.stale.add(contactKey);
      this.inFlight.delete(contactKey);
    }
  }

  private join(key: string, wanted: Groups, share: ReadShare): Promise<ContactRecord | null> {
    const flight = this.inFlight.get(key);
    if (flight && covers(flight.groups, wanted)) {
      return flight.record.catch((error: unknown) => {
        if (flight.abandoned()) return this.join(key, wanted, share);
        throw error;
      });
    }
    const batch: Batch = (this.batch ??= {
      keys: new Map(),
      groups: new Set<string>(),
      shares: [] as ReadShare[],
      timer: undefined,
    });
    if (!batch.shares.includes(share)) batch.shares.push(share);
    if (wanted === 'all' || batch.groups === 'all') batch.groups = 'all';
    else for (const group of wanted) batch.groups.add(group);
    const record = new Promise<ContactRecord | null>((resolve, reject) => {
      const waiters = batch.keys.get(key) ?? [];
      waiters.push({ resolve, reject });
      batch.keys.set(key, waiters);
    });
    if (batch.keys.size >= CONTACTS_PER_SEARCH) this.send(batch);
    else batch.timer ??= setTimeout(() => this.send(batch), this.settings.windowMs);
    return record;
  }

  private send(batch: Batch): void {
    if (this.batch === batch) this.batch = undefined;
    if (batch.timer) clearTimeout(batch.timer);
    const keys = [...batch.keys.keys()];
    const stale = new Set<string>();
    const options = sharedOptions(batch.shares);
    const search = this.search(keys, batch.groups, batch.shares, options);
    const abandoned = () => options.signal?.aborted === true;
    const flights = new Map<string, InFlight>();
    for (const key of keys) {
      const record = search.then((found) => found.get(key) ?? null);
      // Its failure reaches the waiters below; this copy only lets later reads join.
      record.catch(() => undefined);
      const flight: InFlight = { groups: batch.groups, record, stale, abandoned };
      flights.set(key, flight);
      this.inFlight.set(key, flight);
    }
    const settled = search.then(
      (found) => {
        for (const [key, waiters] of batch.keys) for (const w of waiters) w.resolve(found.get(key) ?? null);
        return this.toCache(keys, batch.groups, found, stale);
      },
      (error: unknown) => {
        for (const waiters of batch.keys.values()) for (const w of waiters) w.reject(error);
      },
    );
    // Joinable until cached: a write meanwhile marks its contact stale, so its answer is not cached.
    void settled.finally(() => {
      for (const [key, flight] of flights) if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    });
  }

  /** Every page of one attributes search for `keys`, on behalf of `shares`. */
  private async search(
    keys: readonly string[],
    groups: Groups,
    shares: readonly ReadShare[],
    options: CallOptions,
  ): Promise<Map<string, ContactRecord>> {
    const found = new Map<string, ContactRecord>();
    const alone = shares.length === 1;
    for (let page = 1; ; page += 1) {
      if (page > 1) for (const share of shares) share.countPage();
      const traced = options.trace?.length ?? 0;
      try {
        const answer = await this.searchPage(keys, groups === 'all' ? undefined : groups, page, options);
        const { records, count, items } = readContactSearch(this.catalog, answer);
        for (const record of records) found.set(record.contactKey, record);
        if (items === 0 || page * CONTACTS_PER_SEARCH >= count) break;
      } finally {
        const calls = alone ? [] : (options.trace?.slice(traced) ?? []);
        for (const share of shares) share.options.trace?.push(...calls);
      }
    }
    return found;
  }

  /**
   * One page, with the process's key operator. Should SFMC refuse `In` (a 400 Invalid Value, or a FAIL naming it),
   * the page is asked again with `Or` (not counted: the refusal processed nothing), and if that is
   * answered, every later search of the process asks with `Or` (`search-operator.ts`): metrics
   * show it (`sfmc_search_in_fallback`), and so does the log line of each request sharing it (a note on the call).
   */
  private async searchPage(keys: readonly string[], groups: ReadonlySet<string> | undefined, page: number, options: CallOptions) {
    const ask = (operator: KeyOperator) =>
      this.sfmc.searchAttributes(
        contactSearchBody(this.catalog, keys, groups, operator),
        { page, pageSize: CONTACTS_PER_SEARCH },
        options,
      );
    const operator = searchOperator.current;
    if (operator === 'Or') return ask('Or');
    try {
      const answer = await ask('In');
      if (!refusesInOperator(answer)) return answer;
    } catch (error) {
      if (!mayRefuseIn(error)) throw error;
    }
    const refused = options.trace?.findLast((call) => call.endpoint === 'searchAttributes');
    const answer = await ask('Or');
    if (refused) refused.note = 'SFMC refused the search operator In: asked with Or of Equals, and will from now on';
    searchOperator.fallBack();
    return answer;
  }

  /** The contacts whose every wanted group is cached and younger than the TTL; a store that fails answers nothing. */
  private async fromCache(keys: readonly string[], wanted: Groups): Promise<Map<string, ContactRecord>> {
    const hits = new Map<string, ContactRecord>();
    const ttlMs = this.cacheTtlMs;
    const store = this.settings.store;
    if (ttlMs <= 0 || !store) return hits;
    const names = wanted === 'all' ? this.catalog.groups.map((g) => g.graphqlName) : [...wanted];
    const oldest = this.now() - ttlMs;
    await Promise.all(
      keys.map(async (key) => {
        const contact = await store
          .get(cacheKey(key))
          .then((entry) => (entry === undefined ? undefined : (JSON.parse(entry) as CachedContact)))
          .catch(() => undefined);
        if (contact === undefined) return;
        const fresh = names.every((name) => (contact.groups[name]?.at ?? -Infinity) > oldest);
        if (!fresh) return;
        const groups = Object.fromEntries(
          names.flatMap((name) => {
            const rows = contact.groups[name]?.rows ?? [];
            return rows.length === 0 ? [] : [[name, rows]];
          }),
        );
        hits.set(key, { contactKey: key, contactId: contact.contactId, groups });
      }),
    );
    return hits;
  }

  /**
   * Keeps what a search answered, group by group, beside what was cached of the contact (a contact
   * SFMC does not have is not cached: creating it must show at once). A store that fails keeps nothing.
   */
  private async toCache(keys: readonly string[], groups: Groups, found: Map<string, ContactRecord>, stale: Set<string>) {
    const ttlMs = this.cacheTtlMs;
    const store = this.settings.store;
    if (ttlMs <= 0 || !store) return;
    const names = groups === 'all' ? this.catalog.groups.map((g) => g.graphqlName) : [...groups];
    const at = this.now();
    await Promise.all(
      keys.map(async (key) => {
        const record = found.get(key);
        if (!record || stale.has(key)) return;
        try {
          const before = await store.get(cacheKey(key));
          const contact: CachedContact = before ? (JSON.parse(before) as CachedContact) : { contactId: null, groups: {} };
          contact.contactId = record.contactId;
          for (const name of names) contact.groups[name] = { rows: record.groups[name] ?? [], at };
          // Written between the read and now: drop it rather than keep what may predate the write.
          if (stale.has(key)) return;
          await store.set(cacheKey(key), JSON.stringify(contact), ttlMs);
        } catch {
          // The cache is an economy: a store that does not answer costs SFMC calls, never a failed read.
        }
      }),
    );
  }
}

/** Whether a search asking for `had` answers a read of `wanted`. */
function covers(had: Groups, wanted: Groups): boolean {
  if (had === 'all') return true;
  return wanted !== 'all' && [...wanted].every((group) => had.has(group));
}

/**
 * A search for one request is that request's call (its signal, deadline and trace, as any call it makes); one for
 * several has a signal of its own, a deadline from when it is sent, and a trace copied to each request's.
 */
function sharedOptions(shares: readonly ReadShare[]): CallOptions {
  const [only] = shares;
  if (shares.length === 1 && only) return only.options;
  return { signal: whenAllStop(shares.map((s) => s.options.signal)), trace: [] };
}

/** A signal that aborts once every caller's has (never, if one caller has none): a shared call serves the others still waiting. */
function whenAllStop(signals: readonly (CallerSignal | undefined)[]): AbortSignal | undefined {
  if (signals.some((s) => s === undefined)) return undefined;
  const controller = new AbortController();
  let waiting = signals.length;
  const stopped = () => {
    waiting -= 1;
    if (waiting === 0) controller.abort();
  };
  for (const signal of signals as CallerSignal[]) {
    if (signal.aborted) stopped();
    else signal.addEventListener('abort', stopped, { once: true });
  }
  return controller.signal;
}

/** SFMC's gateway code for a value it does not accept ("Invalid Value"), which a refused operator would be. */
const INVALID_VALUE = 10005;

/**
 * Whether a failed search may be SFMC refusing `In`: a 400 "Invalid Value". The client keeps SFMC's
 * message out of its errors, so the `Or` that follows decides: the process switches only if SFMC answers it.
 */
function mayRefuseIn(error: unknown): boolean {
  return (
    error instanceof SfmcError &&
    error.failure === 'UPSTREAM_REJECTED' &&
    error.details.status === 400 &&
    error.details.sfmcErrorCode === INVALID_VALUE
  );
}
