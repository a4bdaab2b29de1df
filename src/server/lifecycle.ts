import type { GraphQLError } from 'graphql';
import { serviceError } from '../errors.js';
import type { Admission } from '../observability/request-scope.js';

/**
 * Readiness, draining and load shedding. `/health` (Yoga's) says the process is alive;
 * `/ready` (`useLifecycle`) turns 503 as soon as shutdown starts, so load balancers stop
 * sending; requests that still arrive are refused with SHUTTING_DOWN (nothing sent to SFMC),
 * while those already in flight finish. Beyond `maxInFlight` requests at once, new
 * ones are refused with OVERLOADED: memory stays bounded however many arrive.
 * The request scope (`request-scope.ts`) admits each GraphQL request through `admit`
 * and counts it out with `finished`, whichever door it came in by.
 */
export class Lifecycle implements Admission {
  draining = false;
  private inFlight = 0;
  private readonly counted = new WeakSet<object>();
  private idle: (() => void) | undefined;

  constructor(private readonly maxInFlight = Number.POSITIVE_INFINITY) {}

  /** Whether a new GraphQL request is refused (draining or full). */
  get refusing(): boolean {
    return this.draining || this.inFlight >= this.maxInFlight;
  }

  /** Counts the request in flight until `finished` (shutdown waits for it), or answers why it is refused. */
  admit(request: object): GraphQLError | undefined {
    if (this.draining) return serviceError('SHUTTING_DOWN', 'This instance is shutting down: retry.');
    if (this.inFlight >= this.maxInFlight) return serviceError('OVERLOADED', 'This instance is at capacity: retry shortly.');
    this.inFlight += 1;
    this.counted.add(request);
    return undefined;
  }

  finished(request: object): void {
    if (!this.counted.delete(request)) return;
    this.inFlight -= 1;
    if (this.inFlight === 0) this.idle?.();
  }

  /** Resolves when no GraphQL request is in flight, or after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
