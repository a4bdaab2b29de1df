/**
 * State that several instances behind a load balancer must share: idempotency records and
 * rate-limit budgets. In memory by default (nothing to install; one instance's view only);
 * Redis when `REDIS_URL` is set (`redis-store.ts`). Values are strings (JSON where structured);
 * every key expires, so nothing grows without bound.
 *
 * A store that cannot answer (Redis down, or slower than its timeout) rejects with
 * `StateUnavailable`, quickly: callers catch it and degrade (the rate limit lets the request
 * through, idempotency goes unchecked) rather than fail or wait.
 */
export interface StateStore {
  /** Where the state lives: `memory` (this instance only) or `redis` (shared). */
  readonly kind: 'memory' | 'redis';
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` unless the key is present; answers whether it stored it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` (default one) to the counter under `key`, atomically across instances. The first increment
   * starts it at `by` with `ttlMs` to live; later ones keep that expiry (a fixed window). Answers the count
   * and how long the window has left.
   */
  increment(key: string, ttlMs: number, by?: number): Promise<{ count: number; ttlMs: number }>;
  /** `increment` answered at once, by a store that needs no I/O for it (memory); absent otherwise. */
  incrementNow?(key: string, ttlMs: number, by?: number): { count: number; ttlMs: number };
  /** Whether the store answers now (Redis: a PING within the timeout); for `/ready`. Never rejects. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** What a store does, as the `operation` label of `state_store_errors_total`. */
export type StateOperation = 'get' | 'setIfAbsent' | 'set' | 'delete' | 'increment' | 'ping';

/** The store did not answer `operation` (unreachable, or slower than its timeout): degrade, do not fail. */
export class StateUnavailable extends Error {
  constructor(
    readonly operation: StateOperation,
    reason: string,
  ) {
    super(`State store unavailable (${operation}): ${reason}`);
    this.name = 'StateUnavailable';
  }
}

/** Told when a shared store fails an operation, or turns unavailable or available again (metrics and logs). */
export interface StateObserver {
  onStateError?(operation: StateOperation): void;
  /** `reason` says why it turned unavailable (never a credential); undefined when it is back. */
  onStateAvailability?(available: boolean, reason?: string): void;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** The zero-install store: a Map with expiry, bounded so a flood of keys cannot exhaust memory. */
export class MemoryStore implements StateStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<{ count: number; ttlMs: number }> {
    return this.incrementNow(key, ttlMs, by);
  }

  incrementNow(key: string, ttlMs: number, by = 1): { count: number; ttlMs: number } {
    const entry = this.live(key);
    if (!entry) {
      this.put(key, String(by), ttlMs);
      return { count: by, ttlMs };
    }
    const count = Number(entry.value) + by;
    entry.value = String(count);
    return { count, ttlMs: entry.expiresAt - this.now() };
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, value: string, ttlMs: number): void {
    this.entries.delete(key); // re-inserted last: the Map's order is the eviction order
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  /** Drops expired entries; when none had expired, the oldest insertion. */
  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
