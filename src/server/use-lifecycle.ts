import { useReadinessCheck, type FetchAPI, type Plugin } from 'graphql-yoga';
import { serviceError } from '../errors.js';
import { requestState } from './request-state.js';

/**
 * Readiness, draining and load shedding. `/health` (Yoga's) says the process is alive;
 * `/ready` turns 503 as soon as shutdown starts, so load balancers stop sending;
 * requests that still arrive are refused with SHUTTING_DOWN (nothing sent to SFMC),
 * while those already in flight finish. Beyond `maxInFlight` requests at once, new
 * ones are refused with OVERLOADED: memory stays bounded however many arrive.
 */
export class Lifecycle {
  draining = false;
  private inFlight = 0;
  private readonly counted = new WeakSet<Request>();
  private idle: (() => void) | undefined;

  constructor(private readonly maxInFlight = Number.POSITIVE_INFINITY) {}

  /** Whether a new GraphQL request is refused (draining or full): the refusal is the plugin's. */
  get refusing(): boolean {
    return this.draining || this.inFlight >= this.maxInFlight;
  }

  plugins(graphqlEndpoint: string): Plugin[] {
    const refusal = (request: Request, code: 'SHUTTING_DOWN' | 'OVERLOADED', message: string, fetchAPI: FetchAPI) => {
      requestState(request).errorCodes.push(code);
      const body = { errors: [serviceError(code, message).toJSON()] };
      return fetchAPI.Response.json(body, { status: 503, headers: { 'retry-after': '1' } });
    };
    return [
      useReadinessCheck({ endpoint: '/ready', check: () => !this.draining }),
      {
        onRequest: ({ request, endResponse, fetchAPI }) => {
          if (new URL(request.url).pathname !== graphqlEndpoint) return;
          if (this.draining) {
            endResponse(refusal(request, 'SHUTTING_DOWN', 'This instance is shutting down: retry.', fetchAPI));
            return;
          }
          if (this.inFlight >= this.maxInFlight) {
            endResponse(refusal(request, 'OVERLOADED', 'This instance is at capacity: retry shortly.', fetchAPI));
            return;
          }
          this.started(request);
          // A caller that goes away gets no response: it must not hold shutdown up.
          request.signal.addEventListener('abort', () => this.finished(request), { once: true });
        },
        onResponse: ({ request }) => this.finished(request),
      },
    ];
  }

  /** A GraphQL request is in flight until `finished`: shutdown waits for it. */
  started(request: Request): void {
    this.inFlight += 1;
    this.counted.add(request);
  }

  finished(request: Request): void {
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
