import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIPv6, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogFromModel, createCatalog, standardModel } from '../catalog/index.js';
import { ENDPOINTS, type EndpointName } from '../sfmc/endpoints.js';
import { MAX_SEARCH_PAGE_SIZE, searchAttributes } from './attribute-search.js';
import { inOperatorRefused, parseAttributeSearch } from './attribute-search-request.js';
import { attributeSetDefinitions, definitionsPage } from './attribute-set-definitions.js';
import { contactResponse } from './contact-response.js';
import { createContact } from './create-contacts.js';
import { advanceReply, OperationQueue, restoreReply } from './contact-operations.js';
import { demoTenantModel, seedDemoContacts } from './demo-tenant.js';
import { parseEmailSearch, searchEmailAddresses } from './email-search.js';
import { answerBeforeProcessing, FaultQueue, parseFault, parseLatency, recordedStatus, sendProcessed } from './faults.js';
import {
  internalServerError,
  invalidOperation,
  invalidValue,
  notAuthorized,
  objectNotFound,
  payloadTooLarge,
  unsupportedMediaType,
} from './gateway-errors.js';
import { parseLoosely, readBody, sendJson, type JsonReply } from './http-json.js';
import { pagingFrom } from './paging.js';
import { contactMembership, eventDefinitionsPage, fireEvent, fireEvents, JourneyMemberships } from './journeys.js';
import { patchContact } from './patch-contacts.js';
import { parsePatchRequest } from './patch-request.js';
import { PreferenceStore, searchPreferences, updatePreferences } from './preferences.js';
import { queueMo, searchSmsSubscriptions, seedDemoSubscription, SmsStore } from './sms.js';
import { endpointAt, isKnownRoute, needsToken, routeKey } from './routes.js';
import { ContactStore, snapshot } from './store.js';
import { instanceUrl, TokenAuthority } from './token-authority.js';
import type {
  DuplicateContactMode,
  Emulator,
  EmulatorOptions,
  JourneyUnknownContact,
  ManyRowsFlattening,
  RecordedCall,
  RowKeyMatch,
  SearchInOperator,
  SmsSubscriberKeys,
  Spelling,
  SuppressedContacts,
  UnknownContactMode,
} from './types.js';

interface EmulatorRequest {
  headers: IncomingMessage['headers'];
  query: URLSearchParams;
  bodyText: string;
}

type Handler = (request: EmulatorRequest) => JsonReply;

const ADMIN_PREFIX = '/__emulator/';

const isJsonMediaType = (contentType: string | undefined): boolean => /^\s*application\/json\s*(;|$)/i.test(contentType ?? '');

/** A route that reads a JSON body: any other content type is refused before the route looks at it. */
const withJsonBody =
  (handler: Handler): Handler =>
  (request) =>
    isJsonMediaType(request.headers['content-type']) ? handler(request) : unsupportedMediaType();

/** The body as recorded: never the client secret, since /__emulator/calls is unauthenticated. */
function recordedBody(routePath: string, bodyText: string): unknown {
  const body = parseLoosely(bodyText);
  if (routePath === routeKey(ENDPOINTS.token.path) && typeof body === 'object' && body !== null && 'client_secret' in body) {
    return { ...body, client_secret: '[redacted]' };
  }
  return body;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIPv6(host) ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? 'emulator-client-id';
  const clientSecret = options.clientSecret ?? 'emulator-client-secret';
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 1200;
  if (!(lifetimeSeconds > 0)) throw new RangeError('tokenLifetimeSeconds must be positive');
  const settings: {
    spelling: Spelling;
    unknownContact: UnknownContactMode;
    rowKeys: RowKeyMatch;
    searchIn: SearchInOperator;
    manyRows: ManyRowsFlattening;
    duplicateContact: DuplicateContactMode;
    suppressedContacts: SuppressedContacts;
    smsSubscriberKeys: SmsSubscriberKeys;
    journeyUnknownContact: JourneyUnknownContact;
  } = {
    spelling: options.spelling ?? 'documented',
    unknownContact: options.unknownContact ?? 'fail',
    rowKeys: options.rowKeys ?? 'case-insensitive',
    searchIn: options.searchIn ?? 'accept',
    manyRows: options.manyRows ?? 'flattened',
    duplicateContact: options.duplicateContact ?? 'fail',
    suppressedContacts: options.suppressedContacts ?? 'hidden',
    smsSubscriberKeys: options.smsSubscriberKeys ?? 'echo',
    journeyUnknownContact: options.journeyUnknownContact ?? 'refuse',
  };
  const tenant = options.dataModel ?? demoTenantModel(standardModel);
  // Everything the tenant holds, typed or not: what SFMC itself would accept.
  const model = createCatalog(catalogFromModel(tenant, { everything: true }));
  const definitions = attributeSetDefinitions(tenant);
  const store = new ContactStore();
  store.hideSuppressed = settings.suppressedContacts === 'hidden';
  const operations = new OperationQueue(store);
  const preferences = new PreferenceStore();
  const sms = new SmsStore();
  const memberships = new JourneyMemberships();
  const journeys = () => ({ events: tenant.events ?? [], store, memberships, unknownContact: settings.journeyUnknownContact });
  const tokens = new TokenAuthority({ clientId, clientSecret, lifetimeSeconds });
  const calls: RecordedCall[] = [];
  const faults = new FaultQueue();
  const load = { latencyMs: 0, inFlight: 0, maxInFlight: 0 };
  // Aborted on close, so no stalled or delayed answer outlives the emulator.
  const closed = new AbortController();
  let url = '';

  const seed = (): void => {
    if (options.seedContacts ?? true) {
      seedDemoContacts(store, model);
      seedDemoSubscription(sms);
    }
  };
  const reset = (): void => {
    calls.length = 0;
    faults.clear();
    load.latencyMs = 0;
    load.maxInFlight = load.inFlight;
    tokens.expireAll();
    store.clear();
    operations.clear();
    preferences.clear();
    sms.clear();
    memberships.clear();
    seed();
  };
  seed();

  /** What each endpoint of the service's table does; `routes.ts` finds the one a request is for. */
  const handlers: Record<EndpointName, Handler> = {
    token: ({ bodyText }) => tokens.issue(bodyText, instanceUrl(url, settings.spelling), settings.spelling),
    updateContact: withJsonBody(({ bodyText }) => {
      const parsed = parsePatchRequest(bodyText);
      if (!parsed.ok) return parsed.reply;
      const outcome = patchContact(store, model, parsed.value, settings.unknownContact, settings.rowKeys);
      return { status: 200, body: contactResponse(outcome, settings.spelling) };
    }),
    searchAttributes: withJsonBody(({ bodyText, query }) => {
      const parsed = parseAttributeSearch(bodyText, model);
      if (!parsed.ok) return parsed.reply;
      if (parsed.value.usesIn && settings.searchIn === 'refuse') return inOperatorRefused();
      const paging = pagingFrom(query, MAX_SEARCH_PAGE_SIZE);
      if (paging === undefined) return invalidValue();
      return { status: 200, body: searchAttributes(store, parsed.value, paging, settings.manyRows) };
    }),
    searchEmailAddresses: withJsonBody(({ bodyText }) => {
      const parsed = parseEmailSearch(bodyText);
      if (!parsed.ok) return parsed.reply;
      return { status: 200, body: searchEmailAddresses(store, model, parsed.value) };
    }),
    attributeSetDefinitions: ({ query }) => definitionsPage(definitions, query),
    createContact: withJsonBody(({ bodyText }) => {
      const parsed = parsePatchRequest(bodyText);
      if (!parsed.ok) return parsed.reply;
      const outcome = createContact(store, model, parsed.value, settings.duplicateContact, settings.rowKeys);
      return { status: 200, body: contactResponse(outcome, settings.spelling) };
    }),
    // Deletion and restriction as queued operations (contact-operations.ts).
    deleteContacts: withJsonBody(({ bodyText, query }) => operations.request('delete', bodyText, query)),
    restrictContacts: withJsonBody(({ bodyText, query }) => operations.request('restrict', bodyText, query)),
    deleteOperationStatus: ({ query }) => operations.status('delete', query),
    restrictOperationStatus: ({ query }) => operations.status('restrict', query),
    searchPreferences: withJsonBody(({ bodyText, query }) => searchPreferences(store, preferences, query, bodyText)),
    updatePreferences: withJsonBody(({ bodyText }) => updatePreferences(store, preferences, bodyText)),
    searchSmsSubscriptions: withJsonBody(({ bodyText }) => searchSmsSubscriptions(sms, bodyText, settings.smsSubscriberKeys)),
    queueSmsMo: withJsonBody(({ bodyText }) => queueMo(sms, bodyText)),
    eventDefinitions: ({ query }) => eventDefinitionsPage(tenant.events ?? [], query),
    fireEvent: withJsonBody(({ bodyText }) => fireEvent(journeys(), bodyText)),
    fireEvents: withJsonBody(({ bodyText }) => fireEvents(journeys(), bodyText)),
    contactMembership: withJsonBody(({ bodyText }) => contactMembership(journeys(), bodyText)),
  };

  function sfmcReply(endpoint: EndpointName | undefined, path: string, request: EmulatorRequest): JsonReply {
    // SFMC's gateway checks the token before it looks for the resource.
    if (needsToken(path) && !tokens.authorizes(request.headers.authorization)) return notAuthorized();
    if (endpoint !== undefined) return handlers[endpoint](request);
    return isKnownRoute(path) ? invalidOperation() : objectNotFound();
  }

  const setLatency = (ms: number): void => {
    if (!(Number.isInteger(ms) && ms >= 0)) throw new RangeError('latency must be a whole number of milliseconds');
    load.latencyMs = ms;
  };
  const stats = () => ({ inFlight: load.inFlight, maxInFlight: load.maxInFlight });
  const noContent = (): JsonReply => ({ status: 204 });

  function adminReply(method: string, pathname: string, bodyText: string): JsonReply {
    const action = pathname.slice(ADMIN_PREFIX.length);
    if (action.startsWith('contacts/')) {
      if (method !== 'GET') return invalidOperation();
      let contactKey: string;
      try {
        contactKey = decodeURIComponent(action.slice('contacts/'.length));
      } catch {
        return objectNotFound();
      }
      const contact = store.findByKey(contactKey);
      return contact ? { status: 200, body: snapshot(contact) } : objectNotFound();
    }
    const admin: Record<string, Partial<Record<string, () => JsonReply>>> = {
      contacts: { GET: () => ({ status: 200, body: store.all().map(snapshot) }) },
      calls: { GET: () => ({ status: 200, body: calls }) },
      stats: { GET: () => ({ status: 200, body: stats() }) },
      'sms-confirmations': { POST: () => ({ status: 200, body: { confirmed: sms.confirmPending() } }) },
      'expire-tokens': {
        POST: () => {
          tokens.expireAll();
          return noContent();
        },
      },
      reset: {
        POST: () => {
          reset();
          return noContent();
        },
      },
      faults: {
        POST: () => {
          const parsed = parseFault(bodyText);
          if (!parsed.ok) return parsed.reply;
          faults.add(parsed.value);
          return noContent();
        },
        DELETE: () => {
          faults.clear();
          return noContent();
        },
      },
      operations: { GET: () => ({ status: 200, body: operations.list() }) },
      'operations/advance': { POST: () => advanceReply(operations, bodyText) },
      'operations/restore': { POST: () => restoreReply(operations, bodyText) },
      latency: {
        POST: () => {
          const parsed = parseLatency(bodyText);
          if (!parsed.ok) return parsed.reply;
          setLatency(parsed.value);
          return noContent();
        },
      },
    };
    const entry = admin[action.replace(/\/$/, '')];
    if (!entry) return objectNotFound();
    return entry[method]?.() ?? invalidOperation();
  }

  /** Waits in progress: closing ends them, and is over once the calls they held are logged. */
  const waits = new Set<Promise<void>>();
  /** Waits, unless the emulator closes first. */
  const pause = (ms: number): Promise<void> => {
    if (ms <= 0) return Promise.resolve();
    const wait = sleep(ms, undefined, { signal: closed.signal }).catch(() => undefined);
    waits.add(wait);
    void wait.then(() => waits.delete(wait));
    return wait;
  };

  async function handleSfmc(req: IncomingMessage, res: ServerResponse, target: URL, bodyText: string | undefined) {
    const method = req.method ?? 'GET';
    const path = routeKey(target.pathname);
    const endpoint = endpointAt(method, path);
    const fault = endpoint === undefined ? undefined : faults.take(endpoint);
    const record = (status: number) => {
      const call = { method, path: req.url ?? '/', status, body: recordedBody(path, bodyText ?? '') };
      calls.push(call);
      options.onCall?.(call);
    };
    await pause(load.latencyMs + (fault?.type === 'delay' ? fault.ms : 0));
    if (closed.signal.aborted) {
      // SFMC logs what it received, answered or not: so does the emulator when closing cuts a call's wait.
      record(0);
      req.socket.destroy();
      return;
    }

    const early = fault && answerBeforeProcessing(fault);
    if (early === 'reset') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (early) {
      record(early.status);
      sendJson(res, early);
      return;
    }
    const reply =
      bodyText === undefined
        ? payloadTooLarge()
        : sfmcReply(endpoint, path, { headers: req.headers, query: target.searchParams, bodyText });
    record(recordedStatus(fault, reply));
    await sendProcessed(req, res, reply, fault, pause);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (target.pathname.startsWith(ADMIN_PREFIX)) {
      const bodyText = await readBody(req);
      const method = req.method ?? 'GET';
      sendJson(res, bodyText === undefined ? payloadTooLarge() : adminReply(method, target.pathname, bodyText));
      return;
    }
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    res.once('close', () => {
      load.inFlight -= 1;
    });
    await handleSfmc(req, res, target, await readBody(req));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, internalServerError());
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    clientId,
    clientSecret,
    calls,
    callCount: (method, pathPrefix) =>
      calls.filter((c) => c.method === method.toUpperCase() && c.path.startsWith(pathPrefix)).length,
    getContact: (contactKey) => {
      const contact = store.findByKey(contactKey);
      return contact ? snapshot(contact) : undefined;
    },
    expireTokens: () => tokens.expireAll(),
    issuedTokens: () => tokens.issued,
    setOptions: (patch) => {
      if (patch.spelling !== undefined) settings.spelling = patch.spelling;
      if (patch.unknownContact !== undefined) settings.unknownContact = patch.unknownContact;
      if (patch.rowKeys !== undefined) settings.rowKeys = patch.rowKeys;
      if (patch.searchIn !== undefined) settings.searchIn = patch.searchIn;
      if (patch.manyRows !== undefined) settings.manyRows = patch.manyRows;
      if (patch.duplicateContact !== undefined) settings.duplicateContact = patch.duplicateContact;
      if (patch.suppressedContacts !== undefined) {
        settings.suppressedContacts = patch.suppressedContacts;
        store.hideSuppressed = patch.suppressedContacts === 'hidden';
      }
      if (patch.smsSubscriberKeys !== undefined) settings.smsSubscriberKeys = patch.smsSubscriberKeys;
      if (patch.journeyUnknownContact !== undefined) settings.journeyUnknownContact = patch.journeyUnknownContact;
    },
    confirmSmsOptIns: () => sms.confirmPending(),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setLatency,
    stats,
    advanceOperations: (steps) => operations.advance(steps),
    restoreOperation: (operationId) => operations.restore(operationId),
    reset,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        closed.abort();
        // The handlers waiting on `waits` resume (and log their call) before anything waiting on this.
        const waited = Promise.all(waits);
        server.close((error) => (error ? reject(error) : resolve(waited.then(() => undefined))));
        server.closeAllConnections();
      })),
  };
}
