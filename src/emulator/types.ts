import type { AttributeScalar } from '../catalog/data-types.js';
import type { TenantModel } from '../catalog/index.js';
import type { EndpointName } from '../sfmc/endpoints.js';

/**
 * Which of SFMC's two spellings of its responses to emit: the documentation's
 * (`rowsAffetcted`, `contactId`, host-only instance URLs) or the live service's
 * (`rowsAffected`, `contactID`, `responseDateTime`, full instance URLs).
 */
export type Spelling = 'documented' | 'live';

/** What PATCH does with a contact key it does not know; SFMC's behaviour is undocumented. */
export type UnknownContactMode = 'fail' | 'create';

/** What POST (create) does with a contact key that exists: FAIL, or update the contact; SFMC's behaviour is undocumented. */
export type DuplicateContactMode = 'fail' | 'update';

/**
 * Whether a MANY set's row key matches an existing row whatever its case (`case-insensitive`, as SQL
 * Server's default collation under SFMC compares) or only exactly; SFMC does not document it.
 */
export type RowKeyMatch = 'case-insensitive' | 'exact';

/** Whether the attributes search accepts the `In` operator (`accept`) or refuses it with a 400 naming it; undocumented. */
export type SearchInOperator = 'accept' | 'refuse';

/**
 * How the attributes search flattens a many-rows set, undocumented: every row in the contact's one
 * item, a repeated key starting the next row (`flattened`), or one item per row (`item-per-row`).
 */
export type ManyRowsFlattening = 'flattened' | 'item-per-row';

/**
 * Whether the searches still find contacts a deletion has suppressed but not deleted yet (`found`), or
 * leave them out (`hidden`); SFMC does not document it.
 */
export type SuppressedContacts = 'hidden' | 'found';

/**
 * Whether the SMS subscriptions answer names each row's subscriber key (`echo`) or, as SFMC's one
 * example (a lookup by number) shows, does not (`omit`); undocumented.
 */
export type SmsSubscriberKeys = 'echo' | 'omit';

/**
 * What journey entry does with a contact key the tenant has no contact of, undocumented beyond "400 when the
 * contact is not active": refuse it with a 400 (`refuse`) or create the contact and enter it (`enter`).
 */
export type JourneyUnknownContact = 'refuse' | 'enter';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'emulator-client-id'. */
  clientId?: string;
  /** Default 'emulator-client-secret'. */
  clientSecret?: string;
  /**
   * How long a token is accepted; default 1200. Like SFMC, the reported `expires_in`
   * is two minutes shorter for lifetimes over five minutes.
   */
  tokenLifetimeSeconds?: number;
  /** Default 'documented'. */
  spelling?: Spelling;
  /** Default 'fail'. */
  unknownContact?: UnknownContactMode;
  /** Default 'case-insensitive' (a guess: see docs/emulator.md). */
  rowKeys?: RowKeyMatch;
  /** Default 'accept' (a guess: see docs/emulator.md). */
  searchIn?: SearchInOperator;
  /** Default 'flattened' (a guess: see docs/emulator.md). */
  manyRows?: ManyRowsFlattening;
  /** Default 'fail' (a guess: see docs/emulator.md). */
  duplicateContact?: DuplicateContactMode;
  /** Default 'hidden' (a guess: see docs/emulator.md). */
  suppressedContacts?: SuppressedContacts;
  /** Default 'echo' (a guess: see docs/emulator.md). */
  smsSubscriberKeys?: SmsSubscriberKeys;
  /** Default 'refuse' (a guess: see docs/emulator.md). */
  journeyUnknownContact?: JourneyUnknownContact;
  /**
   * The tenant's contact model to serve (a snapshot, e.g. `loadModelFile('src/catalog/tenant-model.json')`):
   * its attribute set definitions, and what PATCH and the searches accept. Default: the
   * demo tenant over SFMC's standard groups, `demoTenantModel(standardModel)`.
   */
  dataModel?: TenantModel;
  /** Default true: seeds the contact of SFMC's example request, "acruz@example.com" (id 12345678). */
  seedContacts?: boolean;
  /** Told of each call as it is logged, whatever later empties `calls` (`reset`): e.g. to hold a ledger to the whole log. */
  onCall?: (call: RecordedCall) => void;
}

export interface RecordedCall {
  method: string;
  /** Path and query string as requested. */
  path: string;
  /** 0 when no answer was sent: the connection was reset (a fault), or the emulator closed while the call waited. */
  status: number;
  /** Parsed JSON, else the raw text; undefined when empty. A token request's client_secret is redacted. */
  body: unknown;
}

export interface EmulatedContact {
  contactKey: string;
  contactId: number;
  /** Rows per attribute set name; a cleared attribute is absent from its row. */
  attributeSets: Record<string, Record<string, AttributeScalar>[]>;
}

/**
 * The SFMC routes a fault can be injected into: any endpoint of the service's table by its
 * name (`updateContact`, `searchAttributes`, …), or by the first names of the fault routes
 * (`patch`, `attributesSearch`, `emailSearch`).
 */
export type FaultRoute = EndpointName | 'patch' | 'attributesSearch' | 'emailSearch';

/**
 * What an injected fault does to one request. `status` answers without processing
 * anything; `delay` waits, then processes normally; the others process the request
 * (a PATCH is applied) and then spoil the answer, except `reset-before-processing`.
 */
export type FaultKind =
  /** Answers `status` (default body: an SFMC gateway error) and processes nothing. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Waits `ms`, then processes and answers normally. */
  | { type: 'delay'; ms: number }
  /** Destroys the socket without processing or answering. */
  | { type: 'reset-before-processing' }
  /** Processes the request, then destroys the socket before any byte of the answer. */
  | { type: 'reset-after-processing' }
  /** Processes the request, then sends no headers for `ms`, then the answer. */
  | { type: 'stall-headers'; ms: number }
  /** Processes the request, sends 200 headers and part of the JSON, then nothing until the client gives up. */
  | { type: 'stall-body' }
  /** Processes the request, then answers 200 with a body that is not JSON. */
  | { type: 'malformed-body' }
  /** Processes the request, then answers 200 with a JSON body of `bytes` bytes. */
  | { type: 'oversized-body'; bytes: number };

export interface Fault {
  route: FaultRoute;
  /** How many matching requests it applies to before it is used up; default 1. */
  times?: number;
  kind: FaultKind;
}

export interface EmulatorStats {
  /** SFMC requests being handled now (admin routes are not counted). */
  inFlight: number;
  /** The most at once since start or the last reset. */
  maxInFlight: number;
}

export interface Emulator {
  /** 'http://HOST:PORT', no trailing slash. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request except the /__emulator/* admin routes, in the order they were answered. */
  readonly calls: RecordedCall[];
  callCount(method: string, pathPrefix: string): number;
  getContact(contactKey: string): EmulatedContact | undefined;
  /** Every token issued so far answers 401 from now on. */
  expireTokens(): void;
  /** Every access token issued since start (reset keeps them: they must never leak either). */
  issuedTokens(): readonly string[];
  setOptions(
    patch: Partial<
      Pick<
        EmulatorOptions,
        | 'spelling'
        | 'unknownContact'
        | 'rowKeys'
        | 'searchIn'
        | 'manyRows'
        | 'duplicateContact'
        | 'suppressedContacts'
        | 'smsSubscriberKeys'
        | 'journeyUnknownContact'
      >
    >,
  ): void;
  /** The people of every pending SMS opt-in (queued by queueMO) confirm it: they become subscriptions. Answers how many. */
  confirmSmsOptIns(): number;
  /** Queues a fault for the next `times` requests to its route (after faults already queued there). */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Delays every SFMC route by `ms` before it is processed (a slow SFMC); 0 turns it off. */
  setLatency(ms: number): void;
  stats(): EmulatorStats;
  /**
   * Moves queued deletion and restriction operations on by `steps` (default 1), one at a time, oldest
   * first (`src/emulator/contact-operations.ts`); answers the steps taken (fewer when none was left).
   */
  advanceOperations(steps?: number): number;
  /** Restores the contacts of a deletion not deleted yet (its status becomes Aborted); false when it cannot. */
  restoreOperation(operationId: number): boolean;
  /** Forgets calls, tokens, contacts, faults, latency and stats, then seeds again. */
  reset(): void;
  close(): Promise<void>;
}
