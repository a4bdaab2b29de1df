import { getOperationAST } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Caller } from '../auth/index.js';
import type { Metrics } from '../observability/metrics.js';
import type { SfmcLedger } from '../observability/sfmc-ledger.js';
import type { RequestContext } from '../schema/index.js';
import type { UpstreamCall } from '../sfmc/observer.js';
import type { ExecutionStep } from './execution.js';

const PAID = Symbol('paid');
type Paid = UpstreamCall & { [PAID]?: true };

/** Who pays for a call, as the `caller` label of `sfmc_calls_total` names it. */
export type CallerClass = 'admin' | 'self-service' | 'anonymous';

export function callerClass(caller: Caller): CallerClass {
  if (caller.kind === 'anonymous') return 'anonymous';
  return caller.admin ? 'admin' : 'self-service';
}

/**
 * The SFMC calls each request made, made visible: once its execution is over, every exchange in the
 * request's trace (`log.upstream`: each attempt, and each token request it started) is counted in
 * `sfmc_calls_total` by endpoint, operation and caller class, and in the ledger's day and month
 * (`sfmc-ledger.ts`): a call shared with other requests once, one that never reached SFMC not at all. An admin
 * caller gets the whole trace in `extensions.sfmc = { calls, tokenRequests }` (shared calls too: what it used).
 * A step of the execution both doors run (`execution.ts`).
 */
export function countSfmcCalls(ledger: SfmcLedger, metrics: Metrics | undefined): ExecutionStep {
  // A search shared between requests is one call SFMC logs once, but the same entry sits in the trace of each
  // request sharing it (`read-batcher.ts`): the first of them to finish pays for it, and marks it paid (a symbol:
  // the log line's JSON leaves it out). An exchange that never left this process (connection refused) is in the
  // trace, not in SFMC's log: nobody pays for it.
  const unpaid = (calls: readonly UpstreamCall[]): readonly UpstreamCall[] => {
    // Usually every call of the trace is this request's own: the trace itself is the list, no copy made.
    let owed: UpstreamCall[] | undefined;
    for (let i = 0; i < calls.length; i += 1) {
      const call = calls[i] as Paid;
      const own = call.reached !== false && !(PAID in call);
      if (own) call[PAID] = true;
      if (!own) owed ??= calls.slice(0, i);
      else owed?.push(call);
    }
    return owed ?? calls;
  };
  return (next) => async (args) => {
    const result = await next(args);
    const context = args.contextValue as RequestContext & YogaInitialContext;
    const calls = context.log.upstream;
    const caller = callerClass(context.caller);
    const owed = calls.length > 0 ? unpaid(calls) : calls;
    if (owed.length > 0) {
      const operation = args.operationName ?? getOperationAST(args.document)?.name?.value;
      metrics?.observeSfmcCalls(operation ?? undefined, caller, owed);
      void ledger.record(owed);
    }
    if (caller !== 'admin') return result;
    let tokenRequests = 0;
    for (const call of calls) if (call.endpoint === 'token') tokenRequests += 1;
    return { ...result, extensions: { ...result.extensions, sfmc: { calls: calls.length, tokenRequests } } };
  };
}
