import type { GraphQLError } from 'graphql';
import { serviceError } from '../errors.js';
import { SfmcError } from '../sfmc/sfmc-error.js';

/**
 * An SFMC failure as a GraphQL error. An unknown outcome only reaches here from a
 * read, where it means SFMC did not answer: nothing changed. When SFMC said when to come
 * back (`retryAfter`, seconds), the answer says it in the Retry-After header too, as
 * RATE_LIMITED and OVERLOADED do: clients and proxies back off on the header, not the body.
 * (A field error next to data answers 200 and drops it: `data-status.ts`.)
 */
export function upstreamError(error: SfmcError, requestId: string): GraphQLError {
  const code = error.failure === 'OUTCOME_UNKNOWN' ? 'UPSTREAM_UNAVAILABLE' : error.failure;
  const { retryAfter } = error.details;
  const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) };
  return serviceError(code, error.message, { requestId, ...error.details }, headers);
}

/** Waits for an SFMC call, its failure turned into a GraphQL error; any other error passes through. */
export async function fromSfmc<T>(requestId: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof SfmcError ? upstreamError(error, requestId) : error;
  }
}
