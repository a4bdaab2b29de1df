import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../schema/index.js';

/** What one HTTP request accumulates for its log line; shared by the log plugin and the GraphQL context. */
export interface RequestState {
  requestId: string;
  startedAt: number;
  /** The operation's name, when it has one. */
  operation?: string | undefined;
  operationType?: 'query' | 'mutation' | 'subscription' | undefined;
  errorCodes: string[];
  log: RequestContext['log'];
}

const states = new WeakMap<Request, RequestState>();

// A gateway's x-request-id is adopted so one id follows the request through the graph; only a safe token is.
const FORWARDED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestState(request: Request): RequestState {
  let state = states.get(request);
  if (!state) {
    const forwarded = request.headers.get('x-request-id');
    const requestId = forwarded !== null && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    state = { requestId, startedAt: performance.now(), errorCodes: [], log: { upstream: [] } };
    states.set(request, state);
  }
  return state;
}

/** How the request ended, for its log line, metrics and trace: `OK`, `FAIL`, `UNKNOWN` or the first error code. */
export function outcomeOf(state: RequestState): string {
  return state.log.outcome ?? state.errorCodes[0] ?? 'OK';
}

/** The GraphiQL page (served on the GraphQL endpoint): not a GraphQL request. */
export function isPage(response: Response): boolean {
  return response.headers.get('content-type')?.startsWith('text/html') ?? false;
}
