import type { Agent, Dispatcher } from 'undici';
import type { Deadline } from './deadline.js';

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
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Sends `request`, aborted at the deadline, and reads the whole answer (the agent caps its size). */
export async function exchange(agent: Agent, request: Dispatcher.RequestOptions, deadline: Deadline): Promise<Exchange> {
  const scope = deadline.exchangeSignal();
  try {
    const response = await agent.request({ ...request, signal: scope.signal });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, json: parseJson(text) };
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && NOT_SENT.has(code)) throw new TransportFailure('not-sent', code);
    const stopped = deadline.stopped;
    if (stopped === 'cancelled') throw new TransportFailure('cancelled', 'cancelled');
    throw new TransportFailure('no-answer', stopped ?? code ?? 'unknown');
  } finally {
    scope.release();
  }
}

/** SFMC's REST errors carry `{ errorcode }`; 50200 means "requests are temporarily blocked". */
export function sfmcErrorCode(answer: Exchange): number | undefined {
  const code = (answer.json as { errorcode?: unknown } | undefined)?.errorcode;
  return typeof code === 'number' ? code : undefined;
}

/** `Retry-After` in milliseconds, given as seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(answer: Exchange, now: number = Date.now()): number | undefined {
  const raw = answer.headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
