import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Catalog } from '../catalog/index.js';
import type { HttpSettings } from './settings.js';
import { buildSchema, type RequestContext } from '../schema/index.js';
import type { SfmcClient } from '../sfmc/client.js';
import { ConsentSource } from '../sfmc/consent-source.js';
import { ContactsSource } from '../sfmc/contacts-source.js';
import { UpdateBatch } from '../sfmc/update-batch.js';
import { ContactOperationsSource } from '../sfmc/contact-operations-source.js';
import { JourneysSource } from '../sfmc/journeys-source.js';
import { ReadBatcher, type ReadSettings } from '../sfmc/read-batcher.js';
import type { CallerSignal } from '../sfmc/deadline.js';
import type { CallerAuth } from '../auth/caller-auth.js';
import { clientAddresses } from './client-address.js';
import { corsFor } from './cors.js';
import { useContentNegotiation } from './use-content-negotiation.js';
import { GRAPHIQL_TABS } from './graphiql-example.js';
import { libraryLog, type Logger } from '../observability/logger.js';
import { METRICS_PATH, metricsListener } from '../observability/metrics.js';
import { RequestScope } from '../observability/request-scope.js';
import { requestState } from '../observability/request-state.js';
import { SfmcLedger, type SfmcCallsCounted } from '../observability/sfmc-ledger.js';
import type { SfmcUsageSettings } from '../observability/settings.js';
import type { Telemetry } from '../observability/telemetry.js';
import { MemoryStore, type StateStore } from '../state/store.js';
import { graphqlPostHandler, maskedError } from './graphql-post.js';
import { Lifecycle } from './lifecycle.js';
import { createRateLimit } from './rate-limit.js';
import { DEFAULT_IDEMPOTENCY, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER, type IdempotencySettings } from './idempotency-record.js';
import { idempotency } from './idempotency.js';
import { dataStatus } from './data-status.js';
import { entityLimit } from './entity-limit.js';
import { composeExecution, useExecution } from './execution.js';
import { jitExecution } from './jit-execution.js';
import { preparedOperations, ValidatedDocuments } from './prepared-operations.js';
import { useLifecycle } from './use-lifecycle.js';
import { createCallerGate } from './use-caller-gate.js';
import { useMetrics } from './use-metrics.js';
import { useOperationLimits } from './use-operation-limits.js';
import { admitRequest, noteOperation, useRequestScope } from './use-request-scope.js';
import { countSfmcCalls } from './sfmc-call-count.js';
import { useStrictJsonBody } from './use-strict-json-body.js';
import { loadTrustedDocuments, useTrustedDocuments } from './use-trusted-documents.js';

export const GRAPHQL_ENDPOINT = '/graphql';

// An inline icon: the default favicon would be fetched from the internet.
const FAVICON =
  'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"%3E%3Ccircle cx="8" cy="8" r="7" fill="%23e10098"/%3E%3C/svg%3E';

// The CSRF plugin's header: a browser cannot send it cross-site without a CORS preflight.
const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface AppOptions {
  catalog: Catalog;
  sfmc: SfmcClient;
  logger: Logger;
  auth: CallerAuth;
  http: HttpSettings;
  graphiql: boolean;
  port: number;
  host: string;
  /** Metrics and tracing (see `createTelemetry`); none when left out. */
  telemetry?: Telemetry | undefined;
  /** Idempotency records and rate-limit budgets: Redis shared by every instance, or (default) this process's memory. */
  state?: StateStore | undefined;
  /** Whether `/ready` turns 503 while the state store does not answer (default true). */
  readinessChecksState?: boolean | undefined;
  /** Idempotency-Key handling (IDEMPOTENCY_*); default `DEFAULT_IDEMPOTENCY`. */
  idempotency?: IdempotencySettings | undefined;
  /** The tenant's SFMC call allowance and what a spent day changes; default none, `serve-all`. */
  sfmcUsage?: SfmcUsageSettings | undefined;
  /** Contact reads shared between requests (SFMC_READ_*); default: reads of one event-loop turn, no cache. */
  reads?: ReadSettings | undefined;
}

export interface App {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Where Prometheus scrapes: `{url}/metrics`, or on the metrics port; undefined when metrics are off. */
  metricsUrl: string | undefined;
  /** The subgraph SDL this server serves at `_service`. */
  sdl: string;
  server: Server;
  /** How many requests the JSON POST hot path served (`graphql-post.ts`); the rest went to Yoga. */
  hotPathRequests(): number;
  /** How many of those ran as prepared operations, without Yoga's pipeline (`prepared-operations.ts`). */
  preparedRequests(): number;
  /** The SFMC calls this instance's ledger counted since it started, by endpoint (the tests hold it to the emulator's log). */
  sfmcCalls(): SfmcCallsCounted;
  /** Drains: /ready turns 503, new requests are refused, in-flight ones finish, then the server closes. */
  close(): Promise<void>;
}

function yogaLogger(logger: Logger): YogaLogger {
  // Yoga writes debug lines on every request: skipped before their text is built unless debug is on.
  const at = libraryLog(logger, 'yoga');
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Wires schema, SFMC client and plugins into a Yoga server. The order of plugins is the order of checks.
 * `listener` serves JSON POSTs on the hot path (`graphql-post.ts`) and everything else with Yoga.
 */
export function createApp(options: Omit<AppOptions, 'port' | 'host'>, lifecycle = new Lifecycle()) {
  const { catalog, sfmc, logger, auth, http, graphiql, telemetry } = options;
  const { schema, sdl } = buildSchema(catalog, { sdlReaders: http.introspection ? 'everyone' : 'admin' });
  const state = options.state ?? new MemoryStore();
  const rateLimit = createRateLimit(http.rateLimit, state, logger);
  // One for the process: every request's contact reads share its searches (and its cache, when on).
  const reads = new ReadBatcher(catalog, sfmc, { ...(options.reads ?? { windowMs: 0, cacheTtlSeconds: 0 }), store: state });
  const { metrics, tracing, metricsPort } = telemetry ?? {};
  const sfmcLedger = new SfmcLedger(options.sfmcUsage ?? { policy: 'serve-all' }, state, logger);
  if (options.sfmcUsage?.allowance) metrics?.watchAllowance(() => sfmcLedger.remainingToday());
  // What holds for every GraphQL request: Yoga runs it through `useRequestScope`, the hot path calls it itself.
  const scope = new RequestScope({ admission: lifecycle, logger, metrics, tracing });
  const clients = clientAddresses(http.trustedProxies);
  const gate = createCallerGate(auth, rateLimit);
  // Around every operation, outermost first; both doors run this one execution (`execution.ts`).
  const execute = composeExecution(
    [
      // Before anything runs: a batch over MAX_ENTITIES sends nothing.
      entityLimit(http.maxEntities),
      // Counts each request's SFMC calls once it has run; an admin caller sees them in extensions.sfmc.
      countSfmcCalls(sfmcLedger, metrics),
      // With data, the status is 200: field errors (a failed read-back of an applied update) do not set it.
      dataStatus,
      idempotency({ store: state, settings: options.idempotency ?? DEFAULT_IDEMPOTENCY, logger, metrics }),
    ],
    // Yoga's default executor copies every variable before coercing it; graphql-js's input errors become BAD_USER_INPUT.
    jitExecution({ hideSuggestions: http.hideSuggestions }),
  );
  const trustedDocuments = http.trustedDocuments ? loadTrustedDocuments(http.trustedDocuments) : undefined;
  const validated = new ValidatedDocuments();
  const plugins: (Plugin | Plugin<Record<string, unknown>>)[] = [
    // First: it sees every request, the refused ones too; once the body is in, it admits and authenticates (`gate`).
    useRequestScope(scope, GRAPHQL_ENDPOINT, clients, gate),
    useLifecycle(lifecycle, options.readinessChecksState === false ? undefined : state),
    ...(metrics && metricsPort === undefined ? [useMetrics(metrics)] : []),
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    useContentNegotiation(GRAPHQL_ENDPOINT),
    useStrictJsonBody(),
    ...(trustedDocuments ? [useTrustedDocuments(trustedDocuments)] : []),
    ...useOperationLimits({ ...http.limits, hideSuggestions: http.hideSuggestions, introspection: http.introspection }),
    // After every rule: a document that passed them all is run on the hot path without Yoga's pipeline next time.
    validated.plugin,
    useExecution(execute),
  ];

  // The GraphQL context of a request, on both doors.
  const context = async ({ request, callerSignal }: { request: Request; callerSignal?: CallerSignal | undefined }) => {
    const { requestId, log } = requestState(request);
    // Authenticated and rate-limited before parsing (`gate`, in `useRequestScope`'s onParams).
    const caller = await gate.callerOf(request);
    // The hot path's cheap caller signal (graphql-post.ts); Yoga's request has its signal already.
    const signal = callerSignal ?? request.signal;
    const calls = { signal, trace: log.upstream };
    const contacts = new ContactsSource(catalog, sfmc, requestId, calls, http.sfmcCallsPerRequest, sfmcLedger, reads);
    return {
      requestId,
      catalog,
      caller,
      auth,
      contacts,
      updates: new UpdateBatch(contacts, sfmc, requestId),
      contactOperations: new ContactOperationsSource(sfmc, contacts, calls),
      consent: new ConsentSource(contacts, sfmc, requestId, calls),
      journeys: new JourneysSource(contacts, sfmc, calls),
      signal,
      log,
      sfmcLedger,
    };
  };

  const logging = yogaLogger(logger);
  const yoga = createYoga<{ req?: IncomingMessage; callerSignal?: CallerSignal }, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    logging,
    maskedErrors: true,
    batching: false,
    maxRequestBodySize: http.maxBodyBytes,
    // Yoga's default (and an empty list) would allow every origin.
    cors: corsFor(http.corsOrigins, {
      allowedHeaders: ['content-type', 'authorization', 'x-request-id', CSRF_HEADER, IDEMPOTENCY_KEY_HEADER],
      exposedHeaders: [REPLAYED_HEADER],
    }),
    context,
    // Loaded on the first page view: the bundle holds a large share of the heap (docs/performance.md), for nothing when GraphiQL is off.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    graphiql: graphiql && { title: 'contacts-graph', favicon: FAVICON, defaultTabs: GRAPHIQL_TABS },
    plugins,
  });
  const post = graphqlPostHandler({
    yoga,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    maxBodyBytes: http.maxBodyBytes,
    scope,
    clients,
    logger,
    yogaLogger: logging,
    prepared: preparedOperations({
      schema,
      documents: validated,
      trustedDocuments,
      admit: admitRequest(scope, gate),
      noteOperation,
      context,
      execute,
      maskError: (error) => maskedError(error, logging) as GraphQLError,
    }),
  });
  const listener: RequestListener = (req, res) => {
    // Draining: every answer closes its connection, so no client sends its next request on a socket about to close.
    if (lifecycle.draining) res.shouldKeepAlive = false;
    if (!post.handle(req, res)) void yoga(req, res);
  };
  return {
    yoga,
    sdl,
    listener,
    hotPathRequests: post.served,
    preparedRequests: post.prepared,
    sfmcCalls: () => sfmcLedger.countedHere(),
  };
}

/** Listens on `port` (0: any free one) and answers the server's base URL. */
async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

export async function startApp(options: AppOptions): Promise<App> {
  const lifecycle = new Lifecycle(options.http.maxInFlight, options.http.maxReceivingPerAddress);
  const { yoga, sdl, listener, hotPathRequests, preparedRequests, sfmcCalls } = createApp(options, lifecycle);
  // Node's defaults (300 s for a whole request, checked every 30 s) leave room for slow-loris clients: a body
  // must arrive within the request timeout (408, connection closed), checked every second.
  const server = createServer(
    {
      requestTimeout: options.http.requestTimeoutMs,
      headersTimeout: Math.min(options.http.requestTimeoutMs, 10_000),
      connectionsCheckingInterval: Math.min(options.http.requestTimeoutMs, 1_000),
    },
    listener,
  );
  const url = await listen(server, options.port, options.host);
  const { metrics, metricsPort } = options.telemetry ?? {};
  // /metrics off the public port: Prometheus reaches this one, the load balancer does not route to it.
  const metricsServer = metrics && metricsPort !== undefined ? createServer(metricsListener(metrics)) : undefined;
  const metricsUrl = metricsServer ? await listen(metricsServer, metricsPort ?? 0, options.host) : metrics && url;
  let closing: Promise<void> | undefined;
  return {
    url,
    metricsUrl: metricsUrl && `${metricsUrl}${METRICS_PATH}`,
    sdl,
    server,
    hotPathRequests,
    preparedRequests,
    sfmcCalls,
    close: () =>
      (closing ??= (async () => {
        const { shutdownDelayMs, shutdownTimeoutMs } = options.http;
        lifecycle.draining = true;
        await delay(shutdownDelayMs);
        const deadline = Date.now() + shutdownTimeoutMs;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await lifecycle.whenIdle(shutdownTimeoutMs);
        // Responses may still be flushing: close connections as they turn idle, cut the rest at the deadline.
        const sweep = setInterval(() => server.closeIdleConnections(), 25);
        await Promise.race([closed, delay(Math.max(0, deadline - Date.now()))]);
        clearInterval(sweep);
        server.closeAllConnections();
        await closed;
        await yoga.dispose();
        if (metricsServer) await new Promise((resolve) => metricsServer.close(resolve));
      })()),
  };
}
