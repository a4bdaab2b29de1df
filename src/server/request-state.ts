import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../schema/index.js';

/** What one HTTP request accumulates for its log line; shared by the log plugin and the GraphQL context. */
export interface RequestState {
  requestId: string;
  startedAt: number;
  operation?: string | undefined;
  errorCodes: string[];
  log: RequestContext['log'];
}

const states = new WeakMap<Request, RequestState>();

export function requestState(request: Request): RequestState {
  let state = states.get(request);
  if (!state) {
    state = { requestId: randomUUID(), startedAt: performance.now(), errorCodes: [], log: { upstream: [] } };
    states.set(request, state);
  }
  return state;
}
