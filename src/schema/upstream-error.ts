import type { GraphQLError } from 'graphql';
import { serviceError } from '../errors.js';
import { SfmcError } from '../sfmc/sfmc-error.js';

/**
 * An SFMC failure as a GraphQL error. An unknown outcome only reaches here from a
 * read, where it means SFMC did not answer: nothing changed.
 */
export function upstreamError(error: SfmcError, requestId: string): GraphQLError {
  const code = error.failure === 'OUTCOME_UNKNOWN' ? 'UPSTREAM_UNAVAILABLE' : error.failure;
  return serviceError(code, error.message, { requestId, ...error.details });
}

/** Waits for an SFMC call, its failure turned into a GraphQL error; any other error passes through. */
export async function fromSfmc<T>(requestId: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof SfmcError ? upstreamError(error, requestId) : error;
  }
}
