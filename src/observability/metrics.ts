import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { SfmcCall, SfmcObserver, RetryReason, UpstreamCall } from '../sfmc/observer.js';
import { searchOperator } from '../sfmc/search-operator.js';
import type { BreakerState } from '../sfmc/upstream-guard.js';
import type { StateObserver, StateOperation } from '../state/store.js';
import { outcomeOf, type RequestState } from './request-state.js';

export const METRICS_PATH = '/metrics';

/** What became of an Idempotency-Key, as `idempotency_keys_total` counts it. */
export type IdempotencyResult = 'executed' | 'replayed' | 'reused' | 'in_flight' | 'invalid' | 'unchecked';

/** Seconds: from a cached read (a few ms) to the longest request deadline. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

export interface MetricsOptions {
  /** Distinct operation names kept as label values; any further name is counted as `other`. Default 100. */
  maxOperationNames?: number;
}

/**
 * Operation names as label values. Callers choose them, so they are bounded: unnamed operations
 * are `anonymous`, and past the first `max` distinct names (or a name over 64 characters) `other`.
 */
class OperationNames {
  private readonly known = new Set<string>();
  constructor(private readonly max: number) {}

  label(name: string | undefined): string {
    if (name === undefined) return 'anonymous';
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max || name.length > 64) return 'other';
    this.known.add(name);
    return name;
  }
}

type Labels<L extends string> = Record<L, string>;
interface PendingCell<L extends string> {
  labels: Labels<L>;
  count: number;
}

/**
 * A counter's increments on the hot path, held by label values (nested maps: nothing is built on a hit) and added
 * to prom-client's counter when it is scraped (its `collect`): prom-client builds a label hash, a string, on every
 * `inc`, which every request paid for each of its counters. Up to three labels; the scrape sees every increment.
 */
class PendingCounts<L extends string> {
  private readonly cells = new Map<string, Map<string, Map<string, PendingCell<L>>>>();

  constructor(private readonly names: readonly L[]) {}

  /** One more for these label values, in the order of `names`. */
  add(first: string, second: string, third = ''): void {
    let byFirst = this.cells.get(first);
    if (!byFirst) this.cells.set(first, (byFirst = new Map()));
    let bySecond = byFirst.get(second);
    if (!bySecond) byFirst.set(second, (bySecond = new Map()));
    const cell = bySecond.get(third);
    if (cell) cell.count += 1;
    else {
      const values = [first, second, third];
      const labels = Object.fromEntries(this.names.map((name, i) => [name, values[i]])) as Labels<L>;
      bySecond.set(third, { labels, count: 1 });
    }
  }

  /** Adds what is pending to `counter`. */
  flushInto(counter: Counter<L>): void {
    for (const byFirst of this.cells.values()) {
      for (const bySecond of byFirst.values()) {
        for (const cell of bySecond.values()) {
          if (cell.count === 0) continue;
          counter.inc(cell.labels, cell.count);
          cell.count = 0;
        }
      }
    }
  }
}

let processMetrics: Metric[] | undefined;

/** prom-client's process and Node.js metrics, made once per process (they watch the event loop) and shared. */
function sharedProcessMetrics(): Metric[] {
  if (!processMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    processMetrics = registry.getMetricsAsArray().flatMap(({ name }) => registry.getSingleMetric(name) ?? []);
  }
  return processMetrics;
}

/**
 * The service's Prometheus metrics, in a registry of its own (one per app, so several apps
 * can run in one process). It observes the SFMC client (it is the client's `SfmcObserver`),
 * the shared-state store (its `StateObserver`) and, through the request scope
 * (`request-scope.ts`), every GraphQL request.
 */
export class Metrics implements SfmcObserver, StateObserver {
  readonly registry = new Registry();
  private readonly operations: OperationNames;
  private readonly requests = new PendingCounts(['operation_name', 'operation_type', 'outcome'] as const);
  private readonly requestSeconds: Histogram<'operation_name' | 'operation_type' | 'outcome'>;
  private readonly sfmcCalls = new PendingCounts(['endpoint', 'status'] as const);
  private readonly sfmcSeconds: Histogram<'endpoint' | 'status'>;
  private readonly tokenRefreshes: Counter<'outcome'>;
  private readonly retries: Counter<'endpoint' | 'reason'>;
  private readonly breaker: Gauge<'state'>;
  private readonly breakerOpens: Counter;
  private readonly stateErrors: Counter<'operation'>;
  private readonly idempotency: Counter<'result'>;
  private readonly sfmcCallsBy = new PendingCounts(['endpoint', 'operation', 'caller'] as const);

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    /** A counter the hot path counts in `pending`, told to prom-client at each scrape. */
    const deferredCounter = <L extends string>(name: string, help: string, labelNames: readonly L[], pending: PendingCounts<L>) =>
      new Counter<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          pending.flushInto(this);
        },
      });
    const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Histogram<L>({ name, help, labelNames, buckets: DURATION_BUCKETS, registers });
    this.operations = new OperationNames(options.maxOperationNames ?? 100);
    const graphql = ['operation_name', 'operation_type', 'outcome'] as const;
    const sfmc = ['endpoint', 'status'] as const;
    deferredCounter(
      'graphql_requests_total',
      'GraphQL requests by operation and outcome (OK, FAIL, UNKNOWN or the first error code).',
      graphql,
      this.requests,
    );
    this.requestSeconds = histogram(
      'graphql_request_duration_seconds',
      'Time from receiving a GraphQL request to its response, by operation and outcome.',
      graphql,
    );
    deferredCounter(
      'sfmc_requests_total',
      'Exchanges with SFMC (each attempt, token requests included) by endpoint and HTTP status ("none": no answer).',
      sfmc,
      this.sfmcCalls,
    );
    this.sfmcSeconds = histogram(
      'sfmc_request_duration_seconds',
      'Duration of each exchange with SFMC, by endpoint and HTTP status.',
      sfmc,
    );
    this.tokenRefreshes = counter(
      'sfmc_token_refreshes_total',
      'SFMC access token fetches (the first one and every refresh, retries inside one fetch counted once).',
      ['outcome'],
    );
    this.retries = counter(
      'sfmc_retries_total',
      'SFMC calls sent again, by endpoint and reason (not-sent, retry-after, ambiguous, unauthorized).',
      ['endpoint', 'reason'],
    );
    this.breaker = new Gauge({
      name: 'sfmc_circuit_breaker_state',
      help: 'The SFMC circuit breaker: 1 for its current state (closed, half-open, open), 0 for the others.',
      labelNames: ['state'],
      registers,
    });
    this.breakerOpens = counter('sfmc_circuit_breaker_opens_total', 'How often the SFMC circuit breaker opened.');
    this.stateErrors = counter(
      'state_store_errors_total',
      'Shared-state (Redis) operations that failed or timed out, by operation; the request went on without them.',
      ['operation'],
    );
    this.idempotency = counter(
      'idempotency_keys_total',
      'Mutations sent with an Idempotency-Key, by what became of the key: executed, replayed, reused (422), ' +
        'in_flight (409), invalid (400) or unchecked (the state store failed: executed without the check).',
      ['result'],
    );
    deferredCounter(
      'sfmc_calls_total',
      'SFMC calls the tenant pays for (each attempt, token requests included), by endpoint, GraphQL operation and caller class (admin, self-service, anonymous).',
      ['endpoint', 'operation', 'caller'],
      this.sfmcCallsBy,
    );
    new Gauge({
      name: 'sfmc_search_in_fallback',
      help: "1 once SFMC refused the contacts search's In operator and the process asks with an Or of Equals instead, else 0.",
      registers,
      collect() {
        this.set(searchOperator.current === 'Or' ? 1 : 0);
      },
    });
    this.onBreakerStateChange('closed');
    for (const metric of sharedProcessMetrics()) this.registry.registerMetric(metric);
  }

  /** A GraphQL request was answered. */
  observeRequest(state: RequestState, seconds: number): void {
    const labels = {
      operation_name: this.operations.label(state.operation),
      operation_type: state.operationType ?? 'unknown',
      outcome: outcomeOf(state),
    };
    this.requests.add(labels.operation_name, labels.operation_type, labels.outcome);
    this.requestSeconds.observe(labels, seconds);
  }

  /** A mutation with an Idempotency-Key: what became of its key (`idempotency.ts`). */
  observeIdempotency(result: IdempotencyResult): void {
    this.idempotency.inc({ result });
  }

  /** The SFMC calls one GraphQL request made, once its execution is over (`sfmc-call-count.ts`). */
  observeSfmcCalls(operation: string | undefined, caller: string, calls: readonly UpstreamCall[]): void {
    if (calls.length === 0) return;
    const label = this.operations.label(operation);
    for (const { endpoint } of calls) this.sfmcCallsBy.add(endpoint, label, caller);
  }

  /** Shows what is left of today's SFMC call allowance, read at each scrape (`SfmcLedger.remainingToday`). */
  watchAllowance(remainingToday: () => Promise<number | undefined>): void {
    new Gauge({
      name: 'sfmc_calls_remaining_today',
      help: "SFMC calls left of today's allowance (SFMC_CALL_ALLOWANCE; UTC day, all instances sharing the state store).",
      registers: [this.registry],
      async collect() {
        const remaining = await remainingToday();
        if (remaining !== undefined) this.set(remaining);
      },
    });
  }

  onCall({ endpoint, status, ms }: SfmcCall): void {
    const labels = { endpoint, status: status === null ? 'none' : String(status) };
    this.sfmcCalls.add(labels.endpoint, labels.status);
    this.sfmcSeconds.observe(labels, ms / 1000);
  }

  onTokenRequest(outcome: 'ok' | 'error'): void {
    this.tokenRefreshes.inc({ outcome });
  }

  onRetry(endpoint: string, reason: RetryReason): void {
    this.retries.inc({ endpoint, reason });
  }

  onBreakerStateChange(state: BreakerState): void {
    for (const each of BREAKER_STATES) this.breaker.set({ state: each }, each === state ? 1 : 0);
    if (state === 'open') this.breakerOpens.inc();
  }

  onStateError(operation: StateOperation): void {
    this.stateErrors.inc({ operation });
  }

  /** The exposition text, as served at /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A Node request listener serving `/metrics` alone, for a port of its own (`METRICS_PORT`). */
export function metricsListener(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== METRICS_PATH) {
      res.writeHead(404).end();
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  };
}
