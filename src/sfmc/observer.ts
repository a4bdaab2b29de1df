import type { EndpointName } from './endpoints.js';
import type { BreakerState } from './upstream-guard.js';

/** One upstream call, for the request's log line. */
export interface UpstreamCall {
  endpoint: EndpointName;
  status: number | null;
  ms: number;
  /** Why the service changed course after this call (e.g. SFMC refused `In`), for the request's log line. */
  note?: string;
  /** False when it never left this process (connection refused, no DNS): SFMC never saw it, the tenant pays nothing. */
  reached?: false;
}

/** One exchange with SFMC as the client made it: a REST call's attempt or a token request's. */
export interface SfmcCall {
  /** The endpoint's name in `ENDPOINTS` (`updateContact`, `searchAttributes`, …, `token`): metrics and traces label by it. */
  endpoint: EndpointName;
  /** The HTTP method. */
  method: string;
  /** SFMC's HTTP status, or null when no answer came (connection refused or reset, timeout, deadline). */
  status: number | null;
  /** How long the exchange took. */
  ms: number;
  /** 1 for a call's first exchange, 2 for its first resend (after a 401 or a retry), and so on. */
  attempt: number;
}

/**
 * Why a call is sent again: nothing reached SFMC (`not-sent`), SFMC said when to come back
 * (`retry-after`), a read may or may not have been processed (`ambiguous`), or SFMC refused
 * the token and the call is resent with a fresh one (`unauthorized`).
 */
export type RetryReason = 'not-sent' | 'retry-after' | 'ambiguous' | 'unauthorized';

/**
 * What the SFMC client reports as it works, for metrics and tracing; the client itself knows
 * nothing of either. Every method is called synchronously on the call's own path, in the async
 * context of the GraphQL request that made the call (a token request: of the request that
 * started it), and must neither throw nor block.
 */
export interface SfmcObserver {
  /** After each exchange, answered or not. Calls refused before sending (breaker, bulkhead) are not exchanges. */
  onCall(call: SfmcCall): void;
  /** After each token fetch (the first one and every refresh), retries included: did it give a token? */
  onTokenRequest(outcome: 'ok' | 'error'): void;
  /** Just before a call is sent again. */
  onRetry(endpoint: EndpointName, reason: RetryReason): void;
  /** When the circuit breaker changes state. */
  onBreakerStateChange(state: BreakerState): void;
}

/** One observer that tells all of `observers`; undefined when there are none. */
export function combineObservers(observers: readonly (SfmcObserver | undefined)[]): SfmcObserver | undefined {
  const all = observers.filter((o): o is SfmcObserver => o !== undefined);
  if (all.length <= 1) return all[0];
  return {
    onCall: (call) => {
      for (const o of all) o.onCall(call);
    },
    onTokenRequest: (outcome) => {
      for (const o of all) o.onTokenRequest(outcome);
    },
    onRetry: (endpoint, reason) => {
      for (const o of all) o.onRetry(endpoint, reason);
    },
    onBreakerStateChange: (state) => {
      for (const o of all) o.onBreakerStateChange(state);
    },
  };
}
