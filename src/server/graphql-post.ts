import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { createGraphQLError, maskError, processRegularResult, type FetchAPI, type YogaLogger } from 'graphql-yoga';
import type { CallerSignal } from '../sfmc/deadline.js';
import { redactText, type Logger } from './logger.js';
import { requestState } from './request-state.js';
import type { Lifecycle } from './use-lifecycle.js';
import type { Metrics } from './use-metrics.js';
import { errorCodesOf, logRequest } from './use-request-log.js';
import { parseJsonBody } from './use-strict-json-body.js';
import type { Tracing } from './use-tracing.js';

/**
 * The hot path: `POST /graphql` with a JSON body, as every backend and gateway sends it.
 *
 * Yoga turns each Node request into a Fetch `Request` and back (headers, body stream,
 * an abort signal it aborts on every close, a `Response`); measured, that adapter and
 * its request hooks cost about as much CPU as everything else a mutation does. Here the
 * request stays a Node request:
 * the body is read once and parsed by the same strict parser, then handed to Yoga's
 * own `getResultForParams` (its params checks, trusted documents, and the envelop
 * pipeline: parse and validation caches, operation limits, context, execution, masked
 * errors), and the result is serialised by Yoga's own `processRegularResult` (status
 * codes, headers, `extensions.http` removed). The observers Yoga runs per request
 * (lifecycle, metrics, trace, log line) are called directly.
 *
 * Anything else falls through to Yoga, which serves it with the same plugins: other
 * methods and content types, browser requests (an `Origin` header: CORS), a missing,
 * odd or too large `Content-Length`, content negotiation beyond the two JSON types,
 * and every request the lifecycle refuses (shutdown begun, or too many in flight).
 */
export interface GraphqlPostOptions {
  yoga: {
    getResultForParams(
      payload: { params: Record<string, unknown>; request: Request },
      context: Record<string, unknown>,
    ): unknown;
  };
  graphqlEndpoint: string;
  maxBodyBytes: number;
  lifecycle: Lifecycle;
  logger: Logger;
  yogaLogger: YogaLogger;
  metrics?: Metrics | undefined;
  tracing?: Tracing | undefined;
}

export interface GraphqlPostHandler {
  /** Answers `true` when it took the request, `false` to leave it to Yoga. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** How many requests it took (the rest went to Yoga). */
  served(): number;
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
 * The parts of a Fetch `Request` that Yoga's pipeline and this service's context and
 * observers read: method, URL, headers and a signal aborted when the caller goes away.
 */
function requestView(req: IncomingMessage, res: ServerResponse, url: string, gone: CallerGone, closed: () => void): Request {
  let controller: AbortController | undefined;
  res.once('close', () => {
    if (!res.writableFinished) {
      (controller ??= new AbortController()).abort();
      gone.fire();
    }
    closed();
  });
  const headers = {
    get: (name: string) => headerValue(req.headers, name),
    has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
    keys: () => Object.keys(req.headers)[Symbol.iterator](),
  };
  const view = {
    method: 'POST',
    url,
    headers,
    get signal() {
      return (controller ??= new AbortController()).signal;
    },
  };
  return view as unknown as Request;
}

function readBody(req: IncomingMessage, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)));
    req.once('error', reject);
  });
}

/** Yoga's result serialiser writes into this instead of a Fetch `Response`. */
class CapturedResponse {
  constructor(
    readonly body: string,
    readonly init: { status: number; headers: Record<string, string> },
  ) {}
}
const CAPTURE = { Response: CapturedResponse } as unknown as FetchAPI;

/** As Yoga answers an error thrown before or around execution: masked unless it is a GraphQL error of ours. */
function thrownResult(error: unknown, logger: YogaLogger): ExecutionResult {
  const masked = maskError(error, 'Unexpected error.');
  if (masked !== error) logger.error(error);
  return { errors: [masked instanceof GraphQLError ? masked : createGraphQLError(masked.message, { originalError: masked })] };
}

const BATCHING = () =>
  createGraphQLError('Batching is not supported.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });

const UNREADABLE_BODY = () =>
  createGraphQLError('The request body could not be read.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });

export function graphqlPostHandler(options: GraphqlPostOptions): GraphqlPostHandler {
  const { yoga, graphqlEndpoint, maxBodyBytes, lifecycle, logger, metrics, tracing } = options;
  const url = `http://localhost${graphqlEndpoint}`;
  let served = 0;

  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    request: Request,
    callerSignal: CallerGone,
    mediaType: string,
    length: number,
  ) {
    let result: ExecutionResult;
    try {
      const params = parseJsonBody(await readBody(req, length));
      if (Array.isArray(params)) throw BATCHING();
      const run = () => yoga.getResultForParams({ params, request }, { req, res, callerSignal });
      result = (await (tracing ? tracing.within(request, run) : run())) as ExecutionResult;
    } catch (error) {
      // A caller gone while sending its body: observed as Yoga observes it (a 400 for a body it cannot read), answered to no one.
      result = res.destroyed ? { errors: [UNREADABLE_BODY()] } : thrownResult(error, options.yogaLogger);
    }
    const state = requestState(request);
    state.errorCodes.push(...errorCodesOf(result));
    const { body, init } = processRegularResult(result, CAPTURE, mediaType) as unknown as CapturedResponse;
    res.writeHead(init.status, {
      ...init.headers,
      'content-length': Buffer.byteLength(body),
      'x-request-id': state.requestId,
    });
    res.end(body);
    logRequest(logger, request, init.status);
    metrics?.observeRequest(state, (performance.now() - state.startedAt) / 1000);
    tracing?.endRequest(request, init.status);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || req.url !== graphqlEndpoint || lifecycle.refusing) return false;
    const { headers } = req;
    const length = headers['content-length'];
    if (headers.origin !== undefined || !isJson(headers['content-type'])) return false;
    if (length === undefined || !CONTENT_LENGTH.test(length) || Number(length) > maxBodyBytes) return false;
    const mediaType = responseMediaType(headers.accept);
    if (mediaType === undefined) return false;

    const callerSignal = new CallerGone();
    const request: Request = requestView(req, res, url, callerSignal, () => lifecycle.finished(request));
    requestState(request); // starts the request's clock
    lifecycle.started(request);
    served += 1;
    tracing?.startRequest(request);
    respond(req, res, request, callerSignal, mediaType, Number(length)).catch((error: unknown) => {
      logger.log('error', 'graphql.response_failed', { message: redactText(String(error)) });
      res.destroy();
    });
    return true;
  };
  return { handle, served: () => served };
}
