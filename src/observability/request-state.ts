import { randomUUID } from 'node:crypto';
import type { UpstreamCall } from '../sfmc/observer.js';

/**
 * What the request scope reads of a request, whichever door it came in by: a Fetch `Request`
 * (Yoga) and the hot path's view of a Node request both fit.
 */
export interface RequestView {
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}

/**
 * The other end of a request, as the server established it: the client's address (through
 * trusted proxies, see `client-address.ts`), and whether the peer is a trusted proxy, whose
 * forwarded `x-request-id` may be adopted.
 */
export interface ClientPeer {
  address: string;
  viaTrustedProxy: boolean;
}

/** Logged strings a caller chooses (operation name, user agent) are cut to this many characters. */
export const LOGGED_TEXT_MAX = 100;

/** `text` cut to `LOGGED_TEXT_MAX` characters, marked with `…` when it was: a caller cannot make a log line large. */
export function cappedText(text: string): string {
  return text.length > LOGGED_TEXT_MAX ? `${text.slice(0, LOGGED_TEXT_MAX)}…` : text;
}

/** What the GraphQL work of one request tells its log line: the SFMC calls it made and how it ended. */
export interface RequestLog {
  upstream: UpstreamCall[];
  /** `OK`, `FAIL`, `UNKNOWN` or an error code, set by the resolver that decides it. */
  outcome?: string;
}

/** What one HTTP request accumulates for its log line, metrics and trace; shared by the request scope and the GraphQL context. */
export interface RequestState {
  requestId: string;
  /** The client's address: the per-address budgets' key. */
  clientAddress: string;
  startedAt: number;
  /** The operation's name, when it has one. */
  operation?: string | undefined;
  operationType?: 'query' | 'mutation' | 'subscription' | undefined;
  errorCodes: string[];
  log: RequestLog;
  /** Headers the GraphQL work adds to the response (e.g. `idempotent-replayed`); the scope sets them at `end`, on both doors. */
  responseHeaders?: Record<string, string>;
}

const states = new WeakMap<object, RequestState>();

// A gateway's x-request-id is adopted so one id follows the request through the graph; only a safe token
// is, and only from a trusted proxy: any other caller could make its requests look like someone else's.
const FORWARDED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const NO_PEER: ClientPeer = { address: 'unknown', viaTrustedProxy: false };

/** Makes the request's state and starts its clock: the request scope's `begin`. */
export function startState(request: RequestView, peer: ClientPeer): RequestState {
  let state = states.get(request);
  if (!state) {
    const forwarded = peer.viaTrustedProxy ? request.headers.get('x-request-id') : null;
    const requestId = forwarded !== null && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    state = { requestId, clientAddress: peer.address, startedAt: performance.now(), errorCodes: [], log: { upstream: [] } };
    states.set(request, state);
  }
  return state;
}

/** The request's state; made on first use for a request the scope did not begin (its id generated). */
export function requestState(request: RequestView): RequestState {
  return states.get(request) ?? startState(request, NO_PEER);
}

/** Adds a header to the request's response: set with `x-request-id` when the scope ends the request. */
export function addResponseHeader(request: RequestView, name: string, value: string): void {
  const state = requestState(request);
  (state.responseHeaders ??= {})[name] = value;
}

/** The state of a request the scope began; undefined for any other (probes, /metrics). */
export function begunState(request: object): RequestState | undefined {
  return states.get(request);
}

/** How the request ended, for its log line, metrics and trace: `OK`, `FAIL`, `UNKNOWN` or the first error code. */
export function outcomeOf(state: RequestState): string {
  return state.log.outcome ?? state.errorCodes[0] ?? 'OK';
}
