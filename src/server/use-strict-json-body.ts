import { Buffer, isUtf8 } from 'node:buffer';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badRequest } from '../errors.js';
import { jsonTextProblem, MAX_JSON_DEPTH } from './json-text.js';

/**
 * Whether the text holds a `\uD800`-`\uDFFF` escape. A scan for `\u` (often none in a
 * whole body), not a regular expression, which costs far more on a large body (docs/performance.md).
 */
function hasSurrogateEscape(text: string): boolean {
  for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
    // ORing 0x20 folds A-F to a-f (a stray match only costs the walk below).
    if ((text.charCodeAt(i + 2) | 0x20) !== 0x64) continue; // d
    const next = text.charCodeAt(i + 3) | 0x20;
    if (next === 0x38 || next === 0x39 || (next >= 0x61 && next <= 0x66)) return true; // 8, 9, a-f
  }
  return false;
}

/**
 * Every string (keys included) is well-formed Unicode: no lone surrogates such as "\ud800".
 * Walked with a stack of its own, so a body nested thousands deep cannot overflow the call stack.
 */
function wellFormed(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return false;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (!key.isWellFormed()) return false;
        pending.push(v);
      }
    }
  }
  return true;
}

const isJsonPost = (request: Request) =>
  request.method === 'POST' && /^application\/(graphql\+)?json\s*(;|$)/i.test(request.headers.get('content-type') ?? '');

/**
 * Parses a JSON request body strictly. A lenient parser decodes invalid UTF-8 to
 * U+FFFD and accepts lone surrogates from `\u` escapes, so a mangled value would
 * reach SFMC as something the caller never sent; here both are a 400, as are a whole
 * number JSON.parse would change (beyond 2^53 - 1) and a body nested deeper than MAX_JSON_DEPTH.
 */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  // Checked, then decoded: a fatal TextDecoder does both but allocates more per body.
  if (!isUtf8(bytes)) throw badRequest('The request body is not well-formed UTF-8.');
  const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A byte-order mark is dropped, as a TextDecoder does.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const problem = jsonTextProblem(text);
  if (problem?.kind === 'too-deep') throw badRequest(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  if (problem?.kind === 'unsafe-integer') {
    const shown = problem.literal.length > 24 ? `${problem.literal.slice(0, 24)}…` : problem.literal;
    throw badRequest(
      `The request holds the number ${shown}, beyond 2^53 - 1: JSON does not carry it exactly. Send it (a contact id, a long number) as a string.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('POST body sent invalid JSON.');
  }
  if (typeof body !== 'object' || body === null) throw badRequest('POST body is expected to be an object.');
  // Decoded strictly, the text itself holds no lone surrogate: only a \uD800-\uDFFF escape can make one.
  if (hasSurrogateEscape(text) && !wellFormed(body))
    throw badRequest('The request holds a string that is not well-formed Unicode.');
  return body as Record<string, unknown>;
}

/** A body the caller stopped sending, or that broke off. */
export const unreadableBody = () => badRequest('The request body could not be read.');

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
          throw unreadableBody();
        }
        return parseJsonBody(new Uint8Array(bytes));
      });
    },
  };
}
