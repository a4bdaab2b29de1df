import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createGraphQLError, maskError, processRegularResult, type YogaLogger } from 'graphql-yoga';
import { badRequest } from '../errors.js';
import { redactText, type Logger } from '../observability/logger.js';
import { refusalAnswer, type RequestScope } from '../observability/request-scope.js';
import type { CallerSignal } from '../sfmc/deadline.js';
import type { ClientAddresses } from './client-address.js';
import type { RunPrepared } from './prepared-operations.js';
import { parseJsonBody, unreadableBody } from './use-strict-json-body.js';

/**
 * The hot path: `POST /graphql` with a JSON body, as every backend and gateway sends it.
 *
 * Yoga turns each Node request into a Fetch `Request` and back (headers, body stream,
 * an abort signal it aborts on every close, a `Response`); that adapter and its request
 * hooks are a large share of a mutation's CPU (docs/performance.md). Here the
 * request stays a Node request:
 * the body is read once and parsed by the same strict parser, then handed to Yoga's
 * own `getResultForParams` (its params checks, trusted documents, and the envelop
 * pipeline: parse and validation caches, operation limits, context, execution, masked
 * errors) — or, for a document that passed validation before, run as a prepared operation
 * (`prepared-operations.ts`: the same steps as plain calls) — and the result is serialised by
 * Yoga's own `processRegularResult` (status
 * codes, headers, `extensions.http` removed). The request scope (bodies arriving per
 * address, in-flight count, span, log line, metrics, `x-request-id`) is the same one
 * `useRequestScope` runs for Yoga; its refusals are answered alike (`refusalAnswer`, or
 * thrown from `onParams` once the body has arrived).
 *
 * Anything else falls through to Yoga, which serves it with the same plugins: other
 * methods and content types, browser requests (an `Origin` header: CORS), a missing,
 * odd or too large `Content-Length`, content negotiation beyond the two JSON types.
 */
export interface GraphqlPostOptions {
  yoga: {
    getResultForParams(payload: { params: Record<string, unknown>; request: Request }, context: Record<string, unknown>): unknown;
  };
  graphqlEndpoint: string;
  maxBodyBytes: number;
  scope: RequestScope;
  clients: ClientAddresses;
  logger: Logger;
  yogaLogger: YogaLogger;
  /** Runs a request for a document validated before without Yoga's pipeline; undefined leaves it to Yoga. */
  prepared: RunPrepared;
}

export interface GraphqlPostHandler {
  /** Answers `true` when it took the request, `false` to leave it to Yoga. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** How many requests it took (the rest went to Yoga). */
  served(): number;
  /** How many of those ran as prepared operations (`prepared-operations.ts`), not through Yoga's pipeline. */
  prepared(): number;
}

const CONTENT_LENGTH = /^\d+$/;

/** Yoga's rule (`isContentTypeMatch`): the first listed type, exactly `application/json`, parameters allowed. */
function isJson(contentType: string | undefined): boolean {
  const first = contentType?.split(',')[0];
  return first === 'application/json' || first?.startsWith('application/json;') === true;
}

/**
 * The media type Yoga would answer a single result with, for `Accept` headers without
 * parameters: the first listed type that a JSON response matches, `application/json`
 * when that entry matches both. Undefined leaves negotiation (q-values, charsets, 406) to Yoga.
 */
export function responseMediaType(accept: string | undefined): string | undefined {
  if (accept === undefined) return 'application/json';
  if (accept.includes(';')) return undefined;
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, subtype] = entry.split('/');
    if (type !== '*' && type !== 'application') continue;
    if (subtype === '*' || subtype === 'json') return 'application/json';
    if (subtype === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The caller's cancellation as the SFMC client reads it, fired when the connection closes
 * before the answer is written. Not an `AbortSignal`: see `CallerSignal`.
 */
class CallerGone implements CallerSignal {
  aborted = false;
  private listeners: (() => void)[] = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }

  fire(): void {
    this.aborted = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/**
 * The parts of a Fetch `Request` that Yoga's pipeline, this service's context and the
 * request scope read: method, URL, headers and a signal aborted when the caller goes away.
 * `RequestView` (what the scope reads) is a part of it.
 */
interface HotRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: {
    get(name: string): string | null;
    has(name: string): boolean;
    keys(): Iterator<string>;
  };
  readonly signal: AbortSignal;
}

/** A Node request's headers as a Fetch `Headers` is read (`get`, `has`, `keys`), without copying them. */
class NodeHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    return headerValue(this.headers, name);
  }

  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }

  keys(): Iterator<string> {
    return Object.keys(this.headers)[Symbol.iterator]();
  }
}

/** The view of one Node request (a class, not closures: one object per request). */
class NodeRequestView implements HotRequest {
  readonly method = 'POST';
  readonly headers: NodeHeaders;
  private controller: AbortController | undefined;

  constructor(
    req: IncomingMessage,
    readonly url: string,
  ) {
    this.headers = new NodeHeaders(req.headers);
  }

  get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  /** The caller went away before its answer. */
  abort(): void {
    (this.controller ??= new AbortController()).abort();
  }
}

function requestView(req: IncomingMessage, res: ServerResponse, url: string, gone: CallerGone, scope: RequestScope): HotRequest {
  const view = new NodeRequestView(req, url);
  // `on`, not `once`: 'close' comes once, and `once` wraps the listener in an object of its own.
  res.on('close', () => {
    if (res.writableFinished) return;
    view.abort();
    gone.fire();
    // A caller that goes away gets no response: it must not hold shutdown up.
    scope.release(view);
  });
  return view;
}

function readBody(req: IncomingMessage, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // `on`: each comes once, and `once` wraps its listener in an object of its own.
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)));
    req.on('error', reject);
  });
}

/** Yoga's result serialiser writes into this instead of a Fetch `Response`. */
class CapturedResponse {
  constructor(
    readonly body: string,
    readonly init: { status: number; headers: Record<string, string> },
  ) {}
}
const CAPTURE = { Response: CapturedResponse };

/**
 * Yoga's `processRegularResult`, typed as this file calls it: it builds its answer with
 * `new fetchAPI.Response(body, init)` and touches no other part of the Fetch API.
 */
const serialise = processRegularResult as unknown as (
  result: ExecutionResult,
  fetchAPI: typeof CAPTURE,
  mediaType: string,
) => CapturedResponse;

/** Yoga's masking of an error: unchanged if it is a GraphQL error of ours, else 'Unexpected error.' and the error logged. */
export function maskedError(error: unknown, logger: YogaLogger): Error {
  const masked = maskError(error, 'Unexpected error.');
  if (masked !== error) logger.error(error);
  return masked;
}

/** As Yoga answers an error thrown before or around execution. */
function thrownResult(error: unknown, logger: YogaLogger): ExecutionResult {
  const masked = maskedError(error, logger);
  return { errors: [masked instanceof GraphQLError ? masked : createGraphQLError(masked.message, { originalError: masked })] };
}

export function graphqlPostHandler(options: GraphqlPostOptions): GraphqlPostHandler {
  const { yoga, graphqlEndpoint, maxBodyBytes, scope, clients, logger } = options;
  const url = `http://localhost${graphqlEndpoint}`;
  let served = 0;
  let prepared = 0;

  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    view: HotRequest,
    callerSignal: CallerGone,
    mediaType: string,
    length: number,
  ) {
    let result: ExecutionResult;
    try {
      const params = parseJsonBody(await readBody(req, length));
      if (Array.isArray(params)) throw badRequest('Batching is not supported.');
      // The one place the view stands in for a Fetch `Request`: Yoga's pipeline reads only what `HotRequest` holds.
      const request = view as unknown as Request;
      const serverContext = { req, res, callerSignal };
      const run = () => {
        const result = options.prepared(params, request, serverContext);
        if (result === undefined) return yoga.getResultForParams({ params, request }, serverContext);
        prepared += 1;
        return result;
      };
      result = (await scope.within(view, run)) as ExecutionResult;
    } catch (error) {
      // A caller gone while sending its body: observed as Yoga observes it (a 400 for a body it cannot read), answered to no one.
      result = res.destroyed ? { errors: [unreadableBody()] } : thrownResult(error, options.yogaLogger);
    }
    scope.noteResult(view, result);
    const { body, init } = serialise(result, CAPTURE, mediaType);
    scope.end(view, init.status, res);
    res.writeHead(init.status, { ...init.headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || req.url !== graphqlEndpoint) return false;
    const { headers } = req;
    const length = headers['content-length'];
    if (headers.origin !== undefined || !isJson(headers['content-type'])) return false;
    if (length === undefined || !CONTENT_LENGTH.test(length) || Number(length) > maxBodyBytes) return false;
    const mediaType = responseMediaType(headers.accept);
    if (mediaType === undefined) return false;

    const callerSignal = new CallerGone();
    const view = requestView(req, res, url, callerSignal, scope);
    served += 1;
    const refusal = scope.begin(view, clients.peer(req.socket.remoteAddress, headers['x-forwarded-for']));
    if (refusal) {
      const { status, headers: answerHeaders, body } = refusalAnswer(refusal);
      scope.end(view, status, res);
      res.writeHead(status, { ...answerHeaders, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return true;
    }
    respond(req, res, view, callerSignal, mediaType, Number(length)).catch((error: unknown) => {
      logger.log('error', 'graphql.response_failed', { message: redactText(String(error)) });
      res.destroy();
    });
    return true;
  };
  return { handle, served: () => served, prepared: () => prepared };
}
