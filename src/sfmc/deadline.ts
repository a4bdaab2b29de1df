/**
 * The time budget of one GraphQL request towards SFMC. Every call it makes (the
 * token request included), every wait for a slot and every retry wait ends by the
 * deadline; an exchange still in flight then is aborted (`transport.ts`).
 */

/**
 * An exchange is not started with less time than this left: it could hardly finish,
 * and a PATCH cut off mid-flight is an unknown outcome made by this service.
 */
export const MIN_CALL_MS = 100;

/**
 * What the deadline reads of the caller's cancellation: an `AbortSignal` fits. The hot
 * path passes a plainer object, because creating an `AbortSignal` and listening to it
 * (EventTarget) is costly on Node 20 next to the SFMC client's own work (docs/performance.md).
 */
export interface CallerSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options: { once: true }): void;
}

/** Thrown when the caller stopped waiting before the exchange it waited for was sent. */
export class StoppedWaiting extends Error {
  constructor(readonly why: 'deadline' | 'cancelled') {
    super(why === 'deadline' ? 'The request deadline passed.' : 'The caller went away.');
    this.name = 'StoppedWaiting';
  }
}

/** Something under way that the deadline stops once: at the deadline, or when the caller goes away. */
export interface Step {
  stop(): void;
}

/**
 * A time budget with no standing timer: each step (an exchange, a wait) has its own
 * timer, cleared when the step ends. (An `AbortSignal.timeout` per request
 * would live for the whole budget, and memory grew with throughput × budget.)
 */
export class Deadline {
  private cancelled = false;
  private expired = false;
  /** The steps under way (a wait, an exchange): each is stopped once, at the deadline or when the caller goes away. */
  private readonly steps = new Set<Step>();

  constructor(
    /** Absolute, in `Date.now()` milliseconds. */
    readonly at: number,
    private readonly caller?: CallerSignal,
  ) {
    // One listener per deadline, not one per step: EventTarget listeners are costly on Node 20.
    caller?.addEventListener(
      'abort',
      () => {
        this.cancelled = true;
        for (const step of this.steps) step.stop();
      },
      { once: true },
    );
  }

  static after(ms: number, caller?: CallerSignal): Deadline {
    return new Deadline(Date.now() + ms, caller);
  }

  remainingMs(): number {
    return this.stopped ? 0 : Math.max(0, this.at - Date.now());
  }

  /**
   * Why the budget ended, once it has. Told by this object's own flags: Yoga's request
   * signal (a whatwg-node ponyfill) can fire `abort` while still reading `aborted === false`.
   */
  get stopped(): StoppedWaiting['why'] | undefined {
    if (this.cancelled || this.caller?.aborted) return 'cancelled';
    if (this.expired || Date.now() >= this.at) return 'deadline';
    return undefined;
  }

  /** Why no exchange should start now: the budget ended, or too little time is left for one. */
  get tooLateToSend(): StoppedWaiting['why'] | undefined {
    return this.stopped ?? (this.remainingMs() < MIN_CALL_MS ? 'deadline' : undefined);
  }

  /**
   * Starts `step` (`race`'s wait here, an exchange in `transport.ts`): it is stopped once, at the
   * deadline or when the caller goes away (at once if either happened already), unless `end` comes
   * first. Returns the step's timer, for `end`. The timer's callback is given the deadline and the
   * step as arguments, so a step costs no closure.
   */
  begin(step: Step): NodeJS.Timeout | undefined {
    if (this.stopped) {
      step.stop();
      return undefined;
    }
    this.steps.add(step);
    return setTimeout(Deadline.expire, this.at - Date.now(), this, step);
  }

  /** `step` is over: it is no longer stopped at the deadline. */
  end(step: Step, timer: NodeJS.Timeout | undefined): void {
    clearTimeout(timer);
    this.steps.delete(step);
  }

  /** A step's timer: the deadline passed while `step` was under way. */
  private static expire(this: void, deadline: Deadline, step: Step): void {
    deadline.expired = true;
    step.stop();
  }

  /** `work`'s outcome, or StoppedWaiting as soon as the deadline passes (`work` keeps running). */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const step = { stop: () => reject(new StoppedWaiting(this.stopped ?? 'deadline')) };
      const timer = this.begin(step);
      work.then(resolve, reject).finally(() => this.end(step, timer));
    });
  }

  /** Waits `ms`, or rejects with StoppedWaiting when the deadline comes first. */
  sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return this.race(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))).finally(() => clearTimeout(timer));
  }
}

/**
 * One deadline per GraphQL request without the schema passing one: calls made with
 * the same request signal share the deadline the first of them started.
 */
export class RequestDeadlines {
  private readonly bySignal = new WeakMap<CallerSignal, Deadline>();

  constructor(private readonly budgetMs: number) {}

  for(options: { deadline?: number | undefined; signal?: CallerSignal | undefined }): Deadline {
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
