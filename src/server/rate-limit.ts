import { serviceError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { StateUnavailable, type StateStore } from '../state/store.js';

/** Which budget a request spends from; each has its own size and its own counters. */
export type Budget = 'self' | 'admin' | 'failures';

/** Resolves (or returns, when the store answers at once) if the request may go on; else throws or rejects RATE_LIMITED. */
export type RateLimit = (callerKey: string, budget?: Budget) => Promise<void> | undefined;

/**
 * A per-caller request budget: a fixed window per key, counted in the state store, so that
 * with Redis every instance spends from the same budget. The key is the verified caller when
 * there is one, otherwise the client address. Admin callers (gateways, back offices calling
 * with a service token) have a budget of their own size: one person's pace would throttle them.
 * Requests that fail authentication spend from their client address's `failures` budget: a
 * flood of bad tokens is refused (429) without spending anyone's budget but the sender's.
 *
 * When the store cannot answer (`StateUnavailable`: Redis down or slower than its timeout),
 * the limit fails open: the request is answered unlimited rather than refused or held. That
 * is said once in the log per outage; each failed count is in `state_store_errors_total`.
 */
export function createRateLimit(
  {
    requests,
    adminRequests,
    failedRequests = requests,
    windowSeconds,
  }: { requests: number; adminRequests: number; failedRequests?: number; windowSeconds: number },
  store: StateStore,
  logger: Logger,
): RateLimit {
  const sizes: Record<Budget, number> = { self: requests, admin: adminRequests, failures: failedRequests };
  const windowMs = windowSeconds * 1000;
  let failingOpen = false;

  /** RATE_LIMITED when `spent` is over `budget`'s size. */
  function judge(spent: { count: number; ttlMs: number }, budget: Budget): undefined {
    if (spent.count <= sizes[budget]) return undefined;
    const retryAfter = Math.max(1, Math.ceil(spent.ttlMs / 1000));
    throw serviceError(
      'RATE_LIMITED',
      `Too many requests: retry after ${retryAfter} s.`,
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }

  async function counted(key: string, budget: Budget): Promise<void> {
    let spent: { count: number; ttlMs: number };
    try {
      spent = await store.increment(key, windowMs);
    } catch (error) {
      if (!(error instanceof StateUnavailable)) throw error;
      if (!failingOpen) {
        failingOpen = true;
        logger.log('warn', 'rate-limit.unenforced', {
          message: 'The state store does not answer: requests are not rate limited until it does.',
          reason: error.message,
        });
      }
      return;
    }
    if (failingOpen) {
      failingOpen = false;
      logger.log('info', 'rate-limit.enforced', { message: 'The state store answers again: rate limits apply.' });
    }
    judge(spent, budget);
  }

  return (callerKey, budget = 'self') => {
    const key = `rate:${budget}:${callerKey}`;
    // The memory store answers at once: no promise per request.
    return store.incrementNow ? judge(store.incrementNow(key, windowMs), budget) : counted(key, budget);
  };
}
