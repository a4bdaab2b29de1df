import type { GraphQLError } from 'graphql';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import {
  begunState,
  cappedText,
  outcomeOf,
  requestState,
  startState,
  type ClientPeer,
  type RequestState,
  type RequestView,
} from './request-state.js';
import type { Tracing } from './tracing.js';

/**
 * Whether a request may start, and the counts of those arriving and in flight (the server's
 * `Lifecycle`): `receive` counts a request whose body is arriving, `admit` one whose body has
 * arrived; each answers the refusal to send instead.
 */
export interface Admission {
  receive(request: object, clientAddress: string): GraphQLError | undefined;
  admit(request: object): GraphQLError | undefined;
  /** Idempotent: a request counted out once stays out. */
  finished(request: object): void;
}

/** Where `end` puts the response headers every GraphQL response carries (a Node `ServerResponse` fits). */
export interface ResponseHeaders {
  setHeader(name: string, value: string): unknown;
}

export interface RequestScopeOptions {
  admission: Admission;
  logger: Logger;
  metrics?: Metrics | undefined;
  tracing?: Tracing | undefined;
}

/** The caller's `user-agent`, cut short: a caller chooses it, and must not choose how large a log line is. */
function userAgentOf(request: RequestView): string | null {
  const agent = request.headers.get('user-agent');
  return agent === null ? null : cappedText(agent);
}

/**
 * A refusal from `begin` as both doors answer it: JSON with the error, its status, its headers
 * (`retry-after`), and `connection: close`, since the body it was sending is not read.
 */
export function refusalAnswer(refusal: GraphQLError): { status: number; headers: Record<string, string>; body: string } {
  const http = refusal.extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  return {
    status: http?.status ?? 503,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'retry-after': '1',
      ...http?.headers,
      connection: 'close',
    },
    // Without `extensions.http`, as Yoga leaves it out of every other error.
    body: JSON.stringify({ errors: [{ message: refusal.message, extensions: { ...refusal.extensions, http: undefined } }] }),
  };
}

function errorCodesOf(result: unknown): string[] {
  const errors = (result as { errors?: readonly { extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  return errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNCODED'));
}

/**
 * Everything that holds for every GraphQL request, whichever door it came in by: Yoga
 * (through `useRequestScope`) or the JSON POST hot path (`graphql-post.ts`), which call
 * the same steps. `begin` starts the clock and the request id (a safe `x-request-id`
 * forwarded by a trusted proxy is adopted), counts the request under its client address while
 * its body arrives and starts its server span; `admit` takes a GraphQL slot once the body has
 * arrived; `within` runs the GraphQL work inside that span; `end` answers the request
 * id in `x-request-id`, writes the one log line, observes the metrics, ends the span and
 * releases the in-flight slot.
 *
 * The log line holds the request id, client address, user agent (cut short), operation (cut
 * short), outcome, HTTP status, duration and every upstream call with its status and latency;
 * never variables or attribute values.
 */
export class RequestScope {
  private readonly admission: Admission;
  private readonly logger: Logger;
  private readonly metrics: Metrics | undefined;
  private readonly tracing: Tracing | undefined;

  constructor({ admission, logger, metrics, tracing }: RequestScopeOptions) {
    this.admission = admission;
    this.logger = logger;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Starts the request's scope, as its headers arrive from `peer`. A refusal (shutting down,
   * too many bodies arriving from that address) is answered as it is returned (`refusalAnswer`),
   * and still ended with `end`: it is logged, counted and traced like any request.
   * `traced: false` leaves out the span (the GraphiQL page is no GraphQL request).
   */
  begin(request: RequestView, peer: ClientPeer, traced = true): GraphQLError | undefined {
    startState(request, peer); // starts the request's clock, before anything else is spent on it
    if (traced) this.tracing?.startRequest(request);
    const refusal = this.admission.receive(request, peer.address);
    if (refusal) this.noteResult(request, { errors: [refusal] });
    return refusal;
  }

  /**
   * The request's body has arrived: it takes a GraphQL slot, or is refused (at capacity, shutting
   * down) with the error returned. Called before any GraphQL work (`useRequestScope`'s `onParams`,
   * which both doors run), so a body still arriving never holds a slot.
   */
  admit(request: object): GraphQLError | undefined {
    return this.admission.admit(request);
  }

  /** Runs the request's GraphQL work (parse, validate, context, execute) with its span active, so its SFMC calls become children. */
  within<T>(request: object, work: () => T): T {
    return this.tracing ? this.tracing.within(request, work) : work();
  }

  /** Records the error codes of the request's result, for its outcome. */
  noteResult(request: RequestView, result: unknown): void {
    requestState(request).errorCodes.push(...errorCodesOf(result));
  }

  /** The caller went away before its answer: its slot is released now, so that it does not hold shutdown up. */
  release(request: object): void {
    this.admission.finished(request);
  }

  /**
   * Ends the request with its response `status`: sets `x-request-id` (and any header the work
   * added, `addResponseHeader`) on `headers`, writes the
   * log line, observes the metrics, ends the span and releases the slot. A request never begun
   * (a probe, /metrics) is left alone.
   */
  end(request: RequestView, status: number, headers: ResponseHeaders): void {
    const state = begunState(request);
    if (!state) return;
    headers.setHeader('x-request-id', state.requestId);
    if (state.responseHeaders) for (const [name, value] of Object.entries(state.responseHeaders)) headers.setHeader(name, value);
    this.log(request, state, status);
    this.metrics?.observeRequest(state, (performance.now() - state.startedAt) / 1000);
    this.finish(request, status);
  }

  /** Ends a request that turned out not to be a GraphQL one (the GraphiQL page): neither logged nor counted. */
  dismiss(request: RequestView, status: number): void {
    if (begunState(request)) this.finish(request, status);
  }

  private finish(request: RequestView, status: number): void {
    this.tracing?.endRequest(request, status);
    this.admission.finished(request);
  }

  private log(request: RequestView, state: RequestState, status: number): void {
    this.logger.log(status >= 500 ? 'error' : 'info', 'graphql.request', {
      requestId: state.requestId,
      operation: state.operation ?? null,
      caller: request.headers.get('authorization') !== null ? 'authorization-header' : 'anonymous',
      clientAddress: state.clientAddress,
      userAgent: userAgentOf(request),
      outcome: outcomeOf(state),
      errorCodes: state.errorCodes,
      status,
      durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10,
      upstream: state.log.upstream,
    });
  }
}
