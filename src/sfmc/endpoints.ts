/**
 * Every SFMC endpoint this service calls, declared once. The client takes its URL,
 * method and resend rule from here; metrics and traces label calls with its name;
 * the schema's preview shows its method and path; the emulator routes and injects
 * faults by it. Adding an SFMC call starts with a row here.
 *
 * Pure data: the emulator imports it without pulling in the client.
 */

/**
 * When a failed call may be sent again:
 * - `always`: a read (or the token request). An ambiguous failure (reset, timeout, 5xx) means
 *   nothing changed, so it is resent, and one that keeps failing is reported as unavailability.
 * - `if-not-processed`: a write. SFMC has no idempotency key, so it is resent only when SFMC
 *   provably did not process it (nothing was sent, or a 429/503 that says when to come back);
 *   an ambiguous failure is an unknown outcome, never a resend.
 */
export type ResendRule = 'always' | 'if-not-processed';

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface Endpoint {
  method: HttpMethod;
  /** Under the host's base URL, as SFMC documents it. */
  path: string;
  /** `auth`: the tenant's auth URL; `rest`: the REST base URL its token names. */
  host: 'auth' | 'rest';
  resend: ResendRule;
  /** Whether it lists in pages: SFMC's `$page`/`$pageSize` query. */
  paged: boolean;
  /** A query SFMC's route always needs (`type=keys`), sent before any per-call parameters. */
  query?: string;
}

export const ENDPOINTS = {
  /** OAuth2 client credentials; no side effects. */
  token: { method: 'POST', path: '/v2/token', host: 'auth', resend: 'always', paged: false },
  /** Updates one contact's attribute sets. */
  updateContact: { method: 'PATCH', path: '/contacts/v1/contacts', host: 'rest', resend: 'if-not-processed', paged: false },
  /** Attributes of the contacts a condition selects (a POST that reads). */
  searchAttributes: { method: 'POST', path: '/contacts/v1/attributes/search', host: 'rest', resend: 'always', paged: true },
  /** Contact keys by email address (a POST that reads). */
  searchEmailAddresses: {
    method: 'POST',
    path: '/contacts/v1/addresses/email/search',
    host: 'rest',
    resend: 'always',
    paged: false,
  },
  /** The tenant's attribute set definitions (`npm run datamodel:pull`). */
  attributeSetDefinitions: {
    method: 'GET',
    path: '/contacts/v1/attributeSetDefinitions',
    host: 'rest',
    resend: 'always',
    paged: true,
  },
  // createContact (issue 17 §1)
  /** Creates one contact: the PATCH's body and answer, with SFMC's create rules. */
  createContact: { method: 'POST', path: '/contacts/v1/contacts', host: 'rest', resend: 'if-not-processed', paged: false },
  // Deletion and restriction as tracked operations (issue 17 §3): SFMC queues them and answers an operation id.
  /** Queues the deletion of contacts by key (suppressed first, deleted after the restore window). */
  deleteContacts: {
    method: 'POST',
    path: '/contacts/v1/contacts/actions/delete',
    host: 'rest',
    resend: 'if-not-processed',
    paged: false,
    query: 'type=keys',
  },
  /** Queues the restriction of processing of contacts by key. */
  restrictContacts: {
    method: 'POST',
    path: '/contacts/v1/contacts/actions/restrict',
    host: 'rest',
    resend: 'if-not-processed',
    paged: false,
    query: 'type=keys',
  },
  /** Both phases of one deletion operation (`operationID` per call). */
  deleteOperationStatus: {
    method: 'GET',
    path: '/contacts/v1/contacts/actions/delete/status',
    host: 'rest',
    resend: 'always',
    paged: false,
  },
  /** One restriction operation's status (`operationID` per call). */
  restrictOperationStatus: {
    method: 'GET',
    path: '/contacts/v1/contacts/actions/restrict/status',
    host: 'rest',
    resend: 'always',
    paged: false,
  },
  // Consent (tracking opt-out and SMS subscriptions): `src/sfmc/consent-source.ts`.
  /** Tracking preferences of contacts by id (a POST that reads; only ReferenceType 2, ids, is documented). */
  searchPreferences: {
    method: 'POST',
    path: '/contacts/v1/contacts/preferences/search',
    host: 'rest',
    resend: 'always',
    paged: false,
    query: 'ReferenceType=2',
  },
  /** Sets contacts' tracking opt-out by id. */
  updatePreferences: {
    method: 'POST',
    path: '/contacts/v1/contacts/preferences',
    host: 'rest',
    resend: 'if-not-processed',
    paged: false,
  },
  /** MobileConnect subscriptions of up to 500 subscriber keys (a POST that reads). */
  searchSmsSubscriptions: {
    method: 'POST',
    path: '/sms/v1/contacts/subscriptions',
    host: 'rest',
    resend: 'always',
    paged: false,
  },
  /** Queues an inbound message as if texted (double opt-in: the keyword), answered 202. */
  queueSmsMo: { method: 'POST', path: '/sms/v1/queueMO', host: 'rest', resend: 'if-not-processed', paged: false },
  // Journeys (issue 18 §3): API event definitions, journey entry, memberships.
  /** The tenant's event definitions; `datamodel:pull` keeps the API events (`type: APIEvent`). */
  eventDefinitions: { method: 'GET', path: '/interaction/v1/eventDefinitions', host: 'rest', resend: 'always', paged: true },
  /** Enters one contact into the journeys of an API event; answers 201. */
  fireEvent: { method: 'POST', path: '/interaction/v1/events', host: 'rest', resend: 'if-not-processed', paged: false },
  /** Enters up to 100 contacts into the journeys of an API event, queued. */
  fireEvents: { method: 'POST', path: '/interaction/v1/async/events', host: 'rest', resend: 'if-not-processed', paged: false },
  /** The journeys up to 50 contact keys are in (a POST that reads). */
  contactMembership: {
    method: 'POST',
    path: '/interaction/v1/interactions/contactMembership',
    host: 'rest',
    resend: 'always',
    paged: false,
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The endpoints called with a token on the REST base URL. */
export type RestEndpointName = { [K in EndpointName]: (typeof ENDPOINTS)[K]['host'] extends 'rest' ? K : never }[EndpointName];

/** The endpoints that change something in SFMC. */
export type WriteEndpointName = {
  [K in EndpointName]: (typeof ENDPOINTS)[K]['resend'] extends 'if-not-processed' ? K : never;
}[EndpointName];

export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/** `METHOD /path`, as documentation and messages name an endpoint. */
export const describeEndpoint = (name: EndpointName): string => `${ENDPOINTS[name].method} ${ENDPOINTS[name].path}`;

/** Which page of a paged list to ask for. */
export interface Page {
  page: number;
  pageSize: number;
}

/** SFMC's paging parameters. */
export const pageQuery = (page: Page): string => `$page=${page.page}&$pageSize=${page.pageSize}`;

/**
 * The path and query of one call: the endpoint's path, its fixed query, the call's own
 * parameters (an operation id) and its page, in that order.
 */
export function requestPath(endpoint: Endpoint, params?: Readonly<Record<string, string>>, page?: Page): string {
  const parts: string[] = [];
  if (endpoint.query !== undefined) parts.push(endpoint.query);
  if (params !== undefined) parts.push(new URLSearchParams(params).toString());
  if (page !== undefined) parts.push(pageQuery(page));
  return parts.length === 0 ? endpoint.path : `${endpoint.path}?${parts.join('&')}`;
}
