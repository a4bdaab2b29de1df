import { MIN_CALL_MS, StoppedWaiting, type Deadline } from './deadline.js';
import type { SfmcError } from './sfmc-error.js';

/**
 * When a failed SFMC call is sent again, as its endpoint's resend rule says
 * (`endpoints.ts`). SFMC has no idempotency key, so a write is resent only when SFMC
 * provably did not process it; reads (and the token request) may also be resent after
 * an ambiguous failure. Every wait stays inside the request's deadline.
 */

/** What a failed attempt says about sending it again. */
export type RetryHint =
  /** Nothing reached SFMC (connect failure): resend after a jittered backoff. */
  | { kind: 'not-sent' }
  /** SFMC refused to process it and said when to come back (429/503 with Retry-After). */
  | { kind: 'come-back'; afterMs: number }
  /** SFMC may have processed it (reset, timeout, 500/502/504, unreadable body): only reads are resent. */
  | { kind: 'ambiguous' }
  /** A deterministic answer: sending it again changes nothing. */
  | { kind: 'final' };

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: SfmcError; hint: RetryHint };

/** Hears of each retry, after its wait and just before it is sent. */
export interface RetryListener {
  retrying(hint: RetryHint): void;
}

export interface RetrySettings {
  maxRetries: number;
  /** Backoff of the first retry before jitter; doubles per retry. Default 100 ms. */
  baseMs?: number;
  /** Largest backoff before jitter. Default 2 s. */
  capMs?: number;
  /** Default Math.random; a test may pin it. */
  random?: () => number;
}

export class RetryPolicy {
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(private readonly settings: RetrySettings) {
    this.baseMs = settings.baseMs ?? 100;
    this.capMs = settings.capMs ?? 2_000;
    this.random = settings.random ?? Math.random;
  }

  /** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(retry-1))). */
  backoffMs(retry: number): number {
    return Math.floor(this.random() * Math.min(this.capMs, this.baseMs * 2 ** (retry - 1)));
  }

  /** The wait before retry number `retry` (1-based), or undefined when the failure is not retried. */
  delayBefore(retry: number, hint: RetryHint, remainingMs: number, idempotent: boolean): number | undefined {
    if (retry > this.settings.maxRetries) return undefined;
    let delay: number | undefined;
    if (hint.kind === 'come-back') delay = hint.afterMs;
    else if (hint.kind === 'not-sent' || (hint.kind === 'ambiguous' && idempotent)) delay = this.backoffMs(retry);
    return delay !== undefined && delay + MIN_CALL_MS <= remainingMs ? delay : undefined;
  }

  /**
   * Runs `attempt` until it succeeds or its failure is not to be retried; throws the last failure.
   * `listener` hears of each retry.
   */
  async run<T>(
    deadline: Deadline,
    idempotent: boolean,
    attempt: () => Promise<Attempt<T>>,
    listener?: RetryListener,
  ): Promise<T> {
    for (let retry = 1; ; retry += 1) {
      const result = await attempt();
      if (result.ok) return result.value;
      const delay = this.delayBefore(retry, result.hint, deadline.remainingMs(), idempotent);
      if (delay === undefined) throw result.error;
      try {
        await deadline.sleep(delay);
      } catch (error) {
        throw error instanceof StoppedWaiting ? result.error : error;
      }
      listener?.retrying(result.hint);
    }
  }
}
