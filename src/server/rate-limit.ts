import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { serviceError } from '../errors.js';

/**
 * A per-caller request budget (a fixed window per key, in this process's memory).
 * The key is the verified caller when there is one, otherwise the client address.
 */
export function createRateLimit({ requests, windowSeconds }: { requests: number; windowSeconds: number }) {
  const limiter = new RateLimiterMemory({ points: requests, duration: windowSeconds });
  return async (callerKey: string): Promise<void> => {
    try {
      await limiter.consume(callerKey);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw serviceError(
        'RATE_LIMITED',
        `Too many requests: retry after ${retryAfter} s.`,
        { retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
  };
}
