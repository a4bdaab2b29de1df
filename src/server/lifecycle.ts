import type { GraphQLError } from 'graphql';
import { serviceError } from '../errors.js';
import type { Admission } from '../observability/request-scope.js';

// Both refusals are 503s worth retrying at once, elsewhere.
const RETRY_NOW = { 'retry-after': '1' };
const shuttingDown = () => serviceError('SHUTTING_DOWN', 'This instance is shutting down: retry.', {}, RETRY_NOW);

/**
 * Readiness, draining and load shedding. `/health` (Yoga's) says the process is alive;
 * `/ready` (`useLifecycle`) turns 503 as soon as shutdown starts, so load balancers stop
 * sending; requests that still arrive are refused with SHUTTING_DOWN (nothing sent to SFMC),
 * while those already in flight finish.
 *
 * A request takes one of `maxInFlight` GraphQL slots only once its body has arrived
 * (`admit`); beyond them, new ones are refused with OVERLOADED: memory stays bounded however
 * many arrive. While its body is still arriving it is counted under its client address
 * (`receive`), at most `maxReceivingPerAddress` of them: so connections that send their
 * headers and then a trickle of body hold no slot, and one address cannot hold more than a
 * few such bodies in memory (Node's request timeout cuts each one off).
 * The request scope (`request-scope.ts`) calls these, whichever door the request came in by.
 */
export class Lifecycle implements Admission {
  draining = false;
  private inFlight = 0;
  private readonly counted = new WeakSet<object>();
  private readonly receiving = new Map<string, number>();
  private readonly receivingFrom = new WeakMap<object, string>();
  private idle: (() => void) | undefined;

  constructor(
    private readonly maxInFlight = Number.POSITIVE_INFINITY,
    private readonly maxReceivingPerAddress = Number.POSITIVE_INFINITY,
  ) {}

  /** Counts a request whose body is arriving under its client `address`, or answers why it is refused. */
  receive(request: object, address: string): GraphQLError | undefined {
    if (this.draining) return shuttingDown();
    const count = this.receiving.get(address) ?? 0;
    if (count >= this.maxReceivingPerAddress) {
      return serviceError(
        'RATE_LIMITED',
        'Too many requests from this address are still sending their body: retry after 1 s.',
        { retryAfter: 1 },
        { 'retry-after': '1' },
      );
    }
    this.receiving.set(address, count + 1);
    this.receivingFrom.set(request, address);
    return undefined;
  }

  /** The request's body has arrived: counts it in flight until `finished` (shutdown waits for it), or answers why it is refused. */
  admit(request: object): GraphQLError | undefined {
    this.received(request);
    if (this.counted.has(request)) return undefined;
    if (this.draining) return shuttingDown();
    if (this.inFlight >= this.maxInFlight)
      return serviceError('OVERLOADED', 'This instance is at capacity: retry shortly.', {}, RETRY_NOW);
    this.inFlight += 1;
    this.counted.add(request);
    return undefined;
  }

  finished(request: object): void {
    this.received(request);
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

  /** Counts the request out of its address's bodies being received, once. */
  private received(request: object): void {
    const address = this.receivingFrom.get(request);
    if (address === undefined) return;
    this.receivingFrom.delete(request);
    const count = (this.receiving.get(address) ?? 1) - 1;
    if (count === 0) this.receiving.delete(address);
    else this.receiving.set(address, count);
  }
}
