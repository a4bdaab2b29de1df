import { errors, type Agent, type Dispatcher } from 'undici';
import type { Deadline, Step } from './deadline.js';

/**
 * One HTTP exchange with SFMC, read to the end: what came back, or how the
 * connection failed, in the terms the policy needs (was anything sent?).
 */

export interface Exchange {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
}

/** Failures raised before the request left this process: SFMC cannot have seen it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * How an exchange failed: `not-sent` (connect failure, nothing left this process),
 * `no-answer` (reset, timeout, deadline, oversized body: SFMC may have processed it) or
 * `cancelled` (the caller went away).
 */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'not-sent' | 'no-answer' | 'cancelled',
    /** An undici/Node error code, `deadline` or `cancelled`: safe to show, never a URL. */
    readonly code: string,
  ) {
    super(`SFMC exchange failed (${kind}, ${code})`);
    this.name = 'TransportFailure';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function parseJson(text: string): unknown {
  try {
    // A byte-order mark is not JSON; a decoder (as `body.text()` uses) would have dropped it.
    return text === '' ? undefined : (JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Told how each exchange ended, before it settles: SFMC's status (null when no answer came),
 * whether the request left this process, and how long the exchange took.
 */
export interface ExchangeListener {
  ended(status: number | null, reached: boolean, ms: number): void;
}

/**
 * Sends `request`, aborted at the deadline, and reads the whole answer (the agent caps its size).
 * The listener is told here, after the answer settles, so that it runs in the caller's async
 * context (tracing makes each exchange a child of the request's active span).
 */
export async function exchange(
  agent: Agent,
  request: Dispatcher.DispatchOptions,
  deadline: Deadline,
  listener?: ExchangeListener,
): Promise<Exchange> {
  const started = performance.now();
  try {
    const answer = await new Promise<Exchange>((resolve, reject) => {
      agent.dispatch(request, new ExchangeHandler(deadline, resolve, reject));
    });
    listener?.ended(answer.status, true, performance.now() - started);
    return answer;
  } catch (error) {
    const failure = transportFailure(error, deadline);
    listener?.ended(null, failure.kind !== 'not-sent', performance.now() - started);
    throw failure;
  }
}

/**
 * One exchange as undici's dispatcher drives it: the answer's status, headers and body chunks,
 * joined and parsed at the end. Dispatching with a handler, rather than `agent.request`, reads the
 * body without a Readable stream per exchange. It is also the step the deadline stops: `stop`
 * aborts the exchange through undici's controller (at once, if it comes before the request starts).
 */
class ExchangeHandler implements Dispatcher.DispatchHandler, Step {
  private controller: Dispatcher.DispatchController | undefined;
  private stopped = false;
  private status = 0;
  private headers: Exchange['headers'] = {};
  /** The body's chunks: most answers come in one. */
  private chunks: Buffer | Buffer[] | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deadline: Deadline,
    private readonly resolve: (answer: Exchange) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timer = deadline.begin(this);
  }

  /** The deadline passed or the caller went away. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.controller) abort(this.controller);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) abort(controller);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Exchange['headers']): void {
    // 1xx informational answers come before the final one.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const { chunks } = this;
    if (chunks === undefined) this.chunks = chunk;
    else if (Buffer.isBuffer(chunks)) this.chunks = [chunks, chunk];
    else chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.deadline.end(this, this.timer);
    const { chunks } = this;
    const body = chunks === undefined ? '' : (Buffer.isBuffer(chunks) ? chunks : Buffer.concat(chunks)).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, json: parseJson(body) });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.deadline.end(this, this.timer);
    this.reject(error);
  }
}

/** Aborts an exchange the deadline stopped: `transportFailure` then tells why from the deadline. */
const abort = (controller: Dispatcher.DispatchController) => controller.abort(new errors.RequestAbortedError());

/** How an exchange that did not come back failed. */
function transportFailure(error: unknown, deadline: Deadline): TransportFailure {
  const code = errorCode(error);
  if (code !== undefined && NOT_SENT.has(code)) return new TransportFailure('not-sent', code);
  const stopped = deadline.stopped;
  if (stopped === 'cancelled') return new TransportFailure('cancelled', 'cancelled');
  return new TransportFailure('no-answer', stopped ?? code ?? 'unknown');
}

/** SFMC's REST errors carry `{ errorcode }`; 50200 means "requests are temporarily blocked". */
/**
 * SFMC's gateway refused the token itself, before processing anything: a 401, or a 403 with an
 * authentication error code (40000-40003: general, not authenticated, token for another stack,
 * token on the URL). A 403 with 20000-20002 is about the request's privileges, not the token.
 */
export const isTokenRefusal = (answer: Exchange): boolean =>
  answer.status === 401 || (answer.status === 403 && isAuthErrorCode(sfmcErrorCode(answer)));

const isAuthErrorCode = (code: number | undefined) => code !== undefined && code >= 40000 && code <= 40004;

export function sfmcErrorCode(answer: Exchange): number | undefined {
  const code = (answer.json as { errorcode?: unknown } | undefined)?.errorcode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * When to come back, in milliseconds: the `Retry-After` header (seconds or an HTTP date), else the
 * `retryAfter` seconds SFMC's 50100 body carries; undefined when neither is there or readable.
 */
export function retryAfterMs(answer: Exchange, now: number = Date.now()): number | undefined {
  const raw = answer.headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') {
    const inBody = (answer.json as { retryAfter?: unknown } | undefined)?.retryAfter;
    return typeof inBody === 'number' && Number.isFinite(inBody) && inBody >= 0 ? inBody * 1000 : undefined;
  }
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
