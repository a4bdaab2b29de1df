import { GraphQLError } from 'graphql';
import type { ExecutionStep } from './execution.js';

/** An error without its `extensions.http`: a field error, which says nothing about the HTTP response. */
function withoutHttp(error: GraphQLError): GraphQLError {
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/**
 * The GraphQL-over-HTTP rule: a response whose `data` is not null answers 200, for
 * `application/json` and `application/graphql-response+json` alike. Yoga takes the status
 * from the errors' `extensions.http` even when they are field errors next to data (a
 * failed read-back of an applied update would answer 502 or 503, telling the caller
 * nothing was saved); with data, those errors lose their `http` here. Requests refused
 * before execution and results whose `data` is null keep their errors' status.
 *
 * A step of the execution both doors run (`execution.ts`).
 */
export const dataStatus: ExecutionStep = (next) => async (args) => {
  const result = await next(args);
  const { data, errors } = result;
  if (data === null || data === undefined || !errors?.some((e) => e.extensions?.http !== undefined)) return result;
  return { ...result, errors: errors.map((e) => (e.extensions?.http === undefined ? e : withoutHttp(e))) };
};
