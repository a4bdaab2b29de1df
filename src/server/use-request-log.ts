import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';
import { requestState } from './request-state.js';

function errorCodesOf(result: unknown): string[] {
  const errors = (result as { errors?: readonly { extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  return errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNCODED'));
}

/**
 * One structured log line per GraphQL request: request id, operation, outcome,
 * HTTP status, duration and every upstream call with its status and latency.
 * Variables and attribute values are never logged. The request id is also
 * returned to the caller in the `x-request-id` header.
 */
export function useRequestLog(logger: Logger, graphqlEndpoint: string): Plugin {
  return {
    onExecute({ args }) {
      const { request } = args.contextValue as { request: Request };
      requestState(request).operation = getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onResultProcess({ request, result }) {
      requestState(request).errorCodes.push(...errorCodesOf(result));
    },
    onResponse({ request, response }) {
      // Health probes and the GraphiQL page are not GraphQL requests.
      const isPage = response.headers.get('content-type')?.startsWith('text/html') ?? false;
      if (new URL(request.url).pathname !== graphqlEndpoint || isPage) return;
      const state = requestState(request);
      response.headers.set('x-request-id', state.requestId);
      logger.log(response.status >= 500 ? 'error' : 'info', 'graphql.request', {
        requestId: state.requestId,
        operation: state.operation ?? null,
        caller: request.headers.has('authorization') ? 'authorization-header' : 'anonymous',
        outcome: state.log.outcome ?? (state.errorCodes.length > 0 ? 'ERROR' : 'OK'),
        errorCodes: state.errorCodes,
        status: response.status,
        durationMs: Math.round((performance.now() - state.startedAt) * 10) / 10,
        upstream: state.log.upstream,
      });
    },
  };
}
