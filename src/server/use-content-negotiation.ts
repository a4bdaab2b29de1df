import type { Plugin } from 'graphql-yoga';
import { serviceError } from '../errors.js';

/** What a GraphQL response is sent as: the GraphQL-over-HTTP types and their wildcards. */
const ANSWERABLE = new Set(['application/graphql-response+json', 'application/json', 'application/*', '*/*']);

/** Whether an `Accept` header admits a JSON answer (an entry with `q=0` refuses its type). */
export function acceptsJson(accept: string | null): boolean {
  if (accept === null || accept.trim() === '') return true;
  return accept.split(',').some((entry) => {
    const [type = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const refused = params.some((param) => /^q=0(\.0{0,3})?$/.test(param));
    return !refused && ANSWERABLE.has(type);
  });
}

/** POST bodies are JSON (`application/json`, or the older `application/graphql+json`), parameters allowed. */
const isJson = (contentType: string | null) => /^application\/(graphql\+)?json\s*(;|$)/i.test(contentType ?? '');

/**
 * Decides what the request is answered as BEFORE anything runs. Yoga negotiates the response type
 * after execution: a mutation sent with `Accept: application/xml` was applied, then answered 406 with
 * an empty body. Here such a request is refused first (406, nothing sent). POST bodies other than
 * JSON (`application/graphql`, forms, multipart) are refused as 415: the strict body checks
 * (well-formed UTF-8, no lone surrogates, bounded nesting) hold for JSON, the only way in. The GraphiQL
 * page (a GET asking for HTML) is left alone.
 *
 * Yoga-only by design: the hot path takes only JSON POSTs whose `Accept` it can answer and leaves the
 * rest to Yoga, so every request is negotiated here or there, never executed unanswerable.
 */
export function useContentNegotiation(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      const { method, headers } = request;
      const refuse = (code: 'NOT_ACCEPTABLE' | 'UNSUPPORTED_MEDIA_TYPE', message: string) =>
        endResponse(
          fetchAPI.Response.json(
            { errors: [serviceError(code, message).toJSON()] },
            { status: code === 'NOT_ACCEPTABLE' ? 406 : 415 },
          ),
        );
      if (method === 'GET' && headers.get('accept')?.includes('text/html')) return;
      if (method !== 'GET' && method !== 'POST') return;
      if (!acceptsJson(headers.get('accept'))) {
        refuse('NOT_ACCEPTABLE', 'GraphQL responses are JSON: accept application/graphql-response+json or application/json.');
      } else if (method === 'POST' && !isJson(headers.get('content-type'))) {
        refuse('UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as JSON (content-type: application/json).');
      }
    },
  };
}
