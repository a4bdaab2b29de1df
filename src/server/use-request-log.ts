import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Logger } from './logger.js';
import { isPage, outcomeOf, requestState } from './request-state.js';

export function errorCodesOf(result: unknown): string[] {
  const errors = (result as { errors?: readonly { extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  return errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNCODED'));
}

/** Records the operation's name and type in the request's state, for its log line, metrics and trace. */
function noteOperation({ context, result }: { context: Readonly<YogaInitialContext>; result: unknown }): void {
  if (result === null || result instanceof Error) return;
  const operation = getOperationAST(result as DocumentNode, context.params.operationName);
  const state = requestState(context.request);
  state.operation = operation?.name?.value;
  state.operationType = operation?.operation;
}

/**
 * One structured log line per GraphQL request: request id, operation, outcome,
 * HTTP status, duration and every upstream call with its status and latency.
 * Variables and attribute values are never logged. The request id is also
 * returned to the caller in the `x-request-id` header.
 */
export function useRequestLog(logger: Logger, graphqlEndpoint: string): Plugin {
  return {
    // On parse, so a request refused later (validation, authentication) is named too.
    onParse: () => noteOperation,
    onResultProcess({ request, result }) {
      requestState(request).errorCodes.push(...errorCodesOf(result));
    },
    onResponse({ request, response }) {
      // Health probes and the GraphiQL page are not GraphQL requests.
      if (new URL(request.url).pathname !== graphqlEndpoint || isPage(response)) return;
      response.headers.set('x-request-id', requestState(request).requestId);
      logRequest(logger, request, response.status);
    },
  };
}

/** The request's log line, once its response status is known. */
export function logRequest(logger: Logger, request: Request, status: number): void {
  const state = requestState(request);
  logger.log(status >= 500 ? 'error' : 'info', 'graphql.request', {
    requestId: state.requestId,
    operation: state.operation ?? null,
    caller: request.headers.has('authorization') ? 'authorization-header' : 'anonymous',
    outcome: outcomeOf(state),
    errorCodes: state.errorCodes,
    status,
    durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10,
    upstream: state.log.upstream,
  });
}
