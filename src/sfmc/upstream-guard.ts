import { AsyncResource } from 'node:async_hooks';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { StoppedWaiting, type Deadline } from './deadline.js';
import { SfmcError } from './sfmc-error.js';
import { TransportFailure, retryAfterMs, sfmcErrorCode, type Exchange } from './transport.js';

/** SFMC's errorcode for "requests are temporarily blocked" (a 429 without Retry-After). */
export const REQUESTS_BLOCKED = 50200;

export interface GuardSettings {
  concurrency: { max: number; queue: number };
  breaker: { failures: number; resetMs: number };
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A connection error, timeout or reset: SFMC did not answer. A caller going away says nothing about SFMC. */
const isFaultyTransport = (error: Error): boolean => error instanceof TransportFailure && error.kind !== 'cancelled';

/**
 * An answer that says SFMC is in trouble: 5xx, a 429 it gives no time for (or 50200),
 * a 200 that cannot be read. FAIL results, 401 and other 4xx refusals are answers of a
 * working SFMC and reset the count.
 */
function isFaultyAnswer(answer: Exchange): boolean {
  if (answer.status >= 500) return true;
  if (answer.status === 429) return retryAfterMs(answer) === undefined || sfmcErrorCode(answer) === REQUESTS_BLOCKED;
  return answer.status === 200 && answer.json === undefined;
}

/**
 * Every exchange with SFMC (token requests included) passes here: a bulkhead bounds
 * how many are in flight and how many wait, and a circuit breaker stops calling SFMC
 * after consecutive upstream faults, letting one trial call through after a pause.
 * Either refusal is immediate and sends nothing.
 */
export class UpstreamGuard {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private openedAt = 0;

  constructor(
    private readonly settings: GuardSettings,
    /** Hears every change of the breaker's state (half-open: when the trial call starts). */
    onStateChange?: (state: BreakerState) => void,
  ) {
    this.breaker = circuitBreaker(
      handleWhen(isFaultyTransport).orWhenResult((answer) => isFaultyAnswer(answer as Exchange)),
      { halfOpenAfter: settings.breaker.resetMs, breaker: new ConsecutiveBreaker(settings.breaker.failures) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    if (onStateChange) this.breaker.onStateChange((state) => onStateChange(stateName(state)));
    // The bulkhead outside the breaker (see `run`); a call the open breaker refuses holds a slot for an instant.
    this.bulkhead = bulkhead(settings.concurrency.max, settings.concurrency.queue);
  }

  /** 'half-open' once the pause is over: the next call is the trial. */
  breakerState(): BreakerState {
    const state = this.breaker.state;
    if (state === CircuitState.Open && Date.now() - this.openedAt >= this.settings.breaker.resetMs) return 'half-open';
    return stateName(state);
  }

  /**
   * Runs `send` when a slot is free and the circuit lets it. Stops waiting for a slot at
   * the deadline, and does not send with less than MIN_CALL_MS left (StoppedWaiting:
   * nothing was sent); once sent, the exchange itself reports how it ended.
   */
  run(send: () => Promise<Exchange>, deadline: Deadline): Promise<Exchange> {
    // A free slot: the call starts now, in this request's context, and the exchange keeps its own deadline.
    // No async layer of its own: the bulkhead's promise, its refusals (an open circuit) told in SFMC's terms.
    if (this.bulkhead.executionSlots > 0) {
      return this.bulkhead.execute(() => this.attempt(send, deadline)).catch(rethrowRefusal);
    }
    return this.queued(send, deadline);
  }

  /**
   * Sends through the breaker, unless too late. Checked before the breaker: a call that is not sent must not
   * count, nor be a half-open circuit's trial (cockatiel closes the circuit when the trial throws an error the
   * breaker does not handle).
   */
  private attempt(send: () => Promise<Exchange>, deadline: Deadline): Promise<Exchange> {
    const tooLate = deadline.tooLateToSend;
    if (tooLate !== undefined) throw new StoppedWaiting(tooLate);
    return this.breaker.execute(send);
  }

  /**
   * Queued: it is started by the call that frees its slot, so it is bound to this request's async context
   * (an AsyncResource: `AsyncResource.bind` builds a deprecation wrapper on every call). The wait stops at
   * the deadline; a call whose caller stopped waiting is not sent when its turn comes (`tooLateToSend`).
   */
  private async queued(send: () => Promise<Exchange>, deadline: Deadline): Promise<Exchange> {
    let sent = false;
    const caller = new AsyncResource('sfmc-call');
    const task = this.bulkhead.execute(() =>
      caller.runInAsyncScope(() =>
        this.attempt(() => {
          sent = true;
          return send();
        }, deadline),
      ),
    );
    try {
      return await deadline.race(task);
    } catch (error) {
      if (error instanceof StoppedWaiting && sent) return task;
      throw refusal(error);
    }
  }
}

function stateName(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  return state === CircuitState.HalfOpen ? 'half-open' : 'open'; // Isolated counts as open
}

function rethrowRefusal(error: unknown): never {
  throw refusal(error);
}

function refusal(error: unknown): unknown {
  if (error instanceof BrokenCircuitError) {
    return new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC has been failing: calls to it are paused for a moment.');
  }
  if (error instanceof BulkheadRejectedError) {
    return new SfmcError('UPSTREAM_BUSY', 'Too many SFMC calls are in flight and waiting; nothing was sent.');
  }
  return error;
}
