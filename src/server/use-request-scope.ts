import type { IncomingMessage } from 'node:http';
import { getOperationAST, type DocumentNode } from 'graphql';
import { shouldRenderGraphiQL, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { refusalAnswer, type RequestScope } from '../observability/request-scope.js';
import { cappedText, requestState } from '../observability/request-state.js';
import type { ClientAddresses } from './client-address.js';
import type { CallerGate } from './use-caller-gate.js';

/**
 * Records the operation's name (cut short: the caller chooses it) and type in the request's
 * state, for its log line, metrics and trace.
 */
export function noteOperation({ context, result }: { context: Readonly<YogaInitialContext>; result: unknown }): void {
  if (result === null || result instanceof Error) return;
  const operation = getOperationAST(result as DocumentNode, context.params.operationName);
  const state = requestState(context.request);
  const name = operation?.name?.value;
  state.operation = name === undefined ? undefined : cappedText(name);
  state.operationType = operation?.operation;
}

/**
 * What every GraphQL request goes through once its body has arrived, before any GraphQL work:
 * a GraphQL slot (SHUTTING_DOWN, OVERLOADED: 503 with Retry-After: 1), then the caller
 * (UNAUTHENTICATED, RATE_LIMITED). The refusal is thrown, as the trusted-documents plugin refuses.
 */
export function admitRequest(
  scope: RequestScope,
  gate: Pick<CallerGate, 'check'>,
): (request: Request) => Promise<void> | undefined {
  return (request) => {
    const refusal = scope.admit(request);
    if (refusal) throw refusal;
    return gate.check(request);
  };
}

/** The GraphiQL page (served on the GraphQL endpoint): not a GraphQL request. */
function isPage(response: Response): boolean {
  return response.headers.get('content-type')?.startsWith('text/html') ?? false;
}

/**
 * The request scope for the requests Yoga serves: begun when one arrives on the GraphQL
 * endpoint (before any other plugin, so refused requests are observed too), active around
 * the operation, ended with the response. The hot path (`graphql-post.ts`) calls the same
 * scope itself; `onParams` (admission to a GraphQL slot, once the body has arrived) and
 * `onParse` are shared: they run in `getResultForParams`, and a prepared operation on the hot path
 * (`prepared-operations.ts`) calls the same functions, `admitRequest` and `noteOperation`.
 * Put a per-request concern in the scope, not in a Yoga-only hook of this plugin.
 */
export function useRequestScope(
  scope: RequestScope,
  graphqlEndpoint: string,
  clients: ClientAddresses,
  gate: Pick<CallerGate, 'check'>,
): Plugin {
  const admit = admitRequest(scope, gate);
  return {
    onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== graphqlEndpoint) return;
      const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      const peer = clients.peer(req?.socket.remoteAddress, req?.headers['x-forwarded-for']);
      const refusal = scope.begin(request, peer, !shouldRenderGraphiQL(request));
      if (refusal) {
        const { status, headers, body } = refusalAnswer(refusal);
        endResponse(new fetchAPI.Response(body, { status, headers }));
        return;
      }
      // A caller that goes away gets no response: it must not hold shutdown up.
      request.signal.addEventListener('abort', () => scope.release(request), { once: true });
    },
    // The body has arrived: no later hook runs for a refused request.
    onParams: ({ request }) => admit(request),
    // On parse, so a request refused later (validation) is named too.
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
