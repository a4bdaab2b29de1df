import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  createContextKey,
  trace,
  type Context,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { RetryReason, SfmcCall, SfmcObserver } from '../sfmc/observer.js';
import type { BreakerState } from '../sfmc/upstream-guard.js';
import { outcomeOf, requestState, type RequestView } from './request-state.js';

/** `traceparent` and `tracestate` (W3C Trace Context) from the incoming request. */
const propagator = new W3CTraceContextPropagator();
const headers: TextMapGetter<RequestView['headers']> = {
  // The W3C propagator reads its two headers by name and never lists them.
  keys: () => [],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

const PROBE = createContextKey('contacts-graph.context-manager-probe');

/** Spans parent through the active context: without a context manager every SFMC span would be a root. */
function assertContextManager(): void {
  const probe = ROOT_CONTEXT.setValue(PROBE, true);
  if (context.with(probe, () => context.active().getValue(PROBE)) !== true) {
    throw new Error(
      'Tracing needs an AsyncLocalStorage context manager: register the tracer provider (NodeTracerProvider.register()) first.',
    );
  }
}

/** Longest operation name put into a span name (the attribute keeps it whole). */
const MAX_NAME = 128;

/**
 * OpenTelemetry tracing with a tracer from the provider the app is given. As the SFMC
 * client's observer, it records each exchange as a child span of whatever span is active:
 * the GraphQL request's, started and ended by the request scope (`request-scope.ts`). Spans carry names, statuses and counts only;
 * never a token, a secret, a URL, a variable or an attribute value.
 */
export class Tracing implements SfmcObserver {
  readonly tracer: Tracer;
  /** Each request's context holding its server span. */
  private readonly requests = new WeakMap<object, Context>();

  constructor(provider: TracerProvider) {
    assertContextManager();
    this.tracer = provider.getTracer('contacts-graph');
  }

  /** The exchange is over: its span, started `ms` ago, under the active (the request's) span. */
  onCall({ endpoint, method, status, ms, attempt }: SfmcCall): void {
    const end = performance.now();
    const span = this.tracer.startSpan(`sfmc ${endpoint}`, {
      kind: SpanKind.CLIENT,
      startTime: end - ms,
      attributes: {
        'sfmc.endpoint': endpoint,
        'http.request.method': method,
        'sfmc.attempt': attempt,
        ...(status === null ? { 'error.type': 'no_answer' } : { 'http.response.status_code': status }),
      },
    });
    if (status === null || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(end);
  }

  /** Starts the request's server span, continuing the caller's trace. */
  startRequest(request: RequestView): void {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, headers);
    const span = this.tracer.startSpan(
      'GraphQL Operation',
      {
        kind: SpanKind.SERVER,
        attributes: { 'contacts_graph.request_id': requestState(request).requestId, 'http.request.method': request.method },
      },
      parent,
    );
    this.requests.set(request, trace.setSpan(parent, span));
  }

  /** Runs `work` with the request's span active, so that its SFMC calls become children. */
  within<T>(request: object, work: () => T): T {
    const active = this.requests.get(request);
    return active === undefined ? work() : context.with(active, work);
  }

  /** Names the span after the operation, records the outcome and ends it. */
  endRequest(request: RequestView, status: number): void {
    const active = this.requests.get(request);
    const span = active && trace.getSpan(active);
    if (!span) return;
    this.requests.delete(request);
    const state = requestState(request);
    const outcome = outcomeOf(state);
    const { operation, operationType } = state;
    if (operationType !== undefined) {
      span.updateName(operation === undefined ? operationType : `${operationType} ${operation.slice(0, MAX_NAME)}`);
      span.setAttribute('graphql.operation.type', operationType);
    }
    if (operation !== undefined) span.setAttribute('graphql.operation.name', operation);
    span.setAttribute('contacts_graph.outcome', outcome);
    span.setAttribute('http.response.status_code', status);
    // A refused input is the caller's error; an unknown outcome or a 5xx is this service's (or SFMC's).
    if (status >= 500 || outcome === 'UNKNOWN') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    span.end();
  }

  onTokenRequest(): void {
    // The token request's exchanges have spans of their own (`sfmc token`).
  }

  onRetry(endpoint: string, reason: RetryReason): void {
    trace.getActiveSpan()?.addEvent('sfmc.retry', { 'sfmc.endpoint': endpoint, 'sfmc.retry.reason': reason });
  }

  onBreakerStateChange(state: BreakerState): void {
    trace.getActiveSpan()?.addEvent('sfmc.circuit_breaker', { 'sfmc.circuit_breaker.state': state });
  }
}
