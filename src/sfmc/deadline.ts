/**
 * The time budget of one GraphQL request towards SFMC. Every call it makes (the
 * token request included), every wait for a slot and every retry wait ends by the
 * deadline; an exchange still in flight then is aborted through `signal`.
 */

/**
 * An exchange is not started with less time than this left: it could hardly finish,
 * and a PATCH cut off mid-flight is an unknown outcome made by this service.
 */
export const MIN_CALL_MS = 100;

/** Thrown when the caller stopped waiting before the exchange it waited for was sent. */
export class StoppedWaiting extends Error {
  constructor(readonly why: 'deadline' | 'cancelled') {
    super(why === 'deadline' ? 'The request deadline passed.' : 'The caller went away.');
    this.name = 'StoppedWaiting';
  }
}

export class Deadline {
  /** Aborts at the deadline or when the caller's own signal aborts, whichever is first. */
  readonly signal: AbortSignal;
  private readonly timeout: AbortSignal;

  constructor(
    /** Absolute, in `Date.now()` milliseconds. */
    readonly at: number,
    caller?: AbortSignal,
  ) {
    this.timeout = AbortSignal.timeout(Math.max(0, at - Date.now()));
    this.signal = caller ? AbortSignal.any([caller, this.timeout]) : this.timeout;
  }

  static after(ms: number, caller?: AbortSignal): Deadline {
    return new Deadline(Date.now() + ms, caller);
  }

  remainingMs(): number {
    return this.signal.aborted ? 0 : Math.max(0, this.at - Date.now());
  }

  /**
   * Why the signal aborted, once it has. Told by the timeout, not the caller's signal:
   * Yoga's request signal (a whatwg-node ponyfill) can abort the combined signal while
   * still reading `aborted === false` itself.
   */
  get stopped(): StoppedWaiting['why'] | undefined {
    if (!this.signal.aborted) return undefined;
    return this.timeout.aborted ? 'deadline' : 'cancelled';
  }

  /** Why no exchange should start now: the signal aborted, or too little time is left for one. */
  get tooLateToSend(): StoppedWaiting['why'] | undefined {
    return this.stopped ?? (this.remainingMs() < MIN_CALL_MS ? 'deadline' : undefined);
  }

  /** `work`'s outcome, or StoppedWaiting as soon as the deadline passes (`work` keeps running). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new StoppedWaiting(this.stopped ?? 'deadline'));
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(new StoppedWaiting(this.stopped ?? 'deadline'));
      this.signal.addEventListener('abort', stop, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', stop));
    });
  }

  /** Waits `ms`, or rejects with StoppedWaiting when the deadline comes first. */
  sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return this.race(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))).finally(() =>
      clearTimeout(timer),
    );
  }
}

/**
 * One deadline per GraphQL request without the schema passing one: calls made with
 * the same request signal share the deadline the first of them started.
 */
export class RequestDeadlines {
  private readonly bySignal = new WeakMap<AbortSignal, Deadline>();

  constructor(private readonly budgetMs: number) {}

  for(options: { deadline?: number | undefined; signal?: AbortSignal | undefined }): Deadline {
    const { deadline, signal } = options;
    if (deadline !== undefined) return new Deadline(deadline, signal);
    if (signal === undefined) return Deadline.after(this.budgetMs);
    let shared = this.bySignal.get(signal);
    if (shared === undefined) {
      shared = Deadline.after(this.budgetMs, signal);
      this.bySignal.set(signal, shared);
    }
    return shared;
  }
}
