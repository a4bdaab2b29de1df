import { getOperationAST, type DocumentNode } from 'graphql';
import { shouldRenderGraphiQL, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { RequestScope } from '../observability/request-scope.js';
import { requestState } from '../observability/request-state.js';

/** Records the operation's name and type in the request's state, for its log line, metrics and trace. */
function noteOperation({ context, result }: { context: Readonly<YogaInitialContext>; result: unknown }): void {
  if (result === null || result instanceof Error) return;
  const operation = getOperationAST(result as DocumentNode, context.params.operationName);
  const state = requestState(context.request);
  state.operation = operation?.name?.value;
  state.operationType = operation?.operation;
}

/** The GraphiQL page (served on the GraphQL endpoint): not a GraphQL request. */
function isPage(response: Response): boolean {
  return response.headers.get('content-type')?.startsWith('text/html') ?? false;
}

/**
 * The request scope for the requests Yoga serves: begun when one arrives on the GraphQL
 * endpoint (before any other plugin, so refused requests are observed too), active around
 * the operation, ended with the response. The hot path (`graphql-post.ts`) calls the same
 * scope itself; only `onParse` is shared, because it runs in the envelop pipeline both doors
 * go through. Put a per-request concern in the scope, not in a hook of this plugin.
 */
export function useRequestScope(scope: RequestScope, graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      const refusal = scope.begin(request, !shouldRenderGraphiQL(request));
      if (refusal) {
        // Both refusals (SHUTTING_DOWN, OVERLOADED) are 503s worth retrying at once elsewhere.
        endResponse(fetchAPI.Response.json({ errors: [refusal.toJSON()] }, { status: 503, headers: { 'retry-after': '1' } }));
        return;
      }
      // A caller that goes away gets no response: it must not hold shutdown up.
      request.signal.addEventListener('abort', () => scope.release(request), { once: true });
    },
    // On parse, so a request refused later (validation, authentication) is named too.
    onParse: () => noteOperation,
    instrumentation: {
      // Parse, validate, context and execute: every SFMC call the request makes happens in here.
      operation: ({ request }, wrapped) => scope.within(request, wrapped),
    },
    onResultProcess({ request, result }) {
      scope.noteResult(request, result);
    },
    onResponse({ request, response }) {
      if (isPage(response)) scope.dismiss(request, response.status);
      else scope.end(request, response.status, { setHeader: (name, value) => response.headers.set(name, value) });
    },
  };
}
