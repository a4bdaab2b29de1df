import type { GraphQLError } from 'graphql';
import { budgetSpentToday, type ReadAllowance } from '../sfmc/call-allowance.js';
import type { EndpointName } from '../sfmc/endpoints.js';
import { StateUnavailable, type StateStore } from '../state/store.js';
import type { Logger } from './logger.js';
import type { BudgetPolicy, CallAllowance, SfmcUsageSettings } from './settings.js';

const DAY_MS = 86_400_000;
/** Warnings, each logged once per UTC day (once across instances when the store is shared). */
const THRESHOLDS = [80, 95] as const;
/** Counters outlive their period a little, so a late scrape or usage query still finds them. */
const DAY_KEY_TTL_MS = 2 * DAY_MS;
const MONTH_KEY_TTL_MS = 33 * DAY_MS;

/** The daily budget an allowance gives: a yearly one spread over 365 days (2,000,000 a year: 5,479 a day). */
export function dailyBudget({ calls, per }: CallAllowance): number {
  return per === 'day' ? calls : Math.floor(calls / 365);
}

/** One period's count, as `Query.sfmcUsage` shows it. */
export interface UsagePeriod {
  /** When the period began (UTC), ISO 8601. */
  startedAt: string;
  /** When its count resets (UTC), ISO 8601. */
  resetAt: string;
  used: number;
  /** The period's budget; undefined without an allowance. */
  limit: number | undefined;
}

/** Today, this month and where they are heading at the pace so far. */
export interface SfmcUsage {
  today: UsagePeriod;
  thisMonth: UsagePeriod;
  projectedToday: number;
  projectedThisMonth: number;
}

/**
 * What this instance counted since it started, by endpoint, in its own memory: the day and month keys are the
 * tenant's (every instance's, and lost while the store does not answer), this is what the tests compare with
 * the emulator's call log.
 */
export interface SfmcCallsCounted {
  /** Every call, token requests included. */
  calls: number;
  tokenRequests: number;
  byEndpoint: Partial<Record<EndpointName, number>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The UTC day and month `now` falls in: their keys, starts and ends. */
type Periods = ReturnType<typeof periodsAt>;

function periodsAt(now: number) {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dayStart = Date.UTC(year, month, date.getUTCDate());
  const monthStart = Date.UTC(year, month, 1);
  const monthEnd = Date.UTC(year, month + 1, 1);
  const day = iso(dayStart).slice(0, 10);
  return {
    day: { key: `sfmc-usage:day:${day}`, label: day, start: dayStart, end: dayStart + DAY_MS },
    month: { key: `sfmc-usage:month:${day.slice(0, 7)}`, start: monthStart, end: monthEnd },
  };
}

/** `used` so far in [start, end) scaled to the whole period at the same pace. */
const projected = (used: number, start: number, end: number, now: number) =>
  Math.round((used * (end - start)) / Math.max(now - start, 60_000));

/**
 * The SFMC calls the tenant pays for, counted per UTC day and per month on the state store (memory, or
 * Redis shared by every instance: `sfmc-usage:` keys), against SFMC_CALL_ALLOWANCE. The request plugin
 * (`sfmc-call-count.ts`) records each request's calls once its execution is over. What is left today is
 * known from the store's last answer to this instance (the gauge reads the store at each scrape); the
 * warnings at 80 % and 95 % are logged once a day; with SFMC_BUDGET_POLICY=refuse-reads a spent day
 * refuses reads (`refuseRead`, asked by the request's `ContactsSource`), never writes.
 * A store that does not answer loses those counts (the Prometheus counter keeps them): requests never wait on it.
 */
export class SfmcLedger implements ReadAllowance {
  /** Today's count as the store last answered it, and which day that was. */
  private known = { day: '', used: 0 };
  private readonly budget: number | undefined;
  /** The day and month of the last count: every request that called SFMC records, and the keys change once a day. */
  private current: Periods | undefined;
  /** Every call this instance recorded, by endpoint: never reset, never shared with other instances. */
  private readonly counted = new Map<EndpointName, number>();
  /** Calls recorded and not yet told to the store, and the flush that will tell it (`record`). */
  private pending = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly settings: SfmcUsageSettings,
    private readonly store: StateStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = settings.allowance && dailyBudget(settings.allowance);
  }

  /** What a spent day changes (SFMC_BUDGET_POLICY). */
  get policy(): BudgetPolicy {
    return this.settings.policy;
  }

  /**
   * Counts SFMC calls (token requests included) for today and this month. Never rejects. The store is told once per
   * turn of the event loop, for every request that recorded in it (two increments a turn, not two a request); the
   * promise settles once that is done.
   */
  record(made: readonly { endpoint: EndpointName }[]): Promise<void> {
    const calls = made.length;
    if (calls === 0) return Promise.resolve();
    for (const { endpoint } of made) this.counted.set(endpoint, (this.counted.get(endpoint) ?? 0) + 1);
    this.pending += calls;
    this.flushing ??= new Promise((resolve) => setImmediate(() => resolve(this.flush())));
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const calls = this.pending;
    this.pending = 0;
    this.flushing = undefined;
    const { day, month } = this.periods(this.now());
    try {
      const [today] = await Promise.all([
        this.store.increment(day.key, DAY_KEY_TTL_MS, calls),
        this.store.increment(month.key, MONTH_KEY_TTL_MS, calls),
      ]);
      this.learn(day.label, today.count);
      this.warnOnCrossing(today.count - calls, today.count);
    } catch (error) {
      // Nobody awaits this: an unexpected failure is logged rather than left unhandled.
      if (!(error instanceof StateUnavailable)) {
        this.logger.log('error', 'sfmc.ledger', { message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /** What this instance recorded since it started (whether the store answered or not). */
  countedHere(): SfmcCallsCounted {
    const byEndpoint = Object.fromEntries(this.counted);
    const calls = [...this.counted.values()].reduce((sum, n) => sum + n, 0);
    return { calls, tokenRequests: this.counted.get('token') ?? 0, byEndpoint };
  }

  private periods(now: number): Periods {
    const current = this.current;
    if (current && now >= current.day.start && now < current.day.end) return current;
    return (this.current = periodsAt(now));
  }

  /** Calls left today (never below zero), read from the store; undefined without an allowance. */
  async remainingToday(): Promise<number | undefined> {
    if (this.budget === undefined) return undefined;
    await this.flushing;
    const used = await this.usedToday();
    return Math.max(0, this.budget - used);
  }

  /** Today, this month and the projections, from the store (zero for a count it cannot read). */
  async usage(): Promise<SfmcUsage> {
    await this.flushing;
    const now = this.now();
    const { day, month } = this.periods(now);
    const [today, thisMonth] = await Promise.all([this.count(day.key), this.count(month.key)]);
    const days = Math.round((month.end - month.start) / DAY_MS);
    return {
      today: { startedAt: iso(day.start), resetAt: iso(day.end), used: today, limit: this.budget },
      thisMonth: {
        startedAt: iso(month.start),
        resetAt: iso(month.end),
        used: thisMonth,
        limit: this.budget === undefined ? undefined : this.budget * days,
      },
      projectedToday: projected(today, day.start, day.end, now),
      projectedThisMonth: projected(thisMonth, month.start, month.end, now),
    };
  }

  refuseRead(): GraphQLError | undefined {
    if (this.settings.policy !== 'refuse-reads' || this.budget === undefined) return undefined;
    const { day } = this.periods(this.now());
    if (this.known.day !== day.label || this.known.used < this.budget) return undefined;
    return budgetSpentToday(this.budget, iso(day.end));
  }

  private async usedToday(): Promise<number> {
    const { day } = this.periods(this.now());
    const used = await this.count(day.key);
    this.learn(day.label, used);
    return used;
  }

  /** Keeps the highest count the store answered for `day`: answers to concurrent increments may arrive out of order. */
  private learn(day: string, used: number): void {
    if (this.known.day !== day || used > this.known.used) this.known = { day, used };
  }

  private async count(key: string): Promise<number> {
    try {
      return Number((await this.store.get(key)) ?? 0);
    } catch (error) {
      if (!(error instanceof StateUnavailable)) throw error;
      return 0;
    }
  }

  /**
   * Logs each threshold this increment took the day's count past. The store's increments are atomic, so
   * each one covers counts no other covers: one instance (and one request) crosses a threshold, once a day.
   */
  private warnOnCrossing(before: number, after: number): void {
    const { budget } = this;
    if (budget === undefined) return;
    for (const percent of THRESHOLDS) {
      const at = Math.ceil((budget * percent) / 100);
      if (before >= at || after < at) continue;
      this.logger.log('warn', 'sfmc.allowance', {
        message: `${percent} % of today's SFMC call allowance is used (${after} of ${budget}).`,
        percent,
        used: after,
        limit: budget,
        policy: this.settings.policy,
      });
    }
  }
}
