import { GraphQLError } from 'graphql';
import type { CallerAuth } from '../auth/caller-auth.js';
import type { Caller } from '../auth/caller.js';
import { requestState, type RequestView } from '../observability/request-state.js';
import type { RateLimit } from './rate-limit.js';

/** The refusals that are the caller's doing (no token, a bad one, a malformed header), not an identity provider's outage. */
const CALLER_FAILURES: ReadonlySet<unknown> = new Set(['UNAUTHENTICATED', 'BAD_REQUEST']);

export interface CallerGate {
  /**
   * Authenticates and rate-limits a request whose body has arrived, before its document is parsed
   * or validated: resolves when it may go on (its caller is then `callerOf` it), else rejects with the refusal to answer.
   * A caller known already, counted in a store that answers at once, is decided without a promise:
   * undefined when it may go on, the refusal thrown.
   */
  check(request: RequestView): Promise<void> | undefined;
  /** The request's caller, as the gate established it; the GraphQL context reads it. */
  callerOf(request: RequestView): Promise<Caller>;
}

/**
 * Who is calling, and whether they may call now, decided before any GraphQL work: a request
 * without a valid token is answered 401 (or 429) without its document being parsed or
 * validated, so it costs little, and cannot learn which fields and types exist from a 400
 * versus a 401. Failed authentications spend their client address's `failures` budget;
 * every other request spends its caller's budget (the client address's for anonymous callers)
 * here too, so parse and validation failures are counted like any request.
 *
 * `admitRequest` (`use-request-scope.ts`) runs it once the request has a GraphQL slot: in Yoga's
 * `onParams`, and for a prepared operation on the hot path.
 */
export function createCallerGate(auth: CallerAuth, rateLimit: RateLimit): CallerGate {
  const callers = new WeakMap<object, Caller>();

  /** Spends `caller`'s budget (the client address's for anonymous callers); the caller is the request's once it may go on. */
  function admit(request: RequestView, caller: Caller): Promise<void> | undefined {
    const spending =
      caller.kind === 'user'
        ? rateLimit(`caller:${caller.subject}`, caller.admin ? 'admin' : 'self')
        : rateLimit(`address:${requestState(request).clientAddress}`, 'self');
    if (spending === undefined) {
      callers.set(request, caller);
      return undefined;
    }
    return spending.then(() => void callers.set(request, caller));
  }

  async function authenticated(request: RequestView, header: string | null): Promise<void> {
    let caller: Caller;
    try {
      caller = await auth.authenticate(header);
    } catch (error) {
      if (error instanceof GraphQLError && CALLER_FAILURES.has(error.extensions.code)) {
        await rateLimit(`address:${requestState(request).clientAddress}`, 'failures');
      }
      throw error;
    }
    await admit(request, caller);
  }

  function check(request: RequestView): Promise<void> | undefined {
    const header = request.headers.get('authorization');
    const caller = auth.known(header);
    return caller === undefined ? authenticated(request, header) : admit(request, caller);
  }

  return {
    check,
    // Every GraphQL request passed the gate; should one not have (a path found later), it is checked here.
    callerOf: async (request) => {
      if (!callers.has(request)) await check(request);
      return callers.get(request) as Caller;
    },
  };
}
