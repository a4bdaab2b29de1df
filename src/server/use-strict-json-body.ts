import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const decoder = new TextDecoder('utf-8', { fatal: true });
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Every string (keys included) is well-formed Unicode: no lone surrogates such as "\ud800". */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(([key, v]) => key.isWellFormed() && wellFormed(v));
  }
  return true;
}

const isJsonPost = (request: Request) =>
  request.method === 'POST' && /^application\/(graphql\+)?json\s*(;|$)/i.test(request.headers.get('content-type') ?? '');

/**
 * Parses a JSON request body strictly. A lenient parser decodes invalid UTF-8 to
 * U+FFFD and accepts lone surrogates from `\u` escapes, so a mangled value would
 * reach SFMC as something the caller never sent; here both are a 400.
 */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw badRequest('The request body is not well-formed UTF-8.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('POST body sent invalid JSON.');
  }
  if (typeof body !== 'object' || body === null) throw badRequest('POST body is expected to be an object.');
  // Decoded strictly, the text itself holds no lone surrogate: only a \uD800-\uDFFF escape can make one.
  if (SURROGATE_ESCAPE.test(text) && !wellFormed(body)) throw badRequest('The request holds a string that is not well-formed Unicode.');
  return body as Record<string, unknown>;
}

/** Yoga's JSON request parser replaced by `parseJsonBody`. */
export function useStrictJsonBody(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (!isJsonPost(request)) return;
      setRequestParser(async (req) => {
        let bytes: ArrayBuffer;
        try {
          bytes = await req.arrayBuffer();
        } catch (error) {
          if (error instanceof GraphQLError) throw error; // e.g. the body size limit
          throw badRequest('The request body could not be read.');
        }
        return parseJsonBody(new Uint8Array(bytes));
      });
    },
  };
}
