import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { serviceError } from '../errors.js';
import { requestState } from './request-state.js';

/**
 * Readiness and draining. `/health` (Yoga's) says the process is alive; `/ready`
 * turns 503 as soon as shutdown starts, so load balancers stop sending; requests
 * that still arrive are refused with SHUTTING_DOWN (nothing sent to SFMC), while
 * those already in flight finish.
 */
export class Lifecycle {
  draining = false;
  private inFlight = 0;
  private readonly counted = new WeakSet<Request>();
  private idle: (() => void) | undefined;

  plugins(graphqlEndpoint: string): Plugin[] {
    return [
      useReadinessCheck({ endpoint: '/ready', check: () => !this.draining }),
      {
        onRequest: ({ request, endResponse, fetchAPI }) => {
          if (new URL(request.url).pathname !== graphqlEndpoint) return;
          if (this.draining) {
            const error = serviceError('SHUTTING_DOWN', 'This instance is shutting down: retry.');
            requestState(request).errorCodes.push('SHUTTING_DOWN');
            endResponse(
              fetchAPI.Response.json({ errors: [error.toJSON()] }, { status: 503, headers: { 'retry-after': '1' } }),
            );
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
